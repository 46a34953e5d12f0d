import { useEffect } from 'preact/hooks';
import type { CatalogueReport } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { useLoad } from '../hooks/use-load.ts';
import { ColumnsPanel } from './columns-panel.tsx';
import { FindingsPanel } from './findings-panel.tsx';

const POLL_MILLISECONDS = 2000;

/** One upload's report: counts, every finding, how each column was read (and fixing it). */
export function Report(props: { catalogueId: string }) {
  const app = useApp();
  const { t } = app;
  const [loaded, reload] = useLoad(
    () => app.api.getCatalogue(app.session.producerId, props.catalogueId, { limit: 1 }),
    [props.catalogueId],
  );
  const pending =
    loaded.state === 'ready' &&
    (loaded.value.status === 'PROCESSING' || loaded.value.status === 'AWAITING_UPLOAD');
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, POLL_MILLISECONDS);
    return () => clearTimeout(timer);
  }, [pending, loaded]);

  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'failed') return <ErrorNotice error={loaded.error} />;
  const report = loaded.value;
  return (
    <article aria-labelledby="report-title">
      <h1 id="report-title">{t('report.title', { name: report.fileName ?? report.catalogueId })}</h1>
      <ReportFacts report={report} />
      {pending ? (
        <div class="progress" role="status">
          <label for="report-progress">
            {report.rowsRead === undefined
              ? t('upload.processing')
              : t('upload.processingRows', { rows: app.number(report.rowsRead) })}
          </label>
          <progress id="report-progress" />
        </div>
      ) : null}
      {report.status === 'FAILED' && report.error ? (
        <div class="notice notice-error" role="alert">
          <p>
            {app.message(report.error)} <code>{report.error.code}</code>
          </p>
          {report.error.line !== null ? <p>{t('report.failedLine', { line: report.error.line })}</p> : null}
        </div>
      ) : null}
      {report.rows ? <RowSummary report={report} /> : null}
      {!pending && report.status !== 'FAILED' ? (
        <>
          <FindingsPanel report={report} />
          <ColumnsPanel report={report} />
        </>
      ) : null}
    </article>
  );
}

function ReportFacts(props: { report: CatalogueReport }) {
  const { t, dateTime } = useApp();
  const { report } = props;
  const facts: [string, string][] = [
    [t('report.received'), dateTime(report.receivedAt)],
    [t('uploads.status'), report.status ? t(`status.${report.status}`) : t('status.DONE')],
    [t('report.mode'), t(`mode.${report.mode}`)],
    [t('upload.format'), report.format.toUpperCase()],
  ];
  if (report.sheet) facts.push([t('report.sheet'), report.sheet]);
  if (typeof report.headerRow === 'number') facts.push([t('report.headerRow'), String(report.headerRow)]);
  if (report.source && report.source !== 'table') facts.push([t('report.source'), report.source]);
  if (typeof report.profileVersion === 'number')
    facts.push([t('report.profileVersion'), String(report.profileVersion)]);
  return (
    <>
      <dl class="facts">
        {facts.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {report.reportUrl ? (
        <p>
          <a href={report.reportUrl} download>
            {t('report.fullReport')}
          </a>
        </p>
      ) : null}
    </>
  );
}

function RowSummary(props: { report: CatalogueReport }) {
  const { t, number } = useApp();
  const { rows, changes } = props.report;
  if (!rows) return null;
  const counts: [string, number, string][] = [
    [t('report.accepted'), rows.accepted, 'count-accepted'],
    [t('report.rejected'), rows.rejected, 'count-rejected'],
    [t('report.skipped'), rows.skipped ?? 0, 'count-skipped'],
  ];
  return (
    <section aria-labelledby="rows-title">
      <h2 id="rows-title">{t('report.rows', { total: number(rows.total) })}</h2>
      <ul class="counts">
        {counts.map(([name, value, className]) => (
          <li key={name} class={className}>
            <strong>{number(value)}</strong> {name}
          </li>
        ))}
      </ul>
      {changes ? (
        <p class="muted">
          {t('report.changes', {
            created: number(changes.created),
            updated: number(changes.updated),
            unchanged: number(changes.unchanged),
            delisted: number(changes.delisted),
          })}
        </p>
      ) : null}
    </section>
  );
}
