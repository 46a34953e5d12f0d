import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  MiddlewareStack,
} from '@smithy/types';

/**
 * Counts AWS calls made through any SDK v3 client, so tests and benchmarks can assert the number of
 * requests ("zero writes and zero messages for an unchanged re-upload", "one BatchWriteItem per 25").
 *
 *   const counter = countCalls();
 *   clients.dynamodb.middlewareStack.use(counter);   // the document client shares this stack
 *   clients.sqs.middlewareStack.use(counter);
 *
 * `calls` counts commands as the caller issued them; `attempts` counts HTTP requests, retries included.
 */

/** Operations whose input carries several items or entries: how many. Every other call carries one. */
function itemCount(operation: string, input: unknown): number {
  if (typeof input !== 'object' || input === null) return 1;
  const record = input as Record<string, unknown>;
  const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
  const sumOverTables = (value: unknown, pick: (table: unknown) => unknown): number =>
    typeof value === 'object' && value !== null
      ? Object.values(value).reduce<number>((sum, table) => sum + lengthOf(pick(table)), 0)
      : 0;
  switch (operation) {
    case 'BatchWriteItem':
      return sumOverTables(record.RequestItems, (table) => table);
    case 'BatchGetItem':
      return sumOverTables(record.RequestItems, (table) =>
        typeof table === 'object' && table !== null ? (table as Record<string, unknown>).Keys : undefined,
      );
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return lengthOf(record.TransactItems);
    case 'SendMessageBatch':
    case 'DeleteMessageBatch':
    case 'ChangeMessageVisibilityBatch':
      return lengthOf(record.Entries);
    default:
      return 1;
  }
}

const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
const MESSAGE_OPERATIONS = new Set(['SendMessage', 'SendMessageBatch']);

function operationOf(context: HandlerExecutionContext): string {
  const name = context.commandName ?? 'Unknown';
  return name.endsWith('Command') ? name.slice(0, -'Command'.length) : name;
}

export interface CallCountSnapshot {
  /** Commands sent, by operation name (e.g. 'BatchWriteItem'). */
  readonly calls: Readonly<Record<string, number>>;
  /** Items or entries those commands carried: BatchWriteItem requests, SendMessageBatch entries, ... */
  readonly items: Readonly<Record<string, number>>;
  /** HTTP requests, retries included. */
  readonly attempts: Readonly<Record<string, number>>;
}

/** A Pluggable for any client: `client.middlewareStack.use(counter)`. */
export interface CallCounter {
  applyToStack<Input extends object, Output extends object>(stack: MiddlewareStack<Input, Output>): void;
  /** Commands of one operation, or of all when omitted. */
  calls(operation?: string): number;
  /** Items or entries of one operation (calls of a single-item operation count one each). */
  items(operation: string): number;
  attempts(operation?: string): number;
  /** Items written to DynamoDB: PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems items. */
  writes(): number;
  /** Messages sent to SQS: SendMessage plus SendMessageBatch entries. */
  messages(): number;
  snapshot(): CallCountSnapshot;
  reset(): void;
}

export function countCalls(name = 'feedbridgeCallCounter'): CallCounter {
  let calls = new Map<string, number>();
  let items = new Map<string, number>();
  let attempts = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string, by: number): void => {
    map.set(key, (map.get(key) ?? 0) + by);
  };
  const total = (map: Map<string, number>, operation?: string): number =>
    operation === undefined ? [...map.values()].reduce((sum, n) => sum + n, 0) : (map.get(operation) ?? 0);
  const sumOf = (operations: ReadonlySet<string>): number =>
    [...items.entries()].reduce((sum, [operation, n]) => (operations.has(operation) ? sum + n : sum), 0);

  const countCommand =
    <Input extends object, Output extends object>(
      next: InitializeHandler<Input, Output>,
      context: HandlerExecutionContext,
    ) =>
    (args: InitializeHandlerArguments<Input>) => {
      const operation = operationOf(context);
      bump(calls, operation, 1);
      bump(items, operation, itemCount(operation, args.input));
      return next(args);
    };

  const countAttempt =
    <Input extends object, Output extends object>(
      next: FinalizeHandler<Input, Output>,
      context: HandlerExecutionContext,
    ) =>
    (args: FinalizeHandlerArguments<Input>) => {
      bump(attempts, operationOf(context), 1);
      return next(args);
    };

  return {
    applyToStack<Input extends object, Output extends object>(stack: MiddlewareStack<Input, Output>): void {
      // Idempotent per stack: adding the same counter twice must not double-count.
      stack.remove(`${name}Calls`);
      stack.remove(`${name}Attempts`);
      stack.add(countCommand, { step: 'initialize', priority: 'high', name: `${name}Calls` });
      // Low priority in finalizeRequest runs inside the (high-priority) retry middleware: once per attempt.
      stack.add(countAttempt, { step: 'finalizeRequest', priority: 'low', name: `${name}Attempts` });
    },
    calls: (operation) => total(calls, operation),
    items: (operation) => total(items, operation),
    attempts: (operation) => total(attempts, operation),
    writes: () => sumOf(WRITE_OPERATIONS),
    messages: () => sumOf(MESSAGE_OPERATIONS),
    snapshot: () => ({
      calls: Object.fromEntries(calls),
      items: Object.fromEntries(items),
      attempts: Object.fromEntries(attempts),
    }),
    reset() {
      calls = new Map();
      items = new Map();
      attempts = new Map();
    },
  };
}
