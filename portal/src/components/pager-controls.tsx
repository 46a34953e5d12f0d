import { useApp } from '../app-context.ts';
import { type CursorPager, hasPreviousPage } from '../lib/pager.ts';

export function PagerControls(props: {
  pager: CursorPager;
  nextCursor: string | null;
  onPrevious: () => void;
  onNext: () => void;
  label: string;
}) {
  const { t } = useApp();
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" disabled={!hasPreviousPage(props.pager)} onClick={props.onPrevious}>
        {t('pager.previous')}
      </button>
      <span>{t('pager.page', { page: props.pager.index + 1 })}</span>
      <button type="button" disabled={props.nextCursor === null} onClick={props.onNext}>
        {t('pager.next')}
      </button>
    </nav>
  );
}
