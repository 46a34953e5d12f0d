import { useApp } from '../app-context.ts';
import type { RuleEffectView } from '../channels/rule-effects.ts';

/** "Excluded by rule rules.<channel>.<index>" (or made invalid by it), for an item a rule kept off its channel. */
export function RuleRefusal(props: { view: RuleEffectView; as?: 'span' | 'p' }) {
  const { t } = useApp();
  const { view } = props;
  const Tag = props.as ?? 'span';
  return (
    <Tag class={`rule-effect rule-${view.effect}`}>
      {t(view.effect === 'excluded' ? 'rules.excludedBy' : 'rules.invalidBy')}{' '}
      {view.rule ? <code>{view.rule}</code> : null}
    </Tag>
  );
}
