/**
 * The AWS limits the design is shaped by, as plain numbers (no AWS import): the core bounds
 * products and answers by them, the adapters and the local doubles enforce them, and the CDK
 * stack configures the queues with them. docs/reliability.md ("Bombs and limits") says what
 * happens at each.
 */

/**
 * Largest SQS message we send, body and attributes. SQS itself takes up to 1 MiB since 2025; the
 * sync queues are configured with this (MaximumMessageSize), so AWS and the local queue refuse
 * anything larger the same way, and a batch of ten still fits Lambda's 6 MB event.
 */
export const SQS_MESSAGE_MAX_BYTES = 262_144;

/** DynamoDB's item limit (400 KB), attribute names and values counted in UTF-8. */
export const DYNAMODB_ITEM_MAX_BYTES = 409_600;

/** API Gateway HTTP API's body limit (10 MB): refused before any function is invoked. */
export const HTTP_API_BODY_MAX_BYTES = 10_485_760;

/**
 * Lambda's synchronous invocation request limit, on the whole event as JSON: a binary body (XLSX)
 * travels base64-encoded in it, a third larger, so the largest XLSX one request carries is about
 * 4.7 MB (6,291,456 x 3/4, less the headers), and the largest text body about 6.2 MB.
 */
export const LAMBDA_REQUEST_MAX_BYTES = 6_291_456;

/** Lambda's synchronous response limit, counted on the serialised result (the gateway answers 502 past it). */
export const LAMBDA_RESPONSE_MAX_BYTES = 6_291_556;
