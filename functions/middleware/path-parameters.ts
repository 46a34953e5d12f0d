import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PRODUCER_ID_PATTERN, SKU_PATTERN } from '../core/catalogue/model-constants.ts';
import { BadRequestError } from './http-errors.ts';

/**
 * Catalogue ids are opaque to callers ("cat-" and 24 hex digits today): letters, digits, "-"
 * and "_", at most 64, so any id this API issues passes and a key can never grow past a few
 * dozen bytes.
 */
export const CATALOGUE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/u;

const RULES: Record<string, { pattern: RegExp; code: string; expected: string }> = {
  producerId: {
    pattern: PRODUCER_ID_PATTERN,
    code: 'PRODUCER_ID_INVALID',
    expected: '2 to 63 lowercase letters, digits and dashes',
  },
  catalogueId: {
    pattern: CATALOGUE_ID_PATTERN,
    code: 'CATALOGUE_ID_INVALID',
    expected: 'an id this API issued, such as cat-0123456789abcdef01234567',
  },
  channel: {
    pattern: /^[a-z][a-z0-9-]{1,39}$/u,
    code: 'CHANNEL_UNKNOWN',
    expected: 'a channel id such as tmall-global',
  },
  sku: {
    pattern: SKU_PATTERN,
    code: 'SKU_INVALID',
    expected: 'a SKU: letters, digits and . _ / - (at most 64)',
  },
};

type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * Checks every path parameter of the route before the handler runs. Each one becomes part of a
 * DynamoDB key (1,024 bytes at most) or an object key: a 5,000-character catalogue id must be a
 * 400 with a code, not a 500 from DynamoDB. A parameter without a rule is a route added without
 * one: refused as a server error, so it fails its first test rather than reaching AWS unchecked.
 */
export function validPathParameters(): MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2
> {
  const validPathParametersBefore = async (request: HttpRequest) => {
    for (const [name, value] of Object.entries(request.event.pathParameters ?? {})) {
      const rule = RULES[name];
      if (rule === undefined) throw new Error(`path parameter ${name} has no validation rule`);
      if (value === undefined || !rule.pattern.test(value)) {
        const shown = value === undefined ? '' : ` (${value.length > 40 ? `${value.slice(0, 40)}…` : value})`;
        throw new BadRequestError(rule.code, `${name}${shown} must be ${rule.expected}`);
      }
    }
  };
  return { before: validPathParametersBefore };
}
