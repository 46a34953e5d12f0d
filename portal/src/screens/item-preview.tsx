import type { ChannelItem } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { itemPreview } from '../channels/item-preview.ts';
import { fieldLanguage, hasValues, quotedValueText, ruleEffectView } from '../channels/rule-effects.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { RuleRefusal } from '../components/rule-refusal.tsx';
import { StackTable } from '../components/stack-table.tsx';
import { useLoad } from '../hooks/use-load.ts';

/** One item as its channel shows it to a shopper, with its state, the reasons for it and what the feed rules did. */
export function ItemPreviewScreen(props: { channel: string; sku: string }) {
  const app = useApp();
  const { t } = app;
  const [loaded] = useLoad(
    () => app.api.getItem(app.session.producerId, props.channel, props.sku),
    [props.channel, props.sku],
  );
  return (
    <section aria-labelledby="item-title">
      <p>
        <Link to={{ name: 'channel', channel: props.channel }}>
          {t('channels.items', { channel: props.channel })}
        </Link>
      </p>
      <h1 id="item-title">{t('item.title', { sku: props.sku, channel: props.channel })}</h1>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.state === 'ready' ? <ItemCard item={loaded.value} /> : null}
    </section>
  );
}

function ItemCard(props: { item: ChannelItem }) {
  const app = useApp();
  const { t } = app;
  const { item } = props;
  const preview = item.item ? itemPreview(item.channel, item.item) : null;
  // RULE_APPLIED warnings are shown as the before/after table of RuleEffects.
  const otherWarnings = item.warnings.filter((warning) => warning.code !== 'RULE_APPLIED');
  return (
    <>
      <p>
        <span class={`state state-${item.state.toLowerCase()}`}>{t(`state.${item.state}`)}</span>{' '}
        <span class="muted">{app.dateTime(item.updatedAt)}</span>
      </p>
      {item.reasons.length > 0 ? (
        <ul class="reasons">
          {item.reasons.map((reason) => (
            <li key={`${reason.code}-${reason.field}`}>
              <code>{reason.code}</code> {reason.field ? <code>{reason.field}</code> : null}{' '}
              {app.message(reason)}
            </li>
          ))}
        </ul>
      ) : null}
      <RuleEffects item={item} />
      {preview ? (
        <figure class="preview" aria-label={t('item.preview')}>
          {preview.imageUrl ? (
            <img
              src={preview.imageUrl}
              alt={preview.title ?? item.sku}
              loading="lazy"
              referrerpolicy="no-referrer"
            />
          ) : (
            <div class="no-image">{t('item.noImage')}</div>
          )}
          <figcaption>
            <p class="preview-title" lang="zh-CN">
              {preview.title ?? item.sku}
            </p>
            {preview.subtitle ? <p class="muted">{preview.subtitle}</p> : null}
            {preview.priceCny ? <p class="price">¥ {preview.priceCny}</p> : null}
            {preview.pricePer500gCny ? (
              <p class="muted">{t('item.per500g', { price: preview.pricePer500gCny })}</p>
            ) : null}
            <dl class="facts">
              {preview.shelfLifeDays !== null ? (
                <div>
                  <dt>{t('item.shelfLife')}</dt>
                  <dd>{t('item.days', { days: preview.shelfLifeDays })}</dd>
                </div>
              ) : null}
              {preview.certifications.length > 0 ? (
                <div>
                  <dt>{t('item.certifications')}</dt>
                  <dd lang="zh-CN">{preview.certifications.join(' · ')}</dd>
                </div>
              ) : null}
              {preview.facts.map(([name, value]) => (
                <div key={name}>
                  <dt>
                    <code>{name}</code>
                  </dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </figcaption>
        </figure>
      ) : (
        <p>{t('item.notPublished')}</p>
      )}
      {otherWarnings.length > 0 ? (
        <ul class="reasons muted">
          {otherWarnings.map((warning) => (
            <li key={`${warning.code}-${warning.field}`}>
              <code>{warning.code}</code> {app.message(warning)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/**
 * What the feed rules did to this item on this channel: the rule that excluded it or made it
 * invalid, and each field they changed with its value before and after (the product's own text,
 * never translated). A state written before the values were recorded shows the API's sentence.
 */
function RuleEffects(props: { item: ChannelItem }) {
  const app = useApp();
  const { t } = app;
  const { item } = props;
  const view = ruleEffectView(item.channel, item);
  if (view === null) return null;
  return (
    <section class="rule-effects" aria-labelledby="item-rules">
      <h2 id="item-rules">{t('rules.title')}</h2>
      {view.effect !== 'changed' ? <RuleRefusal view={view} as="p" /> : null}
      {view.changes.length > 0 ? (
        <StackTable
          caption={t('rules.changesCaption', { channel: item.channel })}
          class="rule-changes"
          columns={[t('rules.field'), t('rules.before'), t('rules.after'), t('rules.rule')]}
        >
          {view.changes.map((change) => (
            <tr key={change.field}>
              <td data-label={t('rules.field')}>
                <code>{change.field}</code>
              </td>
              {hasValues(change) ? (
                <>
                  <td data-label={t('rules.before')} class="rule-before">
                    <span lang={change.before ? fieldLanguage(change.field) : undefined}>
                      {quotedValueText(change.before, t('rules.empty'))}
                    </span>
                  </td>
                  <td data-label={t('rules.after')} class="rule-after">
                    <span lang={change.after ? fieldLanguage(change.field) : undefined}>
                      {quotedValueText(change.after, t('rules.empty'))}
                    </span>
                  </td>
                </>
              ) : (
                <td data-label={t('rules.before')} colSpan={2}>
                  {app.message({ code: 'RULE_APPLIED', message: change.message })}
                </td>
              )}
              <td data-label={t('rules.rule')}>
                {change.rules.length === 0
                  ? t('rules.notRecorded')
                  : change.rules.map((rule, index) => (
                      <span key={rule}>
                        {index > 0 ? ', ' : null}
                        <code>{rule}</code>
                      </span>
                    ))}
              </td>
            </tr>
          ))}
        </StackTable>
      ) : null}
    </section>
  );
}
