import { formatFinding } from './findings';
import { parseOptions } from './options';
import { validateFiles } from './validate-files';

/**
 * `validate [--unreviewed]`: flows, partner directory, routing rules, services and every locale,
 * together. One line per problem, `file:line (node "x"): problem — fix`; exit code 1 when any
 * error was found, 0 with warnings only.
 */
export async function validateCommand(
  args: string[],
  io: { out: (s: string) => void; flowsDir: string; localesDir: string },
): Promise<number> {
  const { flags } = parseOptions('validate', args, { values: [], flags: ['unreviewed'] });
  const { findings, flows, directory, locales, required } = await validateFiles(
    io.flowsDir,
    io.localesDir,
  );
  for (const f of findings)
    io.out(`${f.level === 'error' ? 'error' : 'warn '}  ${formatFinding(f)}\n`);
  if (flags.unreviewed) {
    for (const lng of Object.keys(locales.resources).filter((l) => l !== 'en')) {
      const done = new Set(locales.reviewed[lng] ?? []);
      for (const key of required.filter((k) => !done.has(k)))
        io.out(`unreviewed  ${lng}  ${key}\n`);
    }
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const about = [
    ...(flows.length ? [] : ['no flow could be loaded']),
    ...flows.map(
      (f) => `${f.id} v${f.version}: offered in ${f.languages.join(', ') || 'no language'}`,
    ),
    ...(directory
      ? [`${directory.partners.length} partners, ${directory.rules.rules.length} routing rules`]
      : []),
  ];
  io.out(
    `\n${[...about, `${count(errors, 'error')}, ${count(warnings, 'warning')}.`].join('; ')}\n`,
  );
  return errors ? 1 : 0;
}
