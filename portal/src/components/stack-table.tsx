import type { ComponentChildren } from 'preact';

/**
 * A data table that becomes one card per row on a phone (styles.css, `table.stack`): each cell
 * carries its column's name in `data-label`, shown beside the value there.
 */
export function StackTable(props: {
  caption: string;
  columns: readonly string[];
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <table class={props.class ? `stack ${props.class}` : 'stack'}>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col" key={column}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
