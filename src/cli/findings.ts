/** One problem the validator found in an operator-edited file. */
export interface Finding {
  level: 'error' | 'warning';
  file: string;
  line: number | null;
  /** The flow node, shown as `(node "x")`. */
  node?: string | null;
  /** The locale key, shown before the message. */
  key?: string;
  message: string;
  fix?: string;
}

/** `file:line (node "x"): problem — fix`, or `file:line: key: problem — fix` for a text. */
export const formatFinding = (f: Finding): string =>
  `${f.file}${f.line ? `:${f.line}` : ''}${f.node ? ` (node "${f.node}")` : ''}: ${f.key ? `${f.key}: ` : ''}${f.message}${f.fix ? ` — ${f.fix}` : ''}`;

/** The fix after the problem, where older messages put it after "; " or ": ". */
const FIX = /[;:] (?=(?:write|use|give|rename|remove|add|replace|fix) )/;

/**
 * Messages of the partner, routing and services loaders (`file:line: message`, one a line) as
 * findings; a line without a position names the file alone.
 */
export function fromLoaderText(text: string, level: Finding['level'] = 'error'): Finding[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^(.+?):(\d+): (.*)$/.exec(l) ?? /^(\S+?): (.*)$/.exec(l);
      const file = m ? m[1]! : '';
      const line = m && m.length === 4 ? Number(m[2]) : null;
      const rest = m ? m[m.length - 1]! : l;
      const cut = FIX.exec(rest);
      return {
        level,
        file,
        line,
        message: cut ? rest.slice(0, cut.index) : rest,
        ...(cut ? { fix: rest.slice(cut.index + 2) } : {}),
      };
    });
}
