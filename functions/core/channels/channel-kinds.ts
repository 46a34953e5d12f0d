import type { OfferingKind } from '../catalogue/offering.ts';

/**
 * The kind of offering each channel takes, as data: the sync layer routes tasks by it without
 * importing every channel's transform (the status and ingest functions stay small). The registry
 * test keeps it equal to each channel's own `takes`.
 */
export const CHANNEL_TAKES: Readonly<Record<string, OfferingKind>> = {
  'tmall-global': 'product',
  freshippo: 'product',
  fliggy: 'tour',
  'google-merchant': 'product',
};

/** Every channel id, in the registry's order (the registry test keeps them equal), without loading a channel. */
export const CHANNEL_IDS: readonly string[] = Object.keys(CHANNEL_TAKES);

/** The kind a channel takes; a channel not in the table is a product channel (what every channel was before tours). */
export function kindTakenBy(channelId: string): OfferingKind {
  return CHANNEL_TAKES[channelId] ?? 'product';
}

/** Of `channelIds`, those taking `kind`, in order: the only channels an offering of that kind is sent to. */
export function channelIdsTaking(kind: OfferingKind, channelIds: readonly string[]): string[] {
  return channelIds.filter((id) => kindTakenBy(id) === kind);
}
