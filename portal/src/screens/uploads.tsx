import { useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { PagerControls } from '../components/pager-controls.tsx';
import { StackTable } from '../components/stack-table.tsx';
import { useLoad } from '../hooks/use-load.ts';
import { currentCursor, firstPage } from '../lib/pager.ts';

const PAGE_SIZE = 20;

/** Earlier uploads, newest first, each linking to its report. */
export function Uploads() {
  const app = useApp();
  const { t, number, dateTime } = app;
  const [pager, setPager] = useState(firstPage);
  const [loaded] = useLoad(
    () => app.api.listCatalogues(app.session.producerId, { limit: PAGE_SIZE, cursor: currentCursor(pager) }),
    [pager],
  );
  return (
    <section aria-labelledby="uploads-title">
      <h1 id="uploads-title">{t('uploads.title')}</h1>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.state === 'ready' ? (
        loaded.value.items.length === 0 ? (
          <p>
            {t('uploads.none')} <Link to={{ name: 'upload' }}>{t('nav.upload')}</Link>
          </p>
        ) : (
          <>
            <StackTable
              caption={t('uploads.title')}
              columns={[
                t('uploads.received'),
                t('uploads.file'),
                t('uploads.status'),
                t('report.accepted'),
                t('report.rejected'),
                t('uploads.findings'),
              ]}
            >
              {loaded.value.items.map((item) => (
                <tr key={item.catalogueId}>
                  <td data-label={t('uploads.received')}>
                    <Link to={{ name: 'report', catalogueId: item.catalogueId }}>
                      {dateTime(item.receivedAt)}
                    </Link>
                  </td>
                  <td data-label={t('uploads.file')}>
                    <span>
                      {item.fileName ?? item.catalogueId}{' '}
                      <span class="muted">
                        {item.format.toUpperCase()} · {t(`mode.${item.mode}`)}
                      </span>
                    </span>
                  </td>
                  <td data-label={t('uploads.status')}>{t(`status.${item.status}`)}</td>
                  <td data-label={t('report.accepted')}>{item.rows ? number(item.rows.accepted) : '–'}</td>
                  <td data-label={t('report.rejected')}>{item.rows ? number(item.rows.rejected) : '–'}</td>
                  <td data-label={t('uploads.findings')}>
                    {t('uploads.counts', {
                      errors: number(item.errorCount),
                      warnings: number(item.warningCount),
                    })}
                  </td>
                </tr>
              ))}
            </StackTable>
            <PagerControls
              label={t('uploads.pages')}
              pager={pager}
              nextCursor={loaded.value.nextCursor}
              onChange={setPager}
            />
          </>
        )
      ) : null}
    </section>
  );
}
