import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SyncMonitoringProps {
  readonly alarmTopic: ITopic;
  readonly api: IHttpApi;
  readonly syncQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly ingest: IFunction;
  readonly worker: IFunction;
  readonly scheduledSync: IFunction;
  readonly syncStatus: IFunction;
  /** Alarm when the oldest sync message is older than this. */
  readonly queueAgeAlarmSeconds: number;
  /** Powertools metrics: namespace and the `service` dimension it adds to every metric. */
  readonly metricsNamespace: string;
  readonly serviceName: string;
}

export type SyncAlarmName =
  | 'deadLetterQueueNotEmpty'
  | 'syncQueueOldestMessageAge'
  | 'workerErrors'
  | 'workerThrottles'
  | 'ingestErrors'
  | 'api5xx'
  | 'scheduledSyncErrors'
  | 'scheduledSyncStepFailures'
  | 'itemsParked';

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms on everything that could lose or stall a producer's item, each notifying the alarm topic
 * (and again when it recovers), and one dashboard that follows an item through the sync flow.
 */
export class SyncMonitoring extends Construct {
  readonly alarms: Readonly<Record<SyncAlarmName, cloudwatch.Alarm>>;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: SyncMonitoringProps) {
    super(scope, id);
    const action = new SnsAction(props.alarmTopic);
    const alarm = (
      name: SyncAlarmName,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
    ): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        // No datapoints means nothing happened (no messages, no invocations): not a failure.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      return created;
    };

    const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
    const appMetric = (metricName: string, label: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: props.serviceName },
        statistic: cloudwatch.Stats.SUM,
        period: FIVE_MINUTES,
        label,
      });

    const max = { period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM };
    this.alarms = {
      deadLetterQueueNotEmpty: alarm(
        'deadLetterQueueNotEmpty',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(max),
        0,
        'Sync tasks failed every delivery and are in the DLQ. Inspect them, fix the cause, then replay (docs/deploy.md).',
      ),
      syncQueueOldestMessageAge: alarm(
        'syncQueueOldestMessageAge',
        props.syncQueue.metricApproximateAgeOfOldestMessage(max),
        props.queueAgeAlarmSeconds,
        `The oldest sync task has waited over ${props.queueAgeAlarmSeconds} s: the worker is stalled or throttled.`,
      ),
      workerErrors: alarm(
        'workerErrors',
        props.worker.metricErrors(sum),
        0,
        'sync-worker invocations failed as a whole (crash or timeout), not single records.',
      ),
      workerThrottles: alarm(
        'workerThrottles',
        props.worker.metricThrottles(sum),
        0,
        'sync-worker was throttled: account concurrency is exhausted.',
      ),
      ingestErrors: alarm(
        'ingestErrors',
        props.ingest.metricErrors(sum),
        0,
        'ingest-catalogue failed: producers get 5xx on upload.',
      ),
      api5xx: alarm('api5xx', props.api.metricServerError(sum), 0, 'The HTTP API answered 5xx.'),
      scheduledSyncErrors: alarm(
        'scheduledSyncErrors',
        props.scheduledSync.metricErrors(sum),
        0,
        'scheduled-sync failed: feeds are not rebuilt and stuck items are not re-queued.',
      ),
      scheduledSyncStepFailures: alarm(
        'scheduledSyncStepFailures',
        appMetric('ScheduledSyncFailures', 'scheduled-sync steps failed'),
        0,
        "A producer's re-queue or feed failed in a scheduled run (the others went on): its feed may be old. The scheduled-sync logs name the producer, channel and item.",
      ),
      itemsParked: alarm(
        'itemsParked',
        appMetric('ItemsParked', 'items parked'),
        0,
        'Items were re-queued the maximum number of times without reaching their channel and are parked FAILED: sync-status?state=FAILED lists them; a new upload retries them.',
      ),
    };

    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '# feedbridge sync flow\nupload → ingest-catalogue → sync queue → sync-worker → sync state; scheduled-sync rebuilds feeds and re-queues stuck items; the DLQ must stay empty.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph(
        '1. Uploads (HTTP API)',
        [props.api.metricCount(sum), props.api.metricClientError(sum), props.api.metricServerError(sum)],
        [props.api.metricLatency({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.p(95) })],
      ),
      graph(
        '2. Catalogue rows and changes',
        [appMetric('RowsAccepted', 'rows accepted'), appMetric('RowsRejected', 'rows rejected')],
        [
          appMetric('ProductsChanged', 'products changed'),
          appMetric('ProductsDelisted', 'products delisted'),
        ],
      ),
      graph(
        '3. Ingest function',
        [props.ingest.metricInvocations(sum), props.ingest.metricErrors(sum)],
        [props.ingest.metricDuration({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.p(95) })],
      ),
    );
    this.dashboard.addWidgets(
      graph(
        '4. Sync queue',
        [
          props.syncQueue.metricNumberOfMessagesSent(sum),
          props.syncQueue.metricNumberOfMessagesDeleted(sum),
          props.syncQueue.metricApproximateNumberOfMessagesVisible(max),
        ],
        [props.syncQueue.metricApproximateAgeOfOldestMessage(max)],
      ),
      graph(
        '5. Sync worker',
        [
          props.worker.metricInvocations(sum),
          props.worker.metricErrors(sum),
          props.worker.metricThrottles(sum),
        ],
        [props.worker.metricDuration({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.p(95) })],
      ),
      graph('6. Channel outcomes', [
        appMetric('ItemsSYNCED', 'synced'),
        appMetric('ItemsREJECTED', 'rejected'),
        appMetric('ItemsFAILED', 'failed'),
        appMetric('ItemsDELISTED', 'delisted'),
        appMetric('ItemsSuperseded', 'superseded (late, older)'),
      ]),
    );
    this.dashboard.addWidgets(
      graph('7. Dead-letter queue', [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(max)]),
      graph(
        '8. Scheduled sync',
        [
          appMetric('FeedsWritten', 'feeds written'),
          appMetric('ItemsRequeued', 'items re-queued'),
          appMetric('ItemsParked', 'items parked'),
          appMetric('ScheduledSyncFailures', 'steps failed'),
        ],
        [props.scheduledSync.metricErrors(sum), props.syncStatus.metricErrors(sum)],
      ),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: Object.values(this.alarms),
        width: 8,
        height: 6,
      }),
    );
  }
}
