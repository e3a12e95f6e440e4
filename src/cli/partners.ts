import type { Directory } from '../routing/directory';
import type { NotifyKeys } from '../tickets/signing';
import { route } from '../routing/route';
import { triage } from '../triage/urgency';
import { CliError } from './tokens';

const USAGE = `usage: partners secret --partner <partner id>
       partners route --category <id>[,<id>…] [--residence <id>] [--prefecture JP-xx] [--language <id>]`;

/**
 * `partners secret --partner <id>`: the partner's current signing secret alone on standard output,
 * for the partner to verify notifications. `partners route …`: which partner and rule would take
 * a case with these facts, to try changes to flows/routing.yaml.
 */
export async function partnersCommand(
  args: string[],
  io: { out: (s: string) => void; directory: () => Directory; notify: () => NotifyKeys },
): Promise<void> {
  const [sub, ...rest] = args;
  const opt = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const directory = io.directory();
  switch (sub) {
    case 'secret': {
      const id = opt('partner');
      if (!id) throw new CliError('partners secret: --partner <partner id> is required');
      if (!directory.byId(id))
        throw new CliError(
          `partners secret: no partner "${id}" in the directory (known: ${directory.partners.map((p) => p.id).join(', ')})`,
        );
      io.out((await io.notify().secretOf(id)) + '\n');
      return;
    }
    case 'route': {
      const picked = (opt('category') ?? '').split(',').filter(Boolean);
      const t = triage({ picked, danger: [], stillHappening: null, safeNow: null });
      const routed = route(directory, {
        ...t,
        residenceStatus: opt('residence') ?? null,
        prefecture: opt('prefecture') ?? null,
        language: opt('language') ?? 'en',
      });
      io.out(
        `${routed.partner.id} (${routed.partner.kind}): rule ${routed.rule.id}: ${routed.rule.why}\n`,
      );
      return;
    }
    default:
      throw new CliError(USAGE);
  }
}
