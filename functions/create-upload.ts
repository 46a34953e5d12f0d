import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { createUploadTicket, UploadTooLargeError } from './core/sync/upload-ticket.ts';
import { BadRequestError } from './middleware/http-errors.ts';
import { errorResponse, jsonResponse } from './middleware/http-response.ts';
import { producerRoute } from './middleware/producer-route.ts';
import { requestOrigin } from './middleware/request-origin.ts';
import { logger } from './observability.ts';
import { config, lifecycle, signer } from './wiring/create-upload.ts';

const FORMATS = ['csv', 'tsv', 'xlsx', 'json', 'xml'] as const;
const MODES = ['full', 'delta'] as const;

/** Each field's refusal has its own code, so a script can tell which one to fix. */
const uploadBody = z
  .object({
    fileName: z
      .string({ message: 'FILE_NAME_INVALID' })
      .min(1, 'FILE_NAME_INVALID')
      .max(255, 'FILE_NAME_INVALID')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'FILE_NAME_INVALID'),
    format: z.enum(FORMATS, { message: 'FORMAT_UNSUPPORTED' }).optional(),
    mode: z.enum(MODES, { message: 'MODE_UNSUPPORTED' }).default('full'),
    size: z.number({ message: 'SIZE_INVALID' }).int('SIZE_INVALID').nonnegative('SIZE_INVALID').optional(),
  })
  .strict();

const MESSAGES: Record<string, string> = {
  FILE_NAME_INVALID: 'fileName must be the file’s name: 1 to 255 characters, no control characters',
  FORMAT_UNSUPPORTED: `format must be one of ${FORMATS.join(', ')}`,
  MODE_UNSUPPORTED: 'mode must be full or delta',
  SIZE_INVALID: 'size must be the file’s size in bytes, a whole number',
  BODY_INVALID: 'the body must be a JSON object { "fileName", "format"?, "mode"?, "size"? } and nothing else',
};

function parseBody(event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  let json: unknown;
  try {
    const text = event.body
      ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8').toString('utf8')
      : '';
    json = JSON.parse(text);
  } catch {
    throw new BadRequestError('BODY_INVALID', MESSAGES.BODY_INVALID ?? '');
  }
  const parsed = uploadBody.safeParse(json);
  if (parsed.success) return parsed.data;
  // A field that is not ours says more about the body than the fileName it then lacks.
  const issues = parsed.error.issues;
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
  const code = issue && Object.hasOwn(MESSAGES, issue.message) ? issue.message : 'BODY_INVALID';
  throw new BadRequestError(code, MESSAGES[code] ?? '');
}

/**
 * POST /producers/{producerId}/uploads: a signed PUT URL for a catalogue of any size up to
 * UPLOAD_MAX_BYTES, valid 15 minutes; the object's arrival starts the asynchronous ingest.
 */
export const lambdaHandler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const producerId = event.pathParameters?.producerId ?? '';
  const body = parseBody(event);
  if (!signer) {
    return errorResponse(
      503,
      'UPLOADS_UNAVAILABLE',
      'this server has no upload endpoint (run feedbridge serve)',
    );
  }
  try {
    const ticket = await createUploadTicket(
      {
        producerId,
        fileName: body.fileName,
        mode: body.mode,
        ...(body.format ? { format: body.format } : {}),
        ...(body.size === undefined ? {} : { size: body.size }),
        ...requestOrigin(event),
      },
      { lifecycle, signer, now: () => new Date(), maxBytes: config.UPLOAD_MAX_BYTES },
    );
    logger.info('upload issued', { producerId, catalogueId: ticket.catalogueId });
    return jsonResponse(201, ticket);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return errorResponse(413, error.code, error.message);
    throw error;
  }
};

export const handler = producerRoute(lambdaHandler);
