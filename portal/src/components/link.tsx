import type { ComponentChildren } from 'preact';
import { useApp } from '../app-context.ts';
import { pathOf, type Route } from '../router.ts';

/** A real link (opens in a new tab, can be copied) that navigates inside the app on a plain click. */
export function Link(props: { to: Route; children: ComponentChildren; class?: string; current?: boolean }) {
  const { navigate } = useApp();
  return (
    <a
      href={pathOf(props.to)}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
