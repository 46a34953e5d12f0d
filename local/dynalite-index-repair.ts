import {
  type AttributeValue,
  DeleteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  type KeySchemaElement,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * dynalite writes an item and its index entries as separate LevelDB operations (the index entries
 * first), so a process killed between them leaves an index out of step with its table: a PENDING
 * sync state missing from the stuck index is never re-queued, and an entry left behind names an
 * item that changed or is gone. DynamoDB keeps its indexes itself; this is only for the embedded
 * store, run after an unclean stop and before anything else writes. Only dynalite's public API is
 * used: a put of an item rewrites its entries, and an entry is removed by putting the item with the
 * entry's key values and then putting it back as it is (or deleting it).
 */

type Item = Record<string, AttributeValue>;

interface IndexShape {
  name: string;
  keys: string[];
}

export interface IndexRepairReport {
  /** Items whose index entries were written again. */
  reindexed: number;
  /** Index entries that named an item changed since, or gone, and were removed. */
  staleEntries: number;
}

export async function repairIndexes(
  client: DynamoDBClient,
  tableNames: readonly string[],
): Promise<IndexRepairReport> {
  const report: IndexRepairReport = { reindexed: 0, staleEntries: 0 };
  for (const tableName of tableNames) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const tableKeys = keyNames(table?.KeySchema);
    const indexes: IndexShape[] = [
      ...(table?.GlobalSecondaryIndexes ?? []),
      ...(table?.LocalSecondaryIndexes ?? []),
    ].map((index) => ({ name: index.IndexName ?? '', keys: keyNames(index.KeySchema) }));
    if (indexes.length === 0) continue;
    report.reindexed += await reindexItems(client, tableName, indexes);
    for (const index of indexes) {
      report.staleEntries += await removeStaleEntries(client, tableName, tableKeys, index);
    }
  }
  return report;
}

function keyNames(schema: KeySchemaElement[] | undefined): string[] {
  return (schema ?? []).map((element) => element.AttributeName ?? '');
}

async function* scanAll(
  client: DynamoDBClient,
  input: ConstructorParameters<typeof ScanCommand>[0],
): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/** Every item that belongs in some index, put again as it is: its missing entries come back. */
async function reindexItems(
  client: DynamoDBClient,
  tableName: string,
  indexes: readonly IndexShape[],
): Promise<number> {
  const names: Record<string, string> = {};
  const keyNamesUsed = [...new Set(indexes.flatMap((index) => index.keys))];
  keyNamesUsed.forEach((key, position) => {
    names[`#k${position}`] = key;
  });
  const placeholder = (key: string) => `#k${keyNamesUsed.indexOf(key)}`;
  const filter = indexes
    .map((index) => `(${index.keys.map((key) => `attribute_exists(${placeholder(key)})`).join(' AND ')})`)
    .join(' OR ');
  let count = 0;
  for await (const item of scanAll(client, {
    TableName: tableName,
    ConsistentRead: true,
    FilterExpression: filter,
    ExpressionAttributeNames: names,
  })) {
    await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
    count += 1;
  }
  return count;
}

/** Entries whose item no longer carries the entry's key values (or no longer exists), removed. */
async function removeStaleEntries(
  client: DynamoDBClient,
  tableName: string,
  tableKeys: readonly string[],
  index: IndexShape,
): Promise<number> {
  const stale: Item[] = [];
  for await (const entry of scanAll(client, { TableName: tableName, IndexName: index.name })) {
    const key = pick(entry, tableKeys);
    const { Item: item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    if (item === undefined || !index.keys.every((name) => sameValue(item[name], entry[name])))
      stale.push(entry);
  }
  // Collected first: rewriting entries while the index is being scanned could move the scan.
  for (const entry of stale) {
    const key = pick(entry, tableKeys);
    const { Item: item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    // The entry's key values on the item make the entry the item's own again...
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...(item ?? entry), ...pick(entry, index.keys) } }),
    );
    // ...and writing the item back as it was (or deleting it) removes that entry.
    if (item === undefined) await client.send(new DeleteItemCommand({ TableName: tableName, Key: key }));
    else await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
  }
  return stale.length;
}

function pick(item: Item, names: readonly string[]): Item {
  const picked: Item = {};
  for (const name of names) {
    const value = item[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

function sameValue(left: AttributeValue | undefined, right: AttributeValue | undefined): boolean {
  return left !== undefined && right !== undefined && JSON.stringify(left) === JSON.stringify(right);
}
