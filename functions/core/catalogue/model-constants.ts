/**
 * The model's constants that code outside the catalogue reads on its own, apart from model.ts's
 * schemas: the HTTP path checks and the function configuration use them, and importing them from a
 * module that builds zod schemas puts zod in every function's bundle (docs/benchmarks.md,
 * "Bundles"). model.ts re-exports them.
 */
export const PRODUCER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** ISO 4217 codes a producer may price in; minor units per ISO 4217. */
export const CURRENCY_MINOR_UNITS = { RWF: 0, USD: 2, EUR: 2, CNY: 2 } as const;
export type CurrencyCode = keyof typeof CURRENCY_MINOR_UNITS;
