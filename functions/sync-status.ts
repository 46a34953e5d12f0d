import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { findingsListPage, listCatalogues, type Severity } from './core/sync/catalogue-views.ts';
import { RULE_EFFECTS, type RuleEffectName } from './core/sync/rule-effect.ts';
import { loadStoredReport } from './core/sync/stored-report.ts';
import { SYNC_STATES, type SyncStateName } from './core/sync/sync-states.ts';
import { getCatalogueStatus, getSyncStatus } from './core/sync/sync-status.ts';
import { BadRequestError } from './middleware/http-errors.ts';
import { errorResponse, jsonResponse } from './middleware/http-response.ts';
import { producerRoute } from './middleware/producer-route.ts';
import { requestOrigin } from './middleware/request-origin.ts';
import { blobs, config, syncStore } from './wiring/sync-status.ts';
import { createUrlSigner } from './wiring/url-signer.ts';

const signer = createUrlSigner(config);
const SEVERITIES = new Set<string>(['error', 'warning']);

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

// Decimal digits, no sign, no leading zero: Number() alone would also take "1e3", "0x10" and " 5".
const PLAIN_WHOLE_NUMBER = /^[1-9]\d{0,3}$/u;

function pageLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = PLAIN_WHOLE_NUMBER.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new BadRequestError('LIMIT_INVALID', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

/**
 * GET /producers/{producerId}/sync-status and GET /producers/{producerId}/catalogues/{catalogueId}.
 * One function serves both read routes: they share the same reads and the same authorization.
 */
export const lambdaHandler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const producerId = event.pathParameters?.producerId ?? '';
  const query = event.queryStringParameters ?? {};
  const limit = pageLimit(query.limit);
  const cursor = query.cursor ?? null;
  const catalogueId = event.pathParameters?.catalogueId;
  if (event.routeKey === 'GET /producers/{producerId}/catalogues') {
    return jsonResponse(200, await listCatalogues(producerId, { limit, cursor }, syncStore));
  }
  if (catalogueId && event.routeKey.endsWith('/findings')) {
    return findingsAnswer(producerId, catalogueId, query, { limit, cursor });
  }
  if (catalogueId) {
    const status = await getCatalogueStatus(
      producerId,
      catalogueId,
      { channels: config.CHANNELS, limit, cursor, ...requestOrigin(event) },
      { catalogues: syncStore, states: syncStore, blobs, ...(signer ? { signer } : {}) },
    );
    return status
      ? jsonResponse(200, status)
      : errorResponse(404, 'CATALOGUE_NOT_FOUND', `no catalogue ${catalogueId} for ${producerId}`);
  }
  const channel = query.channel;
  if (channel !== undefined && !config.CHANNELS.includes(channel)) {
    throw new BadRequestError('CHANNEL_UNKNOWN', `channel must be one of ${config.CHANNELS.join(', ')}`);
  }
  const state = query.state;
  if (state !== undefined && !SYNC_STATES.includes(state as SyncStateName)) {
    throw new BadRequestError('STATE_UNKNOWN', `state must be one of ${SYNC_STATES.join(', ')}`);
  }
  const ruleEffect = query.ruleEffect;
  if (ruleEffect !== undefined && !RULE_EFFECTS.includes(ruleEffect as RuleEffectName)) {
    throw new BadRequestError('RULE_EFFECT_UNKNOWN', `ruleEffect must be one of ${RULE_EFFECTS.join(', ')}`);
  }
  const status = await getSyncStatus(
    producerId,
    {
      channels: config.CHANNELS,
      limit,
      cursor,
      ...(channel ? { channel } : {}),
      ...(state ? { state: state as SyncStateName } : {}),
      ...(ruleEffect ? { ruleEffect: ruleEffect as RuleEffectName } : {}),
      ...(query.sku ? { sku: query.sku } : {}),
    },
    syncStore,
  );
  return jsonResponse(200, status);
};

/** GET .../catalogues/{catalogueId}/findings: one page of the stored report's findings, filtered. */
async function findingsAnswer(
  producerId: string,
  catalogueId: string,
  query: Record<string, string | undefined>,
  page: { limit: number; cursor: string | null },
): Promise<APIGatewayProxyStructuredResultV2> {
  const severity = query.severity;
  if (severity !== undefined && !SEVERITIES.has(severity)) {
    throw new BadRequestError('SEVERITY_UNKNOWN', 'severity must be error or warning');
  }
  const report = await syncStore.getReport(producerId, catalogueId);
  if (!report)
    return errorResponse(404, 'CATALOGUE_NOT_FOUND', `no catalogue ${catalogueId} for ${producerId}`);
  const stored =
    (report.status ?? 'DONE') === 'DONE' ? await loadStoredReport(blobs, report.reportKey) : null;
  if (!stored) return jsonResponse(200, { items: [], nextCursor: null, total: 0 });
  return jsonResponse(
    200,
    findingsListPage(stored, {
      ...page,
      ...(severity ? { severity: severity as Severity } : {}),
      ...(query.code ? { code: query.code } : {}),
      ...(query.field ? { field: query.field } : {}),
      ...(query.sku ? { sku: query.sku } : {}),
    }),
  );
}

export const handler = producerRoute(lambdaHandler);
