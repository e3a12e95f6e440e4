import { LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';

/** A finding about an operator-edited file that does not stop the start. */
export interface Problem {
  level: 'error' | 'warning';
  /** `flows/partners.yaml:12` */
  at: string;
  message: string;
}

/** A YAML file read with its line numbers, so every message can name `file:line`. */
export interface YamlSource {
  data: unknown;
  /** `file:line` of the node at `path`, or of the file when the node is not there. */
  at(path: readonly PropertyKey[]): string;
}

export function readYaml(text: string, file: string, fail: (message: string) => Error): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    const hint = /mapping/i.test(e.message) ? ' (a text with ": " in it needs quotes)' : '';
    throw fail(
      `${file}${line ? `:${line}` : ''}: not valid YAML: ${e.message.split('\n')[0]}${hint}`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An alias to a missing anchor, or an alias bomb: yaml says so only by throwing here.
    let line: number | null = null;
    visit(doc, {
      Alias(_, node) {
        if (line === null && node.range) line = lines.linePos(node.range[0]).line;
      },
    });
    throw fail(
      `${file}${line ? `:${line}` : ''}: not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)} (these files do not use anchors and aliases: write the value out, or quote a text that starts with *)`,
    );
  }
  return {
    data,
    at(path) {
      // The deepest node that exists: a missing field is reported where its parent is.
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as
          { range?: [number] } | undefined;
        if (node?.range) return `${file}:${lines.linePos(node.range[0]).line}`;
      }
      return file;
    },
  };
}

/**
 * A union's "Invalid input" says nothing: report the branch that got furthest instead (for
 * "one value or a list", the list's own complaint about the item that is wrong).
 */
function explain(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return [issue];
  const branch =
    issue.errors.find((b) => b.some((i) => i.code !== 'invalid_type')) ?? issue.errors[0]!;
  return branch.flatMap((i) => explain({ ...i, path: [...issue.path, ...i.path] }));
}

/** Every zod issue as `file:line: path: message`, one a line. */
export const issuesText = (source: YamlSource, error: z.ZodError): string =>
  error.issues
    .flatMap(explain)
    .map((i) => `${source.at(i.path)}: ${i.path.join('.') || '(file)'}: ${i.message}`)
    .join('\n');
