import { describe, expect, it } from 'vitest';
import { searchCorrelationId } from '../../../functions/correlation-id.ts';

/* The logger's correlation id, found by the paths the handlers pass (correlationIdPath). */
describe('searchCorrelationId', () => {
  const httpApiEvent = {
    version: '2.0',
    routeKey: 'GET /producers/{producerId}/status',
    requestContext: { requestId: 'JKJaXmPLvHcESHA=', http: { method: 'GET' } },
  };

  it("finds API Gateway's request id and an S3 notification's id", () => {
    expect(searchCorrelationId('requestContext.requestId', httpApiEvent)).toBe('JKJaXmPLvHcESHA=');
    expect(searchCorrelationId('id', { id: '17793b55-ed56-4d3f-a4ee-6d8b3bd8b1a9', detail: {} })).toBe(
      '17793b55-ed56-4d3f-a4ee-6d8b3bd8b1a9',
    );
  });

  it('finds nothing where the event has no such property', () => {
    expect(searchCorrelationId('requestContext.requestId', { Records: [] })).toBeUndefined();
    expect(searchCorrelationId('requestContext.requestId', { requestContext: null })).toBeUndefined();
    expect(searchCorrelationId('requestContext.requestId', 'not an event')).toBeUndefined();
    expect(searchCorrelationId('toString', {})).toBeUndefined();
  });

  it('refuses a JMESPath expression instead of finding nothing', () => {
    expect(() => searchCorrelationId('Records[0].messageId', { Records: [{ messageId: 'm-1' }] })).toThrow(
      /not a dotted path/,
    );
    expect(() => searchCorrelationId('headers."x-request-id"', {})).toThrow(/not a dotted path/);
  });
});
