import { describe, expect, it } from 'vitest';
import { failedMessageIds } from '../../../local/event-source-poller.ts';
import { createLambdaContext } from '../../../local/lambda-context.ts';

const batch = new Set(['m1', 'm2', 'm3']);

describe("failedMessageIds (Lambda's ReportBatchItemFailures rules)", () => {
  it.each([
    ['no response', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a null list', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('treats %s as full success', (_, response) => {
    expect([...failedMessageIds(response, batch)]).toEqual([]);
  });

  it('fails only the listed records', () => {
    expect([...failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, batch)]).toEqual(['m2']);
  });

  it.each([
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null identifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['an identifier not in the batch', { batchItemFailures: [{ itemIdentifier: 'other' }] }],
    ['a misspelt key', { batchItemFailures: [{ itemIdentifer: 'm1' }] }],
    ['a list that is not a list', { batchItemFailures: 'm1' }],
    ['a non-object response', 'ok'],
  ])('fails the whole batch on %s', (_, response) => {
    expect([...failedMessageIds(response, batch)].sort()).toEqual(['m1', 'm2', 'm3']);
  });
});

describe('createLambdaContext', () => {
  it('counts the remaining time down from the timeout', () => {
    let now = 1_000_000;
    const context = createLambdaContext({ timeoutMs: 30_000, now: () => now, functionName: 'sync-worker' });
    expect(context.getRemainingTimeInMillis()).toBe(30_000);
    now += 29_000;
    expect(context.getRemainingTimeInMillis()).toBe(1_000);
    now += 5_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
    expect(context.functionName).toBe('sync-worker');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:sync-worker');
    expect(context.logGroupName).toBe('/aws/lambda/sync-worker');
  });

  it('gives every invocation its own request id', () => {
    expect(createLambdaContext().awsRequestId).not.toBe(createLambdaContext().awsRequestId);
    expect(createLambdaContext({ awsRequestId: 'fixed' }).awsRequestId).toBe('fixed');
  });

  it('rejects the callback-era context methods', () => {
    expect(() => createLambdaContext().succeed('x')).toThrow(/not supported/);
  });
});
