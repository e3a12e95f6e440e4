import fc from 'fast-check';

/**
 * Mutations of real payloads for fuzzing: a few edits, each at a path of the value as it is by
 * then (delete, replace with an arbitrary or an awkward value, add an odd key), so the result is
 * mostly right and wrong in one place, which is where parsers break.
 */

type Path = (string | number)[];
type Edit =
  | { at: number; kind: 'delete' }
  | { at: number; kind: 'set'; value: unknown }
  | { at: number; kind: 'add'; key: string; value: unknown };

/** Values that trip careless code: wrong types, empties, huge and odd strings, deep nesting. */
export const awkwardValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    '',
    ' ',
    0,
    -1,
    1.5,
    -0,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    false,
    [],
    {},
    [null],
    { type: 'user' },
    'x'.repeat(5000),
    '\u0000',
    '\ud800',
    '__proto__',
    'constructor',
    'toString',
    '0',
    '1e3',
    'q=consent&choice=yes',
    'cmd=delete',
    'HT-22222-22222 2222-2222',
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

const awkwardKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''),
  fc.string({ maxLength: 12 }),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ at: fc.nat(), kind: fc.constant('delete' as const) }),
  fc.record({ at: fc.nat(), kind: fc.constant('set' as const), value: awkwardValue }),
  fc.record({
    at: fc.nat(),
    kind: fc.constant('add' as const),
    key: awkwardKey,
    value: awkwardValue,
  }),
);

/** Every path of a JSON value, the root first. */
export function pathsOf(v: unknown, base: Path = []): Path[] {
  if (Array.isArray(v)) return [base, ...v.flatMap((x, i) => pathsOf(x, [...base, i]))];
  if (v && typeof v === 'object')
    return [base, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...base, k]))];
  return [base];
}

function apply(root: unknown, e: Edit): unknown {
  const paths = pathsOf(root);
  const path = paths[e.at % paths.length]!;
  if (path.length === 0) {
    if (e.kind === 'set') return e.value;
    if (e.kind === 'delete') return undefined;
  }
  const parentPath = e.kind === 'add' ? path : path.slice(0, -1);
  let parent = root as Record<string | number, unknown>;
  for (const k of parentPath) parent = parent[k] as Record<string | number, unknown>;
  if (!parent || typeof parent !== 'object') return root;
  if (e.kind === 'add') {
    if (Array.isArray(parent)) parent.push(e.value);
    // defineProperty, so "__proto__" becomes an own key as JSON.parse would make it.
    else
      Object.defineProperty(parent, e.key, {
        value: e.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return root;
  }
  const key = path[path.length - 1]!;
  if (e.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = e.value;
  return root;
}

/** A deep copy of `base` with one to `max` edits. */
export const mutationOf = (base: unknown, max = 4): fc.Arbitrary<unknown> =>
  fc
    .array(edit, { minLength: 1, maxLength: max })
    .map((edits) => edits.reduce<unknown>((v, e) => apply(v, e), structuredClone(base)));

/** Text edits of a file, line by line: delete, repeat, swap, re-indent, or splice in junk. */
type LineEdit =
  | { kind: 'delete' | 'repeat' | 'indent' | 'dedent'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'splice'; at: number; column: number; junk: string };

const junk = fc.oneof(
  fc.constantFrom(
    ':',
    ': ',
    '- ',
    '#',
    '"',
    "'",
    '{',
    '}',
    '[',
    ']',
    '&a',
    '*a',
    '!!str',
    '|',
    '>',
    '\t',
    '? ',
    '%',
    '@',
    '`',
    '---',
    '...',
    'kind: say',
    'next: nowhere',
    '  ',
  ),
  fc.string({ maxLength: 8 }),
);

const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'delete' as const,
      'repeat' as const,
      'indent' as const,
      'dedent' as const,
    ),
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), column: fc.nat(), junk }),
);

export const textMutationOf = (text: string, max = 3): fc.Arbitrary<string> =>
  fc.array(lineEdit, { minLength: 1, maxLength: max }).map((edits) => {
    const lines = text.split('\n');
    for (const e of edits) {
      const i = e.at % lines.length;
      const line = lines[i]!;
      switch (e.kind) {
        case 'delete':
          lines.splice(i, 1);
          break;
        case 'repeat':
          lines.splice(i, 0, line);
          break;
        case 'indent':
          lines[i] = `  ${line}`;
          break;
        case 'dedent':
          lines[i] = line.replace(/^ {1,2}/, '');
          break;
        case 'swap': {
          const j = e.with % lines.length;
          [lines[i], lines[j]] = [lines[j]!, line];
          break;
        }
        case 'splice': {
          const c = e.column % (line.length + 1);
          lines[i] = line.slice(0, c) + e.junk + line.slice(c);
          break;
        }
      }
      if (!lines.length) lines.push('');
    }
    return lines.join('\n');
  });
