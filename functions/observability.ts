import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { searchCorrelationId } from './correlation-id.ts';

/**
 * One logger, metrics and tracer per process, configured by the POWERTOOLS_* environment
 * (service name, log level, namespace) that the CDK stack and the local stack both set.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'feedbridge',
  // Our correlation paths are plain property paths: no JMESPath engine needed (correlation-id.ts).
  correlationIdSearchFn: searchCorrelationId,
});
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Feedbridge',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'feedbridge',
});
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'feedbridge' });
