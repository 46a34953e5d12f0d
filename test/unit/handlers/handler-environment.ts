import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Handlers read their configuration at import (cold start); unit tests set it first and then
 * import the handler module, with the SDK clients mocked by aws-sdk-client-mock.
 */
export function setHandlerEnvironment(): string {
  const objectDir = mkdtempSync(join(tmpdir(), 'feedbridge-handler-'));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    TABLE_NAME: 'feedbridge-test',
    SYNC_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/feedbridge-sync',
    LOCAL_OBJECT_DIR: objectDir,
    CHANNELS: 'tmall-global,freshippo',
    MAX_RECEIVE_COUNT: '3',
    INGEST_MAX_WAIT_MS: '300',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  return objectDir;
}
