import type { Channel } from './contract.ts';
import { freshippoChannel } from './freshippo/channel.ts';
import { tmallGlobalChannel } from './tmall-global/channel.ts';

/**
 * Every channel feedbridge publishes to. A new channel is its own folder plus one entry here;
 * nothing else (and no other channel) changes.
 */
export const CHANNELS: readonly Channel[] = [tmallGlobalChannel, freshippoChannel];

const BY_ID: ReadonlyMap<string, Channel> = new Map(CHANNELS.map((channel) => [channel.id, channel]));

export const CHANNEL_IDS: readonly string[] = CHANNELS.map((channel) => channel.id);

export function getChannel(id: string): Channel | undefined {
  return BY_ID.get(id);
}
