import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLING, LAMBDA_ALIASES, projectPath } from '../../lib/constructs/feedbridge-function.ts';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'feedbridge-aliases-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/*
 * What the bundles' aliases replace (LAMBDA_ALIASES) still does its job inside a bundle built with
 * the deployed options: an SDK client signs with the credentials Lambda puts in the environment and
 * sends its request through node:http, and importing it loads no undici.
 */
describe('bundle aliases', () => {
  it('a bundled DynamoDB client signs with the environment credentials and reaches the endpoint', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ TableNames: ['feedbridge'] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const entry = join(scratch, 'entry.mjs');
      writeFileSync(
        entry,
        [
          "import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';",
          `const client = new DynamoDBClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:${port}', maxAttempts: 1 });`,
          'const answer = await client.send(new ListTablesCommand({}));',
          "console.log(JSON.stringify({ tables: answer.TableNames, undici: process.moduleLoadList.some((name) => name.includes('undici')) }));",
        ].join('\n'),
      );
      const outfile = join(scratch, 'out.mjs');
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: BUNDLING.target,
        mainFields: BUNDLING.mainFields,
        banner: BUNDLING.banner === undefined ? {} : { js: BUNDLING.banner },
        alias: { ...LAMBDA_ALIASES },
        // The entry sits in a scratch folder: packages resolve from the project's node_modules.
        nodePaths: [projectPath('node_modules')],
        logLevel: 'silent',
      });
      const { stdout } = await run(process.execPath, [outfile], {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ACCESS_KEY_ID: 'ASIALAMBDAROLE',
          AWS_SECRET_ACCESS_KEY: 'role-secret',
          AWS_SESSION_TOKEN: 'role-session-token',
        },
      });
      expect(JSON.parse(stdout)).toEqual({ tables: ['feedbridge'], undici: false });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=ASIALAMBDAROLE\/\d{8}\/eu-west-1\/dynamodb\//,
      );
      expect(seen[0]?.['x-amz-security-token']).toBe('role-session-token');
    } finally {
      server.close();
    }
  }, 60_000);
});
