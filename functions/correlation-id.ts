/**
 * Finds the correlation id in an event for Powertools Logger (`correlationIdSearchFn`), given a
 * dotted path such as 'requestContext.requestId'. Every `correlationIdPath` our handlers pass is a
 * plain path of property names, so this stands in for Powertools' JMESPath search, a 23 kB engine
 * in every bundle (docs/benchmarks.md, "Bundles"). Anything else is refused loudly, at the first
 * event, instead of finding nothing: a JMESPath expression needs that search back.
 */
const DOTTED_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

export function searchCorrelationId(expression: string, data: unknown): unknown {
  if (!DOTTED_PATH.test(expression)) {
    throw new Error(
      `correlationIdPath ${JSON.stringify(expression)} is not a dotted path of property names; ` +
        'JMESPath expressions need @aws-lambda-powertools/logger/correlationId',
    );
  }
  let value: unknown = data;
  for (const key of expression.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
