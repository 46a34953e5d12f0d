/**
 * How large one product may be. A product travels whole in an SQS message (the sync task) and is
 * stored whole in DynamoDB items (the product, and per channel its sync state with the channel
 * item), so a row too big for any of them must be refused when it is parsed: discovered at write
 * time it failed after other writes had landed and left its states PENDING for ever.
 *
 * The bounds leave a wide margin under SQS_MESSAGE_MAX_BYTES and DYNAMODB_ITEM_MAX_BYTES
 * (service-limits.ts) for the task's envelope, the escaping of characters SQS refuses, and the
 * channel item and findings a sync state adds: test/unit/sync/product-size-margin.test.ts takes the
 * largest product these bounds let through, in worst-case UTF-8, through every channel and
 * checks the task and every item it can become against the AWS limits.
 */
import type { Product } from './model.ts';

export const PRODUCT_LIMITS = {
  /** Extra columns (attributes): a catalogue with hundreds of unmapped columns is not a product feed. */
  maxAttributes: 100,
  /** Names and values of the extra columns, UTF-8. */
  maxAttributeBytes: 32 * 1024,
  maxImages: 20,
  /** The whole product as JSON, UTF-8. */
  maxProductBytes: 64 * 1024,
} as const;

export interface ProductLimitProblem {
  field: 'attributes' | 'images' | null;
  message: string;
}

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * An upper bound of a value's JSON size: no UTF-16 unit takes more than 6 bytes (a \u escape),
 * no number more than 24 characters. Walking is several times cheaper than serialising, and
 * real products are far below the bound, so the exact size is only measured near it.
 */
function jsonSizeBound(value: unknown): number {
  if (typeof value === 'string') return 6 * value.length + 2;
  if (typeof value !== 'object' || value === null) return 24;
  let bound = 2;
  if (Array.isArray(value)) {
    for (const element of value) bound += jsonSizeBound(element) + 1;
    return bound;
  }
  for (const key in value)
    bound += 6 * key.length + 4 + jsonSizeBound((value as Record<string, unknown>)[key]);
  return bound;
}

function attributesProblem(attributes: Product['attributes']): ProductLimitProblem | null {
  let count = 0;
  let characters = 0;
  for (const name in attributes) {
    count += 1;
    characters += name.length + (attributes[name] ?? '').length;
  }
  if (count > PRODUCT_LIMITS.maxAttributes) {
    return {
      field: 'attributes',
      message: `The product has ${count} extra columns (kept as attributes); at most ${PRODUCT_LIMITS.maxAttributes} fit one product: remove the columns the channels do not need.`,
    };
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: only a large row needs its bytes counted.
  if (3 * characters <= PRODUCT_LIMITS.maxAttributeBytes) return null;
  let bytes = 0;
  for (const name in attributes) bytes += utf8(name) + utf8(attributes[name] ?? '');
  if (bytes <= PRODUCT_LIMITS.maxAttributeBytes) return null;
  return {
    field: 'attributes',
    message: `The product's extra columns (kept as attributes) hold ${kilobytes(bytes)}; at most ${PRODUCT_LIMITS.maxAttributeBytes / 1024} KB fit one product: shorten or remove them.`,
  };
}

/** The first bound the product breaks, or null when it fits one sync task and its DynamoDB items. */
export function productLimitProblem(product: Product): ProductLimitProblem | null {
  const attributes = attributesProblem(product.attributes);
  if (attributes !== null) return attributes;
  if (product.images.length > PRODUCT_LIMITS.maxImages) {
    return {
      field: 'images',
      message: `The product has ${product.images.length} images; at most ${PRODUCT_LIMITS.maxImages} fit one product.`,
    };
  }
  if (jsonSizeBound(product) <= PRODUCT_LIMITS.maxProductBytes) return null;
  const bytes = utf8(JSON.stringify(product));
  if (bytes <= PRODUCT_LIMITS.maxProductBytes) return null;
  return {
    field: null,
    message: `The product takes ${kilobytes(bytes)} as stored; at most ${PRODUCT_LIMITS.maxProductBytes / 1024} KB fit one sync message and database item: shorten its longest texts, image addresses or certifications.`,
  };
}
