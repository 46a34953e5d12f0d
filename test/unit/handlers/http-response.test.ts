import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../../../functions/middleware/http-response.ts';
import { payloadBytes } from '../../../local/api-gateway-event.ts';

describe('jsonResponse', () => {
  it("turns an answer over Lambda's response limit into a clear 500 instead of a 502 from the gateway", () => {
    // 3.2 MB of quotes: 6.4 MB once the body is a JSON string inside the Lambda result.
    const answer = jsonResponse(200, { text: '"'.repeat(3_200_000) });
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ error: { code: 'RESPONSE_TOO_LARGE' } });
  });

  it('passes an answer just under the limit unchanged', () => {
    const answer = jsonResponse(200, { text: 'x'.repeat(6_200_000) });
    expect(answer.statusCode).toBe(200);
    expect(payloadBytes(answer)).toBeGreaterThan(6_200_000);
  });
});
