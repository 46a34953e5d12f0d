import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * What a queue holds right now, up to one receive's worth (10), without waiting: tests take
 * messages out to lose, duplicate or reorder them, or to read the dead-letter queue.
 */
export async function receiveNow(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const received = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  return received.Messages ?? [];
}
