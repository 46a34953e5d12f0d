import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import fr from '../../../functions/core/messages/fr.json' with { type: 'json' };
import rw from '../../../functions/core/messages/rw.json' with { type: 'json' };
import { BadRequestError, httpErrors } from '../../../functions/middleware/http-errors.ts';
import { jsonResponse } from '../../../functions/middleware/http-response.ts';
import { localiseAnswer, responseLanguage } from '../../../functions/middleware/response-language.ts';

const event = (headers: Record<string, string>) => ({ headers }) as unknown as APIGatewayProxyEventV2;
const context = {} as Context;

/** A handler wired as the API's handlers are: responseLanguage before httpErrors. */
function wired(answer: () => Promise<APIGatewayProxyStructuredResultV2>) {
  return middy(answer).use(responseLanguage()).use(httpErrors());
}

const body = (answer: APIGatewayProxyStructuredResultV2) => JSON.parse(answer.body ?? 'null') as unknown;

describe('API answers in the Accept-Language of the request', () => {
  it("answers a refused request in French: the code unchanged, the catalogue's sentence, Content-Language", async () => {
    const handler = wired(async () => {
      throw new BadRequestError('LIMIT_INVALID', '?limit= must be a whole number from 1 to 1000');
    });
    const answer = await handler(event({ 'accept-language': 'fr-RW,fr;q=0.9,en;q=0.5' }), context);
    expect(answer.statusCode).toBe(400);
    expect(body(answer)).toEqual({ error: { code: 'LIMIT_INVALID', message: fr.LIMIT_INVALID } });
    expect(answer.headers).toMatchObject({ 'content-language': 'fr', vary: 'Accept-Language' });
  });

  it("keeps English, the API's own message naming the value, when nothing else is asked or supported", async () => {
    const asked: Record<string, string>[] = [
      {},
      { 'accept-language': 'de-DE,es;q=0.8' },
      { 'Accept-Language': 'en-GB' },
    ];
    for (const headers of asked) {
      const handler = wired(async () => {
        throw new BadRequestError('LIMIT_INVALID', "?limit= '1e3' is not a whole number");
      });
      const answer = await handler(event(headers), context);
      expect(body(answer)).toEqual({
        error: { code: 'LIMIT_INVALID', message: "?limit= '1e3' is not a whole number" },
      });
      expect(answer.headers?.['content-language']).toBe('en');
    }
  });

  it('localises findings and reasons in a successful answer, in Kinyarwanda, leaving the product data as it is', async () => {
    const handler = wired(async () =>
      jsonResponse(200, {
        errors: [{ row: 7, code: 'NUMBER_INVALID', field: 'price', message: "'18 5OO' is not a number" }],
        channels: {
          'tmall-global': {
            items: [
              {
                sku: 'HU-1',
                reasons: [{ code: 'HS_CODE_MISMATCH', field: 'hsCode', message: 'HS 0902 is tea' }],
                item: { code: 'NUMBER_INVALID', message: 'a producer column, not a finding' },
              },
            ],
          },
        },
      }),
    );
    const answer = await handler(event({ 'accept-language': 'rw' }), context);
    expect(body(answer)).toEqual({
      errors: [{ row: 7, code: 'NUMBER_INVALID', field: 'price', message: rw.NUMBER_INVALID }],
      channels: {
        'tmall-global': {
          items: [
            {
              sku: 'HU-1',
              reasons: [{ code: 'HS_CODE_MISMATCH', field: 'hsCode', message: rw.HS_CODE_MISMATCH }],
              item: { code: 'NUMBER_INVALID', message: 'a producer column, not a finding' },
            },
          ],
        },
      },
    });
    expect(answer.headers?.['content-language']).toBe('rw');
  });

  it('keeps the English message of a code the catalogue does not know', () => {
    const answer = localiseAnswer(
      jsonResponse(400, { error: { code: 'NOT_A_CODE', message: 'plain' } }),
      'fr',
    );
    expect(body(answer)).toEqual({ error: { code: 'NOT_A_CODE', message: 'plain' } });
  });

  it('leaves answers that are not JSON (a CSV, a base64 file) untouched', () => {
    const csv = { statusCode: 200, headers: { 'content-type': 'text/csv' }, body: 'code,message\nX,y\n' };
    expect(localiseAnswer(csv, 'fr')).toBe(csv);
    const binary = {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: 'e30=',
      isBase64Encoded: true,
    };
    expect(localiseAnswer(binary, 'fr')).toBe(binary);
  });

  it("stays in English when the translated answer would pass Lambda's response limit", () => {
    // Short English messages, each replaced by a longer French sentence: ~5.9 MB grows past 6 MB.
    const findings = Array.from({ length: 60_000 }, (_, row) => ({
      row,
      code: 'CELL_FORMULA',
      message: 'f',
    }));
    const english = jsonResponse(200, { errors: findings });
    expect(english.statusCode).toBe(200);
    const answer = localiseAnswer(english, 'fr');
    expect(answer.body).toBe(english.body);
    expect(answer.headers?.['content-language']).toBe('en');
  });
});
