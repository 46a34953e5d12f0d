import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack } from '../../local/embedded-stack.ts';
import { DataDirInUseError, PortUnavailableError } from '../../local/startup-errors.ts';

/*
 * A start that cannot complete says why in terms the caller can act on, and stops what it had
 * started: the data dir and every port are free again afterwards.
 */

let dataDir: string;
let blocker: Server;
let takenPort: number;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-startup-'));
  blocker = await new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
  const address = blocker.address();
  takenPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(process.env.FEEDBRIDGE_DYNAMODB === 'dynamodb-local')('startEmbeddedStack', () => {
  it('refuses a data dir whose store another stack holds, and leaves that stack working', async () => {
    const first = await startEmbeddedStack({ dataDir });
    try {
      await expect(startEmbeddedStack({ dataDir })).rejects.toEqual(new DataDirInUseError(dataDir));
      const { TableNames } = await first.clients.dynamodb.send(new ListTablesCommand({}));
      expect(TableNames).toContain(first.tableName);
    } finally {
      await first.stop();
    }
  });

  it.each(['dynamodb', 'sqs'] as const)(
    'names the %s port in use, and releases the data dir it had opened',
    async (service) => {
      const ports = service === 'dynamodb' ? { dynamodbPort: takenPort } : { sqsPort: takenPort };
      const failure = await startEmbeddedStack({ dataDir, ...ports }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PortUnavailableError);
      expect(failure).toMatchObject({ service, port: takenPort, reason: 'in-use' });
      const next = await startEmbeddedStack({ dataDir });
      await next.stop();
    },
  );
});
