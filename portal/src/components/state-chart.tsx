import { SYNC_STATES, type SyncStateName } from '../api/types.ts';
import { useApp } from '../app-context.ts';

/**
 * Counts per state as bars. The numbers are text in a table (what a screen reader reads); the bars
 * are inline SVG drawn with attributes, so the strict CSP (no inline styles) holds.
 */
export function StateChart(props: { counts: Record<SyncStateName, number>; caption: string }) {
  const { t, number } = useApp();
  const largest = Math.max(1, ...SYNC_STATES.map((state) => props.counts[state] ?? 0));
  return (
    <table class="state-chart">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('channels.state')}</th>
          <th scope="col">{t('channels.count')}</th>
          <th scope="col" class="bar-cell">
            <span class="visually-hidden">{t('channels.bar')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {SYNC_STATES.map((state) => {
          const count = props.counts[state] ?? 0;
          return (
            <tr key={state}>
              <th scope="row">
                <span class={`state state-${state.toLowerCase()}`}>{t(`state.${state}`)}</span>
              </th>
              <td class="count">{number(count)}</td>
              <td class="bar-cell" aria-hidden="true">
                <svg
                  class="bar"
                  viewBox="0 0 100 10"
                  preserveAspectRatio="none"
                  focusable="false"
                  aria-hidden="true"
                >
                  <rect
                    class={`bar-${state.toLowerCase()}`}
                    x="0"
                    y="0"
                    height="10"
                    width={(count / largest) * 100}
                  />
                </svg>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
