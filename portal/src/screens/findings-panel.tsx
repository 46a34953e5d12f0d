import { useState } from 'preact/hooks';
import { CODE_MESSAGES } from '../../../functions/core/messages/code-messages.ts';
import { ApiError } from '../api/client.ts';
import type { CatalogueReport, FindingWithSeverity, Severity } from '../api/types.ts';
import { type AppServices, useApp } from '../app-context.ts';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { PagerControls } from '../components/pager-controls.tsx';
import { StackTable } from '../components/stack-table.tsx';
import { useLoad } from '../hooks/use-load.ts';
import { toCsv } from '../lib/csv.ts';
import {
  channelFindings,
  type FindingFilters,
  findingRows,
  matchesFilters,
  NO_FILTERS,
} from '../lib/findings.ts';
import { collectAllPages, currentCursor, firstPage, type Page } from '../lib/pager.ts';
import { saveFile } from '../lib/save-file.ts';

const PAGE_SIZE = 50;
const DOWNLOAD_PAGE_SIZE = 1000;
/** A download past this many findings would hold too much in a phone's memory. */
const DOWNLOAD_MAX_FINDINGS = 200_000;
/** "" is the reading of the file itself; any other value a channel's verdicts on the upload's items. */
type FindingSource = string;

interface FindingsPageView extends Page<FindingWithSeverity> {
  /** Matching the filters, when the server counted them. */
  total: number | null;
  /** The server has no findings route yet: these are the report's first findings only. */
  partial: boolean;
}

function sourcePage(
  app: AppServices,
  report: CatalogueReport,
  source: FindingSource,
  filters: FindingFilters,
  limit: number,
) {
  const producerId = app.session.producerId;
  return async (cursor: string | null): Promise<FindingsPageView> => {
    if (source) {
      const page = await app.api.getCatalogue(producerId, report.catalogueId, { limit, cursor });
      const items = channelFindings(page.channels?.[source]?.items ?? []).filter((f) =>
        matchesFilters(f, filters),
      );
      return { items, nextCursor: page.nextCursor ?? null, total: null, partial: false };
    }
    try {
      const page = await app.api.listFindings(producerId, report.catalogueId, { ...filters, limit, cursor });
      return { items: page.items, nextCursor: page.nextCursor, total: page.total, partial: false };
    } catch (error) {
      if (!(error instanceof ApiError && error.routeMissing)) throw error;
      const held: FindingWithSeverity[] = [
        ...report.errors.map((finding) => ({ ...finding, severity: 'error' as const })),
        ...report.warnings.map((finding) => ({ ...finding, severity: 'warning' as const })),
      ].filter((finding) => matchesFilters(finding, filters));
      return { items: held, nextCursor: null, total: held.length, partial: true };
    }
  };
}

