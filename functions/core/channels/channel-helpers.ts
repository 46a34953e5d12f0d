import {
  type CurrencyCode,
  FOOD_PRODUCT_TYPES,
  type Money,
  PRODUCER_ID_PATTERN,
  type Product,
  type Quantity,
} from '../catalogue/model.ts';
import { type AppliedFxRate, type FxRates, formatMinor } from '../money.ts';
import { formatQuantityValue } from '../units.ts';
import type { ChannelIssue } from './contract.ts';
import { QUANTITY_UNIT_ZH } from './mappings/glossary-zh.ts';

/** Small pieces every channel needs; channel-specific rules stay in the channel folders. */

export function error(code: string, field: string, message: string): ChannelIssue {
  return { code, field, severity: 'error', message };
}

export function warning(code: string, field: string, message: string): ChannelIssue {
  return { code, field, severity: 'warning', message };
}

export function hasError(issues: readonly ChannelIssue[]): boolean {
  for (const issue of issues) if (issue.severity === 'error') return true;
  return false;
}

export const TARGET_CURRENCY = 'CNY' satisfies CurrencyCode;

/** A price as the feeds carry it: CNY minor units, the same as text, the rate used and what the producer asked. */
export interface CnyPrice {
  minor: number;
  currency: 'CNY';
  formatted: string;
  /** Null when the producer priced in CNY and nothing was converted. */
  fx: AppliedFxRate | null;
  original: Money;
}

export function cnyMoney(minor: number): { minor: number; currency: 'CNY'; formatted: string } {
  return { minor, currency: TARGET_CURRENCY, formatted: formatMinor(minor, TARGET_CURRENCY) };
}

/** A price in a channel's currency, the same as text, the rate used and what the producer asked. */
export interface ConvertedPrice<Currency extends CurrencyCode = CurrencyCode> {
  minor: number;
  currency: Currency;
  formatted: string;
  /** Null when the producer priced in that currency and nothing was converted. */
  fx: AppliedFxRate | null;
  original: Money;
}

/**
 * Converts a price to `to` and checks it is positive after conversion (1 RWF rounds to 0 fen).
 * Pushes FX_RATE_MISSING, PRICE_OUT_OF_RANGE or PRICE_NOT_POSITIVE into issues and returns null on failure.
 */
export function toPriceIn<Currency extends CurrencyCode>(
  price: Money,
  to: Currency,
  fx: FxRates,
  field: string,
  issues: ChannelIssue[],
): ConvertedPrice<Currency> | null {
  if (price.minor <= 0) {
    issues.push(error('PRICE_NOT_POSITIVE', field, 'the price must be greater than zero'));
    return null;
  }
  const converted = fx.convert(price, to);
  if (!converted.ok) {
    if (converted.code === 'FX_RATE_MISSING') {
      issues.push(error('FX_RATE_MISSING', `${field}.currency`, converted.message));
    } else {
      issues.push(error('PRICE_OUT_OF_RANGE', field, converted.message));
    }
    return null;
  }
  if (converted.money.minor <= 0) {
    issues.push(
      error(
        'PRICE_NOT_POSITIVE',
        field,
        `${formatMinor(price.minor, price.currency)} ${price.currency} is 0.00 ${to} after conversion at ${converted.fx?.rate ?? '1'}`,
      ),
    );
    return null;
  }
  return {
    minor: converted.money.minor,
    currency: to,
    formatted: formatMinor(converted.money.minor, to),
    fx: converted.fx,
    original: price,
  };
}

/** toPriceIn for the Chinese channels, which all sell in CNY. */
export function toCnyPrice(
  price: Money,
  fx: FxRates,
  field: string,
  issues: ChannelIssue[],
): CnyPrice | null {
  return toPriceIn(price, TARGET_CURRENCY, fx, field, issues);
}

/** Shelf life is required for food (FOOD_PRODUCT_TYPES); pushes SHELF_LIFE_MISSING. */
export function checkShelfLife(product: Product, issues: ChannelIssue[]): void {
  if (product.shelfLifeDays === undefined && FOOD_PRODUCT_TYPES.has(product.productType)) {
    issues.push(error('SHELF_LIFE_MISSING', 'shelfLifeDays', `shelf life in days is required for food`));
  }
}

const ONE_KILOGRAM: Quantity = Object.freeze({ value: 1, unit: 'kg' });

/** The net content of one sales unit; an item sold by the kilogram is one kilogram when not stated. */
export function effectiveNetContent(product: Product): Quantity | undefined {
  return product.netContent ?? (product.salesUnit === 'kg' ? ONE_KILOGRAM : undefined);
}

/** "500g", "1.5kg", "2磅": how a quantity reads in Chinese text. */
export function quantityTextZh(quantity: Quantity): string {
  return `${formatQuantityValue(quantity.value)}${QUANTITY_UNIT_ZH[quantity.unit]}`;
}

/**
 * A platform's title limit, counted in characters, and the warning that a title was composed:
 * pushes TITLE_TOO_LONG and TITLE_COMPOSED (field names.zh-CN).
 */
export function checkChineseTitle(
  title: { text: string; composed: boolean },
  maxCharacters: number,
  platform: string,
  issues: ChannelIssue[],
): void {
  const length = characterCount(title.text);
  if (length > maxCharacters) {
    issues.push(
      error(
        'TITLE_TOO_LONG',
        'names.zh-CN',
        `the Chinese title has ${length} characters; ${platform} allows at most ${maxCharacters}`,
      ),
    );
  }
  if (title.composed) {
    issues.push(
      warning(
        'TITLE_COMPOSED',
        'names.zh-CN',
        `no zh-CN name given; the title "${title.text}" was composed from the glossary: check it or give your own`,
      ),
    );
  }
}

/** Length in Unicode code points (what a person counts as characters; a UTF-16 pair counts once). */
export function characterCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/** Document paths embed the producer id: refuse anything that is not one (no "../", no slashes). */
export function checkedProducerId(producerId: string): string {
  if (!PRODUCER_ID_PATTERN.test(producerId))
    throw new RangeError(`not a producer id: ${JSON.stringify(producerId)}`);
  return producerId;
}

/**
 * Collects small strings and hands them to the sink in chunks of about `flushAt` characters:
 * one write per item would cost a promise per item, one write per document would hold it all.
 */
export class ChunkBuffer {
  private buffer = '';

  constructor(
    private readonly write: (chunk: string) => void | Promise<void>,
    private readonly flushAt = 64 * 1024,
  ) {}

  push(text: string): void {
    this.buffer += text;
  }

  async flushIfFull(): Promise<void> {
    if (this.buffer.length >= this.flushAt) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.write(chunk);
  }
}
