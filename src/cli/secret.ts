import { nodeKeys } from '../crypto/node-keys';
import type { Database } from '../db/types';
import { rotateSecret } from '../privacy/rotate';
import type { Directory } from '../routing/directory';
import { partnerSecretVariable } from '../config';
import { CliError } from './tokens';

const USAGE = 'usage: NEW_HOTLINE_SECRET=<new secret> secret rotate   (with the server stopped)';

export interface SecretCommandIo {
  out: (s: string) => void;
  database: () => Database;
  directory: () => Directory;
  /** The secret in use now: HOTLINE_SECRET, or in development the generated one. */
  current: () => { secret: string; development: boolean };
  /** The secret to move to (NEW_HOTLINE_SECRET). */
  next: string | undefined;
  partnerSecrets: Record<string, string>;
  /** In development: keep the new secret where the server will find it. */
  saveDevelopmentSecret: (secret: string) => void;
}

/**
 * `secret rotate`: re-encrypts every sealed value and re-derives every pseudonym under
 * NEW_HOTLINE_SECRET, in one commit. Partners that verify signatures with the derived secret
 * (no PARTNER_SECRET_<ID> of their own) need their new one (`partners secret`).
 */
export async function secretCommand(args: string[], io: SecretCommandIo): Promise<void> {
  if (args[0] !== 'rotate' || args.length > 1) throw new CliError(USAGE);
  const next = io.next?.trim();
  if (!next || next.length < 32)
    throw new CliError(
      `secret rotate: NEW_HOTLINE_SECRET must be at least 32 characters\n${USAGE}`,
    );
  const current = io.current();
  if (next === current.secret)
    throw new CliError('secret rotate: NEW_HOTLINE_SECRET is the secret in use now');
  let report;
  try {
    report = await rotateSecret(io.database(), nodeKeys(current.secret), nodeKeys(next));
  } catch (err) {
    // The first value that does not open says the current secret is not this database's.
    if (err instanceof Error && /unsupported state|authenticate|decrypt/i.test(err.message))
      throw new CliError(
        'secret rotate: the current secret does not open the data in DATABASE_PATH; nothing was changed. Is HOTLINE_SECRET the one the server uses?',
      );
    throw err;
  }
  if (current.development) io.saveDevelopmentSecret(next);
  const derived = io
    .directory()
    .partners.filter((p) => p.notificationUrl && !io.partnerSecrets[partnerSecretVariable(p.id)])
    .map((p) => p.id);
  io.out(
    [
      `Re-encrypted under the new secret: ${report.conversations} conversations, ${report.events} waiting events, ${report.messages} outgoing messages, ${report.threadMessages} case messages, ${report.notes} notes, ${report.totpSecrets} two-factor secrets.`,
      current.development
        ? 'The development secret file now holds the new secret.'
        : 'Now set HOTLINE_SECRET to the new secret (and remove NEW_HOTLINE_SECRET), then start the server.',
      ...(derived.length
        ? [
            `Notification signing secrets changed for: ${derived.join(', ')}. Give each partner its new one: npm run --silent cli -- partners secret --partner <id>`,
          ]
        : []),
      '',
    ].join('\n'),
  );
}