/** Every finding of the upload, filtered and paginated, in the chosen language; downloadable as CSV. */
export function FindingsPanel(props: { report: CatalogueReport }) {
  const app = useApp();
  const { t, number } = app;
  const channels = Object.keys(props.report.channels ?? {});
  const [source, setSource] = useState<FindingSource>('');
  const [filters, setFilters] = useState<FindingFilters>(NO_FILTERS);
  const [draft, setDraft] = useState<FindingFilters>(NO_FILTERS);
  const [pager, setPager] = useState(firstPage);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  const [loaded] = useLoad(
    () => sourcePage(app, props.report, source, filters, PAGE_SIZE)(currentCursor(pager)),
    [source, filters, pager],
  );

  const severityName = (severity: Severity) =>
    t(severity === 'error' ? 'findings.error' : 'findings.warning');

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    try {
      const { items } = await collectAllPages(
        sourcePage(app, props.report, source, filters, DOWNLOAD_PAGE_SIZE),
        {
          maxItems: DOWNLOAD_MAX_FINDINGS,
        },
      );
      const header = [
        t('findings.row'),
        t('findings.sku'),
        t('findings.field'),
        t('findings.code'),
        t('findings.severity'),
        t('findings.message'),
      ];
      const csv = toCsv(header, findingRows(items, app.message, severityName));
      const suffix = source ? `-${source}` : '';
      saveFile(
        new Blob([csv], { type: 'text/csv;charset=utf-8' }),
        `findings-${props.report.catalogueId}${suffix}.csv`,
      );
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  }

  const field = (name: keyof FindingFilters, label: string, extra: Record<string, string> = {}) => (
    <div class="filter">
      <label for={`filter-${name}`}>{label}</label>
      <input
        id={`filter-${name}`}
        value={draft[name]}
        autoCapitalize="none"
        spellcheck={false}
        {...extra}
        onInput={(event) => setDraft({ ...draft, [name]: event.currentTarget.value.trim() })}
      />
    </div>
  );

  return (
    <section aria-labelledby="findings-title">
      <h2 id="findings-title">{t('findings.title')}</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
          setPager(firstPage);
        }}
      >
        <div class="filter">
          <label for="filter-source">{t('findings.source')}</label>
          <select
            id="filter-source"
            value={source}
            onChange={(event) => {
              setSource(event.currentTarget.value);
              setPager(firstPage);
            }}
          >
            <option value="">{t('findings.sourceFile')}</option>
            {channels.map((channel) => (
              <option key={channel} value={channel}>
                {t('findings.sourceChannel', { channel })}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="filter-severity">{t('findings.severity')}</label>
          <select
            id="filter-severity"
            value={draft.severity}
            onChange={(event) => setDraft({ ...draft, severity: event.currentTarget.value as Severity | '' })}
          >
            <option value="">{t('findings.all')}</option>
            <option value="error">{t('findings.errors')}</option>
            <option value="warning">{t('findings.warnings')}</option>
          </select>
        </div>
        {field('code', t('findings.code'), { list: 'finding-codes' })}
        <datalist id="finding-codes">
          {Object.keys(CODE_MESSAGES.en).map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        {field('field', t('findings.field'))}
        {field('sku', t('findings.searchSku'), { type: 'search' })}
        <button type="submit">{t('findings.apply')}</button>
      </form>

      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.state === 'ready' ? (
        <>
          <p role="status">
            {loaded.value.total === null
              ? t('findings.shown', { count: number(loaded.value.items.length) })
              : t('findings.total', { count: number(loaded.value.total) })}
            {loaded.value.partial ? ` ${t('findings.partial')}` : ''}
          </p>
          {loaded.value.items.length > 0 ? <FindingsTable findings={loaded.value.items} /> : null}
          <PagerControls
            label={t('findings.pages')}
            pager={pager}
            nextCursor={loaded.value.nextCursor}
            onChange={setPager}
          />
        </>
      ) : null}
      <p>
        <button type="button" onClick={() => void download()} disabled={downloading}>
          {downloading ? t('common.loading') : t('findings.download')}
        </button>
      </p>
      {downloadError ? <ErrorNotice error={downloadError} /> : null}
    </section>
  );
}

function FindingsTable(props: { findings: readonly FindingWithSeverity[] }) {
  const app = useApp();
  const { t } = app;
  return (
    <StackTable
      caption={t('findings.title')}
      columns={[
        t('findings.row'),
        t('findings.sku'),
        t('findings.field'),
        t('findings.code'),
        t('findings.message'),
      ]}
      class="findings"
    >
      {props.findings.map((finding, index) => (
        <tr
          key={`${finding.row}-${finding.sku}-${finding.code}-${index}`}
          class={`severity-${finding.severity}`}
        >
          <td data-label={t('findings.row')}>{finding.row ?? '–'}</td>
          <td data-label={t('findings.sku')}>{finding.sku ?? '–'}</td>
          <td data-label={t('findings.field')}>{finding.field ?? '–'}</td>
          <td data-label={t('findings.code')}>
            {/* One child per cell: the phone layout puts the label and the value side by side. */}
            <span>
              <span class={`badge badge-${finding.severity}`}>
                {t(finding.severity === 'error' ? 'findings.error' : 'findings.warning')}
              </span>{' '}
              <code>{finding.code}</code>
            </span>
          </td>
          <td data-label={t('findings.message')}>{app.message(finding)}</td>
        </tr>
      ))}
    </StackTable>
  );
}
