import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PROFILE_LIMITS } from './core/catalogue/producer-profile.ts';
import { currentProfile, parseIfMatch, saveProfile } from './core/profile/profile-record.ts';
import { BadRequestError } from './middleware/http-errors.ts';
import { errorResponse, jsonResponse } from './middleware/http-response.ts';
import { producerRoute } from './middleware/producer-route.ts';
import { logger } from './observability.ts';
import { profileStore } from './wiring/producer-profile.ts';

/** A body this large cannot be a profile (at most PROFILE_LIMITS.bytes once parsed): refused unread. */
const BODY_MAX_BYTES = PROFILE_LIMITS.bytes * 4;

function parseBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  const text = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8').toString('utf8')
    : '';
  if (Buffer.byteLength(text) > BODY_MAX_BYTES) {
    throw new BadRequestError(
      'PROFILE_TOO_LARGE',
      `a profile is at most ${PROFILE_LIMITS.bytes} bytes of JSON`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('BODY_INVALID', 'the body must be the profile as a JSON object');
  }
}

/**
 * GET and PUT /producers/{producerId}/profile. GET answers the current version, or version 0 with
 * an empty profile for a producer who never saved one (the portal edits that as a first draft).
 * PUT saves over the version its If-Match names; a newer one answers 409 with the current record.
 */
export const lambdaHandler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const producerId = event.pathParameters?.producerId ?? '';
  if (event.requestContext.http.method === 'GET') {
    return jsonResponse(200, await currentProfile(producerId, profileStore));
  }
  const expected = parseIfMatch(event.headers?.['if-match']);
  if (expected === null) {
    throw new BadRequestError('IF_MATCH_INVALID', 'If-Match must name a profile version, such as "3"');
  }
  const document = parseBody(event);
  const saved = await saveProfile(producerId, document, expected, {
    profiles: profileStore,
    now: () => new Date(),
  });
  if (saved.outcome === 'invalid') {
    return errorResponse(400, 'PROFILE_INVALID', 'the profile is refused; nothing was saved', {
      problems: saved.problems,
    });
  }
  if (saved.outcome === 'conflict') {
    return errorResponse(
      409,
      'PROFILE_VERSION_CONFLICT',
      `the profile was saved again since version ${expected}: it is at version ${saved.current.version}; read it and save over that`,
      { current: saved.current },
    );
  }
  logger.info('profile saved', { producerId, version: saved.record.version });
  return jsonResponse(200, saved.record);
};

export const handler = producerRoute(lambdaHandler);
