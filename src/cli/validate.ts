import { join } from 'node:path';
import { loadContent, readLocales, readReviewed } from '../entry/files';
import { FlowLoadError, flowKeys } from '../flow';
import { checkLocales, type LocaleProblem } from '../i18n/check';

/**
 * `validate [--unreviewed]`: flows, partner directory, routing rules and every locale, together.
 * Prints one line per problem with the file it is in; exit code 1 when any error was found.
 */
export async function validateCommand(
  args: string[],
  io: { out: (s: string) => void; flowsDir: string; localesDir: string },
): Promise<number> {
  const listUnreviewed = args.includes('--unreviewed');
  let content;
  try {
    content = await loadContent(io.flowsDir, io.localesDir);
  } catch (err) {
    io.out(
      `${err instanceof FlowLoadError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
    );
    io.out('\n1 file could not be loaded: fix it first.\n');
    return 1;
  }
  const resources = readLocales(io.localesDir);
  const reviewed = readReviewed(io.localesDir);
  const required = [...flowKeys(content.flow), 'emergency:card', 'emergency:helplines'];
  const problems = checkLocales(resources, required, reviewed);
  const where = (p: LocaleProblem) =>
    p.key === '*'
      ? join(io.localesDir, p.language)
      : join(io.localesDir, p.language, `${p.key.split(':')[0]}.json`);
  // Partners and routing rules first: they decide who is told of a case.
  const lines = [
    ...content.directory.problems.map((p) => ({ level: p.level, text: `${p.at}: ${p.message}` })),
    ...problems.map((p) => ({
      level: p.level,
      text: `${where(p)}: ${p.key === '*' ? '' : `${p.key}: `}${p.message}`,
    })),
  ];
  const errors = lines.filter((p) => p.level === 'error');
  const warnings = lines.filter((p) => p.level === 'warning');
  for (const p of [...errors, ...warnings])
    io.out(`${p.level === 'error' ? 'error' : 'warn '}  ${p.text}\n`);
  if (listUnreviewed) {
    for (const lng of Object.keys(resources).filter((l) => l !== 'en')) {
      const done = new Set(reviewed[lng] ?? []);
      for (const key of required.filter((k) => !done.has(k)))
        io.out(`unreviewed  ${lng}  ${key}\n`);
    }
  }
  io.out(
    `\n${content.flow.id} v${content.flow.version}: offered in ${content.flow.languages.join(', ')}; ` +
      `${content.directory.partners.length} partners, ${content.directory.rules.rules.length} routing rules; ${errors.length} errors, ${warnings.length} warnings.\n`,
  );
  return errors.length ? 1 : 0;
}
