import { CliError } from './tokens';

/**
 * `--name value` and `--flag` options; anything else is refused, so a mistyped `--require-totp`
 * cannot silently create an organisation without it.
 */
export function parseOptions<V extends string, F extends string>(
  command: string,
  args: string[],
  spec: { values: readonly V[]; flags: readonly F[] },
): { values: Partial<Record<V, string>>; flags: Record<F, boolean> } {
  const values: Partial<Record<V, string>> = {};
  const flags = Object.fromEntries(spec.flags.map((f) => [f, false])) as Record<F, boolean>;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && (spec.flags as readonly string[]).includes(name)) {
      flags[name as F] = true;
    } else if (name !== null && (spec.values as readonly string[]).includes(name)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new CliError(`${command}: --${name} needs a value`);
      values[name as V] = value;
      i++;
    } else {
      throw new CliError(`${command}: unexpected "${arg}"`);
    }
  }
  return { values, flags };
}
