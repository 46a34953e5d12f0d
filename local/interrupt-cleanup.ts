/**
 * Undo work when a command is interrupted. Node ends a process on SIGINT or SIGTERM without
 * running any `finally`, so what a command created for itself (a staging folder, a temporary
 * database) would stay behind. A command registers the cleanup of what it created and drops the
 * registration once it has cleaned up itself; a signal runs every pending cleanup, newest first,
 * then ends the process with the shell's code for that signal (130 for SIGINT, 143 for SIGTERM).
 */

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

const pending = new Set<() => Promise<void>>();
let installed = false;
let interrupted = false;

async function runPendingAndExit(signal: HandledSignal): Promise<void> {
  // A second signal while cleaning up means "stop now".
  if (interrupted) process.exit(SIGNAL_EXIT_CODES[signal]);
  interrupted = true;
  for (const cleanup of [...pending].reverse()) {
    pending.delete(cleanup);
    await cleanup().catch(() => undefined);
  }
  process.exit(SIGNAL_EXIT_CODES[signal]);
}

/** Runs `cleanup` if SIGINT or SIGTERM arrives before the returned function is called. */
export function cleanUpOnInterrupt(cleanup: () => Promise<void>): () => void {
  if (!installed) {
    installed = true;
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) {
      process.on(signal, () => void runPendingAndExit(signal));
    }
  }
  pending.add(cleanup);
  return () => {
    pending.delete(cleanup);
  };
}
