import { RULE_EFFECTS, type RuleEffectName } from './api/types.ts';

/**
 * The portal's pages as paths, so a link can be shared and reloaded. None starts with /producers
 * or /dev: those are the API's, routed to it by CloudFront and by `feedbridge serve`.
 */
export type Route =
  | { name: 'upload' }
  | { name: 'uploads' }
  | { name: 'report'; catalogueId: string }
  | { name: 'channels' }
  /** `ruleEffect` (?ruleEffect=): the channel's items a feed rule changed, excluded or made invalid. */
  | { name: 'channel'; channel: string; ruleEffect?: RuleEffectName }
  | { name: 'item'; channel: string; sku: string }
  | { name: 'callback' }
  | { name: 'notFound' };

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function ruleEffectIn(search: string): { ruleEffect?: RuleEffectName } {
  const value = new URLSearchParams(search).get('ruleEffect');
  return RULE_EFFECTS.find((effect) => effect === value) ? { ruleEffect: value as RuleEffectName } : {};
}

export function parseRoute(pathname: string, search = ''): Route {
  // Split before decoding: a SKU may contain "/" (sent as %2F).
  const parts = pathname.split('/').filter((part) => part.length > 0);
  const values = parts.map(decoded);
  if (values.some((value) => value === null)) return { name: 'notFound' };
  const [first, second, third, fourth, ...rest] = values as string[];
  if (rest.length > 0) return { name: 'notFound' };
  if (first === undefined || (first === 'upload' && second === undefined)) return { name: 'upload' };
  if (first === 'callback' && second === undefined) return { name: 'callback' };
  if (first === 'uploads') {
    if (second === undefined) return { name: 'uploads' };
    if (third === undefined) return { name: 'report', catalogueId: second };
  }
  if (first === 'channels') {
    if (second === undefined) return { name: 'channels' };
    if (third === undefined) return { name: 'channel', channel: second, ...ruleEffectIn(search) };
    if (third === 'items' && fourth !== undefined) return { name: 'item', channel: second, sku: fourth };
  }
  return { name: 'notFound' };
}

const part = (value: string) => encodeURIComponent(value);

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'upload':
      return '/';
    case 'uploads':
      return '/uploads';
    case 'report':
      return `/uploads/${part(route.catalogueId)}`;
    case 'channels':
      return '/channels';
    case 'channel':
      return `/channels/${part(route.channel)}${route.ruleEffect ? `?ruleEffect=${route.ruleEffect}` : ''}`;
    case 'item':
      return `/channels/${part(route.channel)}/items/${part(route.sku)}`;
    case 'callback':
      return '/callback';
    case 'notFound':
      return '/';
  }
}
