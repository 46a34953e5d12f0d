import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  MiddlewareStack,
} from '@smithy/types';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

/**
 * Seeded faults for the embedded stack. AWS faults are SDK middleware on the handlers' own clients,
 * so the deployed retry code (SDK retries, UnprocessedItems / Failed-entry drains) is what copes with
 * them; delivery faults wrap the worker at the poller boundary, where SQS and Lambda misbehave.
 */

export interface AwsFaultRates {
  /** Share of HTTP attempts answered with a throttling error before reaching the server. */
  throttle?: number;
  /** Share of HTTP attempts answered 500; half of them after the server did the work (a lost answer). */
  serverError?: number;
  /** Share of BatchWriteItem calls that leave part of their items unprocessed. */
  unprocessed?: number;
  /** Share of SendMessageBatch calls that report part of their entries Failed. */
  failedEntries?: number;
}

export interface FaultStats {
  throttled: number;
  serverErrors: number;
  unprocessedItems: number;
  failedEntries: number;
  duplicated: number;
  crashedBatches: number;
  dropped: number;
}

export function emptyFaultStats(): FaultStats {
  return {
    throttled: 0,
    serverErrors: 0,
    unprocessedItems: 0,
    failedEntries: 0,
    duplicated: 0,
    crashedBatches: 0,
    dropped: 0,
  };
}

class InjectedServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  constructor(name: string, status: number) {
    super(`injected ${name}`);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
  }
}

function operationOf(context: HandlerExecutionContext): string {
  const name = context.commandName ?? '';
  return name.endsWith('Command') ? name.slice(0, -'Command'.length) : name;
}

/** Splits a list: roughly half (at least one) kept, the rest handed back; never reorders. */
function splitSome<T>(items: readonly T[], random: () => number): { kept: T[]; rest: T[] } {
  const kept: T[] = [];
  const rest: T[] = [];
  for (const item of items) (random() < 0.5 ? rest : kept).push(item);
  if (rest.length === 0 && kept.length > 1) rest.push(kept.pop() as T);
  return { kept, rest };
}

/**
 * The AWS faults as one Pluggable. `setRates` changes them between scenarios (rates 0: no faults);
 * `stats` counts what was injected, the "retries" the scenario needed.
 */
export interface AwsFaults {
  applyToStack<Input extends object, Output extends object>(stack: MiddlewareStack<Input, Output>): void;
  setRates(rates: AwsFaultRates): void;
  readonly stats: FaultStats;
}

