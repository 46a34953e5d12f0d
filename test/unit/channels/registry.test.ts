import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNEL_TAKES, channelIdsTaking } from '../../../functions/core/channels/channel-kinds.ts';
import {
  CHANNEL_IDS,
  CHANNELS,
  channelsTaking,
  getChannel,
  PRODUCT_CHANNELS,
  TOUR_CHANNELS,
} from '../../../functions/core/channels/registry.ts';

describe('channel registry', () => {
  it('lists tmall-global, freshippo, fliggy and google-merchant', () => {
    expect(CHANNEL_IDS).toEqual(['tmall-global', 'freshippo', 'fliggy', 'google-merchant']);
    expect(getChannel('freshippo')?.displayName).toContain('Freshippo');
    expect(getChannel('fliggy')?.displayName).toContain('飞猪');
    expect(getChannel('amazon')).toBeUndefined();
  });

  it('lists the channels by the kind of offering they take', () => {
    expect(PRODUCT_CHANNELS.map((channel) => channel.id)).toEqual([
      'tmall-global',
      'freshippo',
      'google-merchant',
    ]);
    expect(TOUR_CHANNELS.map((channel) => channel.id)).toEqual(['fliggy']);
    expect(channelsTaking('product')).toBe(PRODUCT_CHANNELS);
    expect(channelsTaking('tour')).toBe(TOUR_CHANNELS);
    for (const channel of CHANNELS) expect(['product', 'tour']).toContain(channel.takes);
  });

  it("routes by the same kinds: the data table the sync layer reads is each channel's own `takes`", () => {
    expect(CHANNEL_TAKES).toEqual(Object.fromEntries(CHANNELS.map((channel) => [channel.id, channel.takes])));
    expect(CHANNEL_IDS).toEqual(CHANNELS.map((channel) => channel.id));
    expect(channelIdsTaking('tour', ['tmall-global', 'fliggy', 'freshippo'])).toEqual(['fliggy']);
    expect(channelIdsTaking('product', ['tmall-global', 'fliggy', 'google-merchant'])).toEqual([
      'tmall-global',
      'google-merchant',
    ]);
  });

  it.each(CHANNELS.map((channel) => [channel.id, channel] as const))(
    '%s documents exactly the codes it emits, with their severity',
    (id, channel) => {
      const doc = readFileSync(new URL(`../../../docs/channels/${id}.md`, import.meta.url), 'utf8');
      // the codes table rows look like: | `CODE` | error | field | rule |
      const rows = [...doc.matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|\s*(error|warning)\s*\|/gm)];
      const documented = new Map(rows.map((row) => [row[1], row[2]]));
      const emitted = new Map<string, string>();
      for (const code of channel.issueCodes.errors) emitted.set(code, 'error');
      for (const code of channel.issueCodes.warnings) emitted.set(code, 'warning');
      expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(emitted));
    },
  );
});
