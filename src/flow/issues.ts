import type { z } from 'zod';
import { nodeSchema } from './schema';
import { pointTo } from './suggest';

/**
 * Zod's complaints about a flow file in the words of an operator: what is wrong with which field
 * of which node, and how to fix it. `data` is the file as parsed, to name the values involved.
 */

type Path = (string | number)[];
export interface Explained {
  /** Where the line is taken from (a misspelt field points at its own line). */
  path: Path;
  message: string;
  fix?: string;
}

/** The fields of each node kind, read from the schema so this never falls behind it. */
const FIELDS: Record<string, string[]> = Object.fromEntries(
  nodeSchema.options.map((o) => [
    String((o.shape.kind as unknown as { value: string }).value),
    Object.keys(o.shape).filter((k) => k !== 'kind'),
  ]),
);
export const NODE_KINDS = Object.keys(FIELDS);
const TOP_FIELDS = ['$schema', 'id', 'version', 'start', 'onDanger', 'nodes'];
const OPTION_FIELDS = ['id', 'label', 'options'];
const EXITS = new Set(['next', 'otherwise']);

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

const get = (data: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    data,
  );

export function explainIssue(issue: z.core.$ZodIssue, data: unknown): Explained {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const inNode = path[0] === 'nodes' && path.length >= 2;
  const kind = inNode ? String(get(data, ['nodes', path[1]!, 'kind']) ?? '') : '';
  // Inside a node, the node is named beside the line: the path starts at its field.
  const where = (inNode ? path.slice(2) : path).join('.') || 'file';
  const field = path[path.length - 1];

  switch (issue.code) {
    case 'invalid_union':
      if (field === 'kind' && 'discriminator' in issue) {
        const value = get(data, path);
        return value === undefined
          ? { path, message: 'a node needs a kind', fix: `add kind: ${NODE_KINDS.join(' | ')}` }
          : {
              path,
              message: `kind "${String(value)}" is not a node kind`,
              fix: pointTo(String(value), NODE_KINDS, 'node kinds'),
            };
      }
      break;
    case 'invalid_type': {
      const value = get(data, path);
      if (value !== undefined)
        return {
          path,
          message: `${where} must be ${article(issue.expected)} ${issue.expected}, not ${Array.isArray(value) ? 'a list' : `${article(typeof value)} ${typeof value}`}`,
          ...(issue.expected === 'string' ? { fix: 'put the value in quotes' } : {}),
        };
      if (inNode && path.length === 3 && EXITS.has(String(field)))
        return {
          path,
          message: `dead end: this ${kind} node has no ${String(field)}, so the conversation would stop here without ending`,
          fix:
            field === 'otherwise'
              ? 'add otherwise: <node id>, where to go when no case holds'
              : 'add next: <node id>, or make it kind: end to finish the conversation here',
        };
      return {
        path,
        message: `${where} is missing`,
        fix: `add ${String(field)}: … (${issue.expected})`,
      };
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const isOption = path.includes('options');
      const fields =
        !inNode && path.length === 0 ? TOP_FIELDS : isOption ? OPTION_FIELDS : (FIELDS[kind] ?? []);
      const owner = isOption
        ? 'an option'
        : inNode
          ? `${article(kind)} ${kind} node`
          : 'a flow file';
      const fix =
        kind === 'end' && key === 'next' && !isOption
          ? 'an end node finishes the conversation: remove next, or use kind: say to go on'
          : pointTo(key, fields, `fields of ${owner}`).replace(
              /^use one of/,
              'remove it, or use one of',
            );
      return { path: [...path, key], message: `"${key}" is not a field of ${owner}`, fix };
    }
    case 'invalid_key':
      if (inNode && path.length === 2)
        return {
          path,
          message: `node id "${String(path[1])}" is not allowed`,
          fix: 'use lower-case letters, digits and _, starting with a letter (like ask_prefecture)',
        };
      break;
    case 'invalid_format':
      return {
        path,
        message: `${where} "${String(get(data, path))}" is not allowed`,
        fix: issue.message,
      };
    case 'too_small':
      if (issue.origin === 'array')
        return {
          path,
          message: `${where} is empty`,
          fix: `give at least ${String(issue.minimum)}`,
        };
      break;
  }
  return { path, message: `${where}: ${issue.message}` };
}