export function awsFaults(random: () => number, stats: FaultStats): AwsFaults {
  let rates: AwsFaultRates = {};

  const perAttempt =
    <Input extends object, Output extends object>(next: FinalizeHandler<Input, Output>) =>
    async (args: FinalizeHandlerArguments<Input>) => {
      const roll = random();
      const throttle = rates.throttle ?? 0;
      const serverError = rates.serverError ?? 0;
      if (roll < throttle) {
        stats.throttled += 1;
        throw new InjectedServiceError('ThrottlingException', 400);
      }
      if (roll < throttle + serverError) {
        stats.serverErrors += 1;
        // Half the 5xx come after the work was done: the caller must survive repeating it.
        if (random() < 0.5) await next(args);
        throw new InjectedServiceError('InternalServerError', 500);
      }
      return next(args);
    };

  const partialBatches =
    <Input extends object, Output extends object>(
      next: InitializeHandler<Input, Output>,
      context: HandlerExecutionContext,
    ) =>
    async (args: InitializeHandlerArguments<Input>): Promise<InitializeHandlerOutput<Output>> => {
      const operation = operationOf(context);
      const input = args.input as Record<string, unknown>;
      if (operation === 'BatchWriteItem' && random() < (rates.unprocessed ?? 0)) {
        const requestItems = input.RequestItems as Record<string, unknown[]>;
        const kept: Record<string, unknown[]> = {};
        const unprocessed: Record<string, unknown[]> = {};
        for (const [table, requests] of Object.entries(requestItems)) {
          const split = splitSome(requests, random);
          if (split.kept.length > 0) kept[table] = split.kept;
          if (split.rest.length > 0) unprocessed[table] = split.rest;
          stats.unprocessedItems += split.rest.length;
        }
        const result =
          Object.keys(kept).length > 0
            ? await next({ ...args, input: { ...input, RequestItems: kept } as Input })
            : ({ output: { $metadata: {} } as Output, response: {} } as InitializeHandlerOutput<Output>);
        const output = result.output as Record<string, unknown>;
        const already = (output.UnprocessedItems ?? {}) as Record<string, unknown[]>;
        for (const [table, requests] of Object.entries(unprocessed)) {
          already[table] = [...(already[table] ?? []), ...requests];
        }
        output.UnprocessedItems = already;
        return result;
      }
      if (operation === 'SendMessageBatch' && random() < (rates.failedEntries ?? 0)) {
        const entries = input.Entries as { Id: string }[];
        const split = splitSome(entries, random);
        stats.failedEntries += split.rest.length;
        const result =
          split.kept.length > 0
            ? await next({ ...args, input: { ...input, Entries: split.kept } as Input })
            : ({
                output: { $metadata: {}, Successful: [] } as Output,
                response: {},
              } as InitializeHandlerOutput<Output>);
        const output = result.output as Record<string, unknown>;
        const failed = (output.Failed ?? []) as unknown[];
        output.Failed = [
          ...failed,
          ...split.rest.map((entry) => ({
            Id: entry.Id,
            SenderFault: false,
            Code: 'InternalError',
            Message: 'injected partial failure',
          })),
        ];
        return result;
      }
      return next(args);
    };

  return {
    stats,
    setRates(next: AwsFaultRates) {
      rates = { ...next };
    },
    applyToStack<Input extends object, Output extends object>(stack: MiddlewareStack<Input, Output>): void {
      stack.remove('injectedFaultsPerAttempt');
      stack.remove('injectedFaultsPartialBatches');
      // Low priority in finalizeRequest: inside the SDK's retry middleware, so each fault is retried.
      stack.add(perAttempt, { step: 'finalizeRequest', priority: 'low', name: 'injectedFaultsPerAttempt' });
      // Initialize with low priority: after the document client has marshalled its input.
      stack.add(partialBatches, {
        step: 'initialize',
        priority: 'low',
        name: 'injectedFaultsPartialBatches',
      });
    },
  };
}

export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface DeliveryFaultRates {
  /** Share of records sent to the queue again after they were handled (at-least-once delivery). */
  duplicate?: number;
  /** Share of batches that crash after handling their first half: the whole batch is redelivered. */
  crash?: number;
  /** Share of records acknowledged without being handled (a message lost from the queue). */
  drop?: number;
}

export interface DeliveryFaults {
  readonly handler: WorkerHandler;
  setRates(rates: DeliveryFaultRates): void;
  readonly stats: FaultStats;
}

/** Wraps the worker as Lambda's event source would run it, misbehaving at the given rates. */
export function deliveryFaults(
  worker: WorkerHandler,
  random: () => number,
  stats: FaultStats,
  resend: (body: string) => Promise<void>,
): DeliveryFaults {
  let rates: DeliveryFaultRates = {};
  const handler: WorkerHandler = async (event, context) => {
    const records = event.Records.filter(() => {
      if (random() < (rates.drop ?? 0)) {
        stats.dropped += 1;
        return false;
      }
      return true;
    });
    if (records.length > 1 && random() < (rates.crash ?? 0)) {
      stats.crashedBatches += 1;
      await worker({ Records: records.slice(0, Math.ceil(records.length / 2)) }, context);
      throw new Error('injected crash mid-batch');
    }
    const response =
      records.length > 0 ? await worker({ Records: records }, context) : { batchItemFailures: [] };
    for (const record of records) {
      if (random() < (rates.duplicate ?? 0)) {
        stats.duplicated += 1;
        await resend(record.body);
      }
    }
    return response;
  };
  return {
    handler,
    stats,
    setRates(next: DeliveryFaultRates) {
      rates = { ...next };
    },
  };
}
