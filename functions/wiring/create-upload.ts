import { documentClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { readConfig } from '../config.ts';
import { createUrlSigner } from './url-signer.ts';

/** What POST .../uploads uses: the catalogue records and the URL signer, nothing else. */
export const config = readConfig();
export const lifecycle = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const signer = createUrlSigner(config);
