import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import type { CatalogueReport, ColumnReading, ProfileDocument, ProfileRecord } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { StackTable } from '../components/stack-table.tsx';
import { useLoad } from '../hooks/use-load.ts';
import { withColumn, withDefault } from '../profile/profile-edit.ts';
import {
  columnFieldChoices,
  EDITABLE_DEFAULTS,
  type EditableDefault,
  PROFILE_CURRENCIES,
  PROFILE_DISTRICTS,
  PROFILE_PRODUCT_TYPES,
} from '../profile/profile-fields.ts';

const DEFAULT_CHOICES: Readonly<Record<EditableDefault, readonly string[]>> = {
  currency: PROFILE_CURRENCIES,
  productType: PROFILE_PRODUCT_TYPES,
  district: PROFILE_DISTRICTS,
};

/**
 * How each column was read, a field picker per column, the profile's defaults, saving the profile
 * (every problem shown on 400) and reading the same file again with it.
 */
export function ColumnsPanel(props: { report: CatalogueReport }) {
  const app = useApp();
  const { t } = app;
  const producerId = app.session.producerId;
  const [loaded, reload] = useLoad(() => app.api.getProfile(producerId), [producerId]);
  const [record, setRecord] = useState<ProfileRecord | null>(null);
  const [draft, setDraft] = useState<ProfileDocument | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<unknown>(null);

  useEffect(() => {
    if (loaded.state !== 'ready') return;
    setRecord(loaded.value);
    setDraft(loaded.value.profile);
  }, [loaded]);

  const columns = props.report.columns ?? [];
  const choices = columnFieldChoices(props.report.offeringKind);

  async function save(event: Event) {
    event.preventDefault();
    if (!draft || !record) return;
    setSaving(true);
    setSaved(false);
    setSaveError(null);
    try {
      const next = await app.api.saveProfile(producerId, draft, record.version);
      setRecord(next);
      setDraft(next.profile);
      setSaved(true);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  async function readAgain() {
    setReading(true);
    setReadError(null);
    try {
      const next = await app.api.readAgain(producerId, props.report.catalogueId);
      app.navigate({ name: 'report', catalogueId: next.catalogueId });
    } catch (error) {
      setReadError(error);
      setReading(false);
    }
  }

  return (
    <section aria-labelledby="columns-title">
      <h2 id="columns-title">{t('columns.title')}</h2>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorNotice error={loaded.error} /> : null}
      {draft && record ? (
        <form onSubmit={save}>
          {columns.length === 0 ? (
            <p>{t('columns.none')}</p>
          ) : (
            <StackTable
              caption={t('columns.title')}
              columns={[
                t('columns.header'),
                t('columns.readAs'),
                t('columns.suggestions'),
                t('columns.mapTo'),
              ]}
              class="columns"
            >
              {columns.map((column) => (
                <ColumnRow
                  key={column.index}
                  column={column}
                  value={draft.columns[column.header] ?? ''}
                  choices={choices}
                  onChange={(field) => {
                    setDraft(withColumn(draft, column.header, field));
                    setSaved(false);
                  }}
                />
              ))}
            </StackTable>
          )}

          <fieldset class="defaults">
            <legend>{t('defaults.title')}</legend>
            <p class="hint">{t('defaults.intro')}</p>
            {EDITABLE_DEFAULTS.map((name) => (
              <div class="filter" key={name}>
                <label for={`default-${name}`}>{t(`defaults.${name}`)}</label>
                <select
                  id={`default-${name}`}
                  value={draft.defaults[name] ?? ''}
                  onChange={(event) => {
                    setDraft(withDefault(draft, name, event.currentTarget.value));
                    setSaved(false);
                  }}
                >
                  <option value="">{t('defaults.none')}</option>
                  {DEFAULT_CHOICES[name].map((choice) => (
                    <option key={choice} value={choice}>
                      {choice}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <div class="filter">
              <label for="default-shopUrl">{t('defaults.shopUrl')}</label>
              <input
                id="default-shopUrl"
                type="url"
                inputMode="url"
                autoComplete="url"
                placeholder="https://"
                aria-describedby="default-shopUrl-hint"
                value={draft.defaults.shopUrl ?? ''}
                onInput={(event) => {
                  setDraft(withDefault(draft, 'shopUrl', event.currentTarget.value.trim()));
                  setSaved(false);
                }}
              />
              <p class="hint" id="default-shopUrl-hint">
                {t('defaults.shopUrlHint')}
              </p>
            </div>
          </fieldset>

          <div class="actions">
            <button type="submit" class="primary" disabled={saving}>
              {t('profile.save')}
            </button>
            <button type="button" disabled={reading || saving} onClick={() => void readAgain()}>
              {t('profile.readAgain')}
            </button>
          </div>
          <p class="hint">{t('profile.version', { version: record.version })}</p>
          {saved ? (
            <p class="notice" role="status">
              {t('profile.saved', { version: record.version })}
            </p>
          ) : null}
          {saveError ? <ProfileSaveError error={saveError} onReload={reload} /> : null}
          {readError ? <ErrorNotice error={readError} /> : null}
        </form>
      ) : null}
    </section>
  );
}

function ColumnRow(props: {
  column: ColumnReading;
  value: string;
  choices: readonly string[];
  onChange: (field: string) => void;
}) {
  const { t } = useApp();
  const { column } = props;
  const pickerId = `column-${column.index}`;
  return (
    <tr class={column.field === null ? 'unknown-column' : undefined}>
      <th scope="row" data-label={t('columns.header')}>
        {column.header}
      </th>
      <td data-label={t('columns.readAs')}>
        <span>
          {column.field === null ? (
            <span class="badge badge-warning">{t('columns.unknown')}</span>
          ) : (
            <code>{column.field}</code>
          )}{' '}
          <span class="muted">{t('columns.via', { via: column.via })}</span>
        </span>
      </td>
      <td data-label={t('columns.suggestions')}>
        <span>
          {column.suggestions.length > 0 ? column.suggestions.map((s) => <code key={s}>{s} </code>) : '–'}
        </span>
      </td>
      <td data-label={t('columns.mapTo')}>
        <label class="visually-hidden" for={pickerId}>
          {t('columns.mapToFor', { header: column.header })}
        </label>
        <select
          id={pickerId}
          value={props.value}
          onChange={(event) => props.onChange(event.currentTarget.value)}
        >
          <option value="">{t('columns.asRead')}</option>
          {props.choices.map((field) => (
            <option key={field} value={field}>
              {field === 'ignore' ? t('columns.ignore') : field}
            </option>
          ))}
        </select>
      </td>
    </tr>
  );
}

function ProfileSaveError(props: { error: unknown; onReload: () => void }) {
  const app = useApp();
  const { error } = props;
  if (!(error instanceof ApiError)) return <ErrorNotice error={error} />;
  return (
    <div>
      <ErrorNotice error={error} />
      {error.problems.length > 0 ? (
        <ul class="problems">
          {error.problems.map((problem) => (
            <li key={`${problem.path}-${problem.code}`}>
              <code>{problem.path}</code>: {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
      {error.code === 'PROFILE_VERSION_CONFLICT' ? (
        <button type="button" onClick={props.onReload}>
          {app.t('profile.reload')}
        </button>
      ) : null}
    </div>
  );
}
