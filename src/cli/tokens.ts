import type { Database } from '../db/types';
import type { Directory } from '../routing/directory';
import { createPartnerToken } from '../tickets/tokens';

export class CliError extends Error {}

/** `tokens create --partner <id>`: prints the new token alone on standard output. */
export async function tokensCommand(
  args: string[],
  io: { out: (s: string) => void; database: () => Database; directory: () => Directory },
): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'create')
    throw new CliError('usage: tokens create --partner <partner id> [--label <text>]');
  const opt = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const partner = opt('partner');
  if (!partner) throw new CliError('tokens create: --partner <partner id> is required');
  const directory = io.directory();
  if (!directory.byId(partner)) {
    throw new CliError(
      `tokens create: no partner "${partner}" in the directory (known: ${directory.partners.map((p) => p.id).join(', ')})`,
    );
  }
  const token = await createPartnerToken(io.database(), partner, opt('label'));
  io.out(token + '\n');
}
