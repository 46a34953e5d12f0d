import { readFile, stat } from 'node:fs/promises';
import { type CurrencyCode, currencySchema } from '../../functions/core/catalogue/model.ts';
import {
  checkProducerProfile,
  PROFILE_LIMITS,
  type ProducerProfile,
} from '../../functions/core/catalogue/producer-profile.ts';
import { UsageError } from './cli-errors.ts';

/**
 * `--profile <file.json>`: the producer profile a deployment would read the file with, checked by
 * the same schema as PUT .../profile. Unreadable or refused, it is a usage error with a code
 * (exit 1): the catalogue itself was not refused, the option was.
 */
/** A profile file may be indented generously, but not past this: it is read whole before the check. */
const PROFILE_FILE_MAX_BYTES = 4 * PROFILE_LIMITS.bytes;

export async function readProfileFile(path: string): Promise<ProducerProfile> {
  await checkProfileFileSize(path);
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `--profile ${path}: not a readable JSON file (${reason})`,
      'PROFILE_FILE_UNREADABLE',
    );
  }
  const checked = checkProducerProfile(document);
  if (checked.ok) return checked.profile;
  // Each problem with its code: a feed rule's (RULE_PATTERN_UNSAFE...) says more than PROFILE_INVALID.
  const lines = checked.problems.map(
    (problem) => `  ${problem.path || '(profile)'}: ${problem.code}: ${problem.message}`,
  );
  throw new UsageError(`--profile ${path} is refused:\n${lines.join('\n')}`, 'PROFILE_INVALID');
}

/**
 * A regular file of a profile's size, before anything is read: a FIFO would wait for a writer for
 * ever and a device such as /dev/zero would be read until memory runs out.
 */
async function checkProfileFileSize(path: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `--profile ${path}: not a readable JSON file (${reason})`,
      'PROFILE_FILE_UNREADABLE',
    );
  }
  if (!info.isFile()) {
    throw new UsageError(`--profile ${path}: not a regular file`, 'PROFILE_FILE_UNREADABLE');
  }
  if (info.size > PROFILE_FILE_MAX_BYTES) {
    throw new UsageError(
      `--profile ${path} is ${info.size} bytes; a profile file has at most ${PROFILE_FILE_MAX_BYTES}`,
      'PROFILE_INVALID',
    );
  }
}

/** `--currency <ISO 4217>`: the currency of prices that name none; wins over the profile's default. */
export function checkCurrencyOption(value: string | undefined): CurrencyCode | undefined {
  if (value === undefined) return undefined;
  const parsed = currencySchema.safeParse(value.toUpperCase());
  if (!parsed.success) {
    throw new UsageError(
      `--currency must be an ISO 4217 code this tool converts, such as RWF or USD (got "${value}")`,
    );
  }
  return parsed.data;
}
