import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Language, localisedMessage, negotiateLanguage } from '../core/messages/messages.ts';
import { LAMBDA_RESPONSE_MAX_BYTES } from '../core/service-limits.ts';

type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * Members that hold a producer's own data (a product's columns, the profile they saved, the item
 * as a channel receives it): their text is never translated, even where it has a code and a message.
 */
const PRODUCER_DATA_KEYS: ReadonlySet<string> = new Set(['item', 'attributes', 'profile', 'values']);

/** Every `{ code, message }` in the answer (the error, findings, reasons, warnings) in `language`. */
function localise(value: unknown, language: Language): unknown {
  if (Array.isArray(value)) return value.map((entry) => localise(entry, language));
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const localised: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(record)) {
    localised[key] = PRODUCER_DATA_KEYS.has(key) ? member : localise(member, language);
  }
  if (typeof record.code === 'string' && typeof record.message === 'string') {
    localised.message = localisedMessage({ code: record.code, message: record.message }, language);
  }
  return localised;
}

const headerValue = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found === undefined ? undefined : String(found[1]);
};

/**
 * A JSON answer in the caller's language: codes unchanged, each message from the code's catalogue
 * sentence (English keeps the API's own message, which names the value), a Content-Language
 * header and Vary: Accept-Language. Translated sentences can be longer than English ones: an
 * answer that would then pass Lambda's response limit stays in English rather than fail.
 */
export function localiseAnswer(
  answer: APIGatewayProxyStructuredResultV2,
  language: Language,
): APIGatewayProxyStructuredResultV2 {
  const contentType = headerValue(answer.headers, 'content-type') ?? '';
  if (answer.isBase64Encoded || !contentType.startsWith('application/json')) return answer;
  const withHeaders = (lang: Language, body: string | undefined) => ({
    ...answer,
    headers: { ...answer.headers, 'content-language': lang, vary: 'Accept-Language' },
    ...(body === undefined ? {} : { body }),
  });
  if (language === 'en' || answer.body === undefined) return withHeaders('en', answer.body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return withHeaders('en', answer.body);
  }
  const localised = withHeaders(language, JSON.stringify(localise(parsed, language)));
  const bytes = Buffer.byteLength(JSON.stringify(localised), 'utf8');
  return bytes <= LAMBDA_RESPONSE_MAX_BYTES ? localised : withHeaders('en', answer.body);
}

/**
 * Answers, errors included, in the language of the request's Accept-Language. Used before
 * httpErrors() so that its onError runs after httpErrors has turned the error into an answer.
 */
export function responseLanguage(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const localiseResponse = async (request: HttpRequest) => {
    if (!request.response || typeof request.response !== 'object') return;
    const language = negotiateLanguage(headerValue(request.event.headers, 'accept-language'));
    request.response = localiseAnswer(request.response, language);
  };
  return { after: localiseResponse, onError: localiseResponse };
}
