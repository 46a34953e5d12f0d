import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type {
  ISchedule,
  IScheduleTarget,
  ScheduleTargetConfig,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';

export interface InvokeFunctionTargetProps {
  /** Assumed by EventBridge Scheduler; must be allowed lambda:InvokeFunction on the function. */
  readonly role: iam.IRole;
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
  /** What the function receives: Scheduler sends only this (context attributes replaced). */
  readonly input: ScheduleTargetInput;
}

/**
 * A Scheduler target that invokes a function with a role the caller built. aws-scheduler-targets'
 * LambdaInvoke grants through `grantInvoke`, which adds the `<arn>:*` (every version and alias)
 * resource; the schedule only ever invokes the unqualified function, so the role needs exactly its ARN.
 */
export class InvokeFunctionTarget implements IScheduleTarget {
  constructor(
    private readonly func: IFunction,
    private readonly props: InvokeFunctionTargetProps,
  ) {}

  bind(_schedule: ISchedule): ScheduleTargetConfig {
    return {
      arn: this.func.functionArn,
      role: this.props.role,
      input: this.props.input,
      retryPolicy: {
        maximumRetryAttempts: this.props.retryAttempts,
        maximumEventAgeInSeconds: this.props.maxEventAge.toSeconds(),
      },
    };
  }
}
