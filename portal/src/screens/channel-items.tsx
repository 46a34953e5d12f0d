import { useState } from 'preact/hooks';
import {
  RULE_EFFECTS,
  type RuleEffectName,
  type StatusItem,
  SYNC_STATES,
  type SyncStateName,
} from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { ruleEffectView } from '../channels/rule-effects.ts';
import { ChoiceFilter } from '../components/choice-filter.tsx';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { PagerControls } from '../components/pager-controls.tsx';
import { RuleRefusal } from '../components/rule-refusal.tsx';
import { StackTable } from '../components/stack-table.tsx';
import { StateChart } from '../components/state-chart.tsx';
import { useLoad } from '../hooks/use-load.ts';
import { currentCursor, firstPage } from '../lib/pager.ts';

const PAGE_SIZE = 50;

/** One channel's items with their state, reasons and what the feed rules did, by state, rule effect and SKU, a page at a time. */
export function ChannelItems(props: { channel: string; ruleEffect: RuleEffectName | '' }) {
  const app = useApp();
  const { t } = app;
  const [state, setState] = useState<SyncStateName | ''>('');
  const [ruleEffect, setRuleEffect] = useState<RuleEffectName | ''>(props.ruleEffect);
  const [sku, setSku] = useState('');
  const [search, setSearch] = useState('');
  const [pager, setPager] = useState(firstPage);
  /** A filter's new value starts again from the first page. */
  const refilter =
    <Value,>(set: (value: Value) => void) =>
    (value: Value) => {
      set(value);
      setPager(firstPage);
    };
  const [loaded] = useLoad(
    () =>
      app.api.getSyncStatus(app.session.producerId, {
        channel: props.channel,
        state,
        ruleEffect,
        sku: search,
        limit: PAGE_SIZE,
        cursor: currentCursor(pager),
      }),
    [props.channel, state, ruleEffect, search, pager],
  );
  const channelStatus = loaded.state === 'ready' ? loaded.value.channels[props.channel] : undefined;

  return (
    <section aria-labelledby="items-title">
      <p>
        <Link to={{ name: 'channels' }}>{t('channels.back')}</Link>
      </p>
      <h1 id="items-title">{t('channels.items', { channel: props.channel })}</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(sku.trim());
          setPager(firstPage);
        }}
      >
        <ChoiceFilter
          id="item-state"
          label={t('channels.state')}
          all={t('findings.all')}
          value={state}
          choices={SYNC_STATES}
          labelOf={(value) => t(`state.${value}`)}
          onChange={refilter(setState)}
        />
        <ChoiceFilter
          id="item-rules"
          label={t('rules.filter')}
          all={t('findings.all')}
          value={ruleEffect}
          choices={RULE_EFFECTS}
          labelOf={(value) => t(`rules.effect.${value}`)}
          onChange={refilter(setRuleEffect)}
        />
        <div class="filter">
          <label for="item-sku">{t('findings.searchSku')}</label>
          <input
            id="item-sku"
            type="search"
            autoCapitalize="none"
            spellcheck={false}
            value={sku}
            onInput={(event) => setSku(event.currentTarget.value)}
          />
        </div>
        <button type="submit">{t('findings.apply')}</button>
      </form>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorNotice error={loaded.error} /> : null}
      {channelStatus ? (
        <>
          <StateChart
            counts={channelStatus.counts}
            caption={t('channels.countsOf', { channel: props.channel })}
          />
          {channelStatus.items.length === 0 ? (
            <p>{t('channels.noItems')}</p>
          ) : (
            <StackTable
              caption={t('channels.items', { channel: props.channel })}
              columns={[
                t('findings.sku'),
                t('channels.state'),
                t('rules.title'),
                t('channels.reasons'),
                t('channels.updated'),
              ]}
            >
              {channelStatus.items.map((item) => (
                <tr key={item.sku}>
                  <td data-label={t('findings.sku')}>
                    <Link to={{ name: 'item', channel: props.channel, sku: item.sku }}>{item.sku}</Link>
                  </td>
                  <td data-label={t('channels.state')}>
                    <span class={`state state-${item.state.toLowerCase()}`}>{t(`state.${item.state}`)}</span>
                  </td>
                  <td data-label={t('rules.title')}>
                    <RuleEffectCell channel={props.channel} item={item} />
                  </td>
                  <td data-label={t('channels.reasons')}>
                    {[...item.reasons, ...item.warnings].length === 0 ? (
                      '–'
                    ) : (
                      <ul class="reasons">
                        {item.reasons.map((reason) => (
                          <li key={`r-${reason.code}-${reason.field}`}>
                            <code>{reason.code}</code> {app.message(reason)}
                          </li>
                        ))}
                        {item.warnings.map((warning) => (
                          <li key={`w-${warning.code}-${warning.field}`} class="muted">
                            <code>{warning.code}</code> {app.message(warning)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td data-label={t('channels.updated')}>{app.dateTime(item.updatedAt)}</td>
                </tr>
              ))}
            </StackTable>
          )}
          <PagerControls
            label={t('channels.pages')}
            pager={pager}
            nextCursor={channelStatus.nextCursor}
            onChange={setPager}
          />
        </>
      ) : null}
    </section>
  );
}

/** Which rule excluded or invalidated the item, or which fields the rules changed; a dash when none did anything. */
function RuleEffectCell(props: { channel: string; item: StatusItem }) {
  const { t } = useApp();
  const view = ruleEffectView(props.channel, props.item);
  if (view === null) return <>–</>;
  if (view.effect !== 'changed') return <RuleRefusal view={view} />;
  return (
    <span class="rule-effect rule-changed">
      {t('rules.changedFields')}{' '}
      {view.changes.map((change, index) => (
        <span key={change.field}>
          {index > 0 ? ', ' : null}
          <code>{change.field}</code>
        </span>
      ))}
    </span>
  );
}
