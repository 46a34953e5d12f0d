/**
 * A bounded hand-off between one producer loop and one consumer that wants an AsyncIterable:
 * `push` waits while the buffer is full, so a slow consumer (a renderer writing to disk)
 * slows the reader down instead of letting items pile up in memory.
 */
export interface AsyncPipe<T> extends AsyncIterable<T> {
  push(value: T): Promise<void>;
  end(): void;
}

export function createAsyncPipe<T>(capacity = 256): AsyncPipe<T> {
  const buffer: T[] = [];
  let ended = false;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;

  const signalConsumer = () => {
    const wake = wakeConsumer;
    wakeConsumer = null;
    wake?.();
  };

  return {
    async push(value: T) {
      if (ended) throw new Error('push after end');
      while (buffer.length >= capacity) {
        await new Promise<void>((resolve) => {
          wakeProducer = resolve;
        });
      }
      buffer.push(value);
      signalConsumer();
    },
    end() {
      ended = true;
      signalConsumer();
    },
    async *[Symbol.asyncIterator]() {
      let index = 0;
      while (true) {
        if (index < buffer.length) {
          const value = buffer[index] as T;
          index += 1;
          // Compact now and then rather than shift() per item (O(n) each).
          if (index >= 1024 || index === buffer.length) {
            buffer.splice(0, index);
            index = 0;
            const wake = wakeProducer;
            wakeProducer = null;
            wake?.();
          }
          yield value;
          continue;
        }
        if (ended) return;
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    },
  };
}
