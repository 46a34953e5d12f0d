import { documentClient } from '../adapters/aws-clients.ts';
import { DynamoDbProfileStore } from '../adapters/dynamodb-profile-store.ts';
import { readConfig } from '../config.ts';

/**
 * The profile store alone: the profile routes use it, and both ingests read the producer's
 * current profile through it (imported beside their own wiring, which stays as it is).
 */
export const profileStore = new DynamoDbProfileStore(documentClient, readConfig().TABLE_NAME);
