import { useApp } from '../app-context.ts';
import { type CursorPager, hasPreviousPage, nextPage, previousPage } from '../lib/pager.ts';

export function PagerControls(props: {
  pager: CursorPager;
  nextCursor: string | null;
  onChange: (pager: CursorPager) => void;
  label: string;
}) {
  const { t } = useApp();
  return (
    <nav class="pager" aria-label={props.label}>
      <button
        type="button"
        disabled={!hasPreviousPage(props.pager)}
        onClick={() => props.onChange(previousPage(props.pager))}
      >
        {t('pager.previous')}
      </button>
      <span>{t('pager.page', { page: props.pager.index + 1 })}</span>
      <button
        type="button"
        disabled={props.nextCursor === null}
        onClick={() => props.onChange(nextPage(props.pager, props.nextCursor))}
      >
        {t('pager.next')}
      </button>
    </nav>
  );
}
