import { parseDocument, LineCounter, visit, type Document } from 'yaml';
import { explainIssue } from './issues';
import { flowFileSchema, type OptionInput } from './schema';
import { pointTo } from './suggest';
import type { Flow, FlowNode, OptionDef } from './types';

export interface FlowProblem {
  file: string;
  line: number | null;
  node: string | null;
  message: string;
  /** How to put it right, when the message does not say it already. */
  fix?: string;
  /** Errors stop the start (loader) or fail CI (validator); absent means error. */
  level?: 'error' | 'warning';
}

/** Thrown when a flow file cannot be used; every problem names the file, the node and what is wrong. */
export class FlowLoadError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'FlowLoadError';
  }
}

/** `file:line (node "x"): problem — fix`, the one format of every flow problem. */
export const formatProblem = (p: FlowProblem): string =>
  `${p.file}${p.line ? `:${p.line}` : ''}${p.node ? ` (node "${p.node}")` : ''}: ${p.message}${p.fix ? ` — ${p.fix}` : ''}`;

export const LANGUAGE_PLACEHOLDER = '*languages';

/** A flow file read with its line numbers, for the loader's and the validator's messages. */
export interface FlowSource {
  /** Null when the file cannot be used at all. */
  flow: Flow | null;
  problems: FlowProblem[];
  /** The line of the YAML node at a path, or of the deepest part of the path that exists. */
  lineOf(path: (string | number)[]): number | null;
}

/**
 * Parse and check a flow file. `hash` is the sha256 of the text, computed by the caller
 * (hashing is I/O-free but async in Web Crypto, so it stays out of the engine).
 */
export function parseFlow(text: string, file: string, hash: string): Flow {
  const source = readFlow(text, file, hash);
  if (source.problems.length || !source.flow) throw new FlowLoadError(source.problems);
  return source.flow;
}

/** Like parseFlow, but returns every problem instead of throwing (for the validator). */
export function readFlow(text: string, file: string, hash: string): FlowSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (path: (string | number)[]): number | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return null;
  };
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => ({
      file,
      line: lines.linePos(e.pos[0]).line,
      node: nodeAt(doc, e.pos[0]),
      message: `not valid YAML: ${e.message.split('\n')[0]}`,
      fix: /unique/i.test(e.message)
        ? 'the same name appears twice at this level: rename or remove one'
        : /mapping|indent/i.test(e.message)
          ? 'check the indentation, and put quotes around a text with ": " or "#" in it'
          : 'check the YAML syntax on this line and the one above',
    }));
    return { flow: null, problems, lineOf };
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // yaml reports an alias to a missing anchor, or an alias bomb, only by throwing here.
    return { flow: null, problems: [aliasProblem(doc, lines, file, err)], lineOf };
  }
  const parsed = flowFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const { path, message, fix } = explainIssue(issue, raw);
      const node = path[0] === 'nodes' && typeof path[1] === 'string' ? path[1] : null;
      return { file, line: lineOf(path), node, message, ...(fix ? { fix } : {}) };
    });
    return { flow: null, problems, lineOf };
  }

  const data = parsed.data;
  const problems: FlowProblem[] = [];
  const ids = Object.keys(data.nodes);
  const missing = (next: string) => ({ fix: pointTo(next, ids, 'node ids') });
  const nodes: Record<string, FlowNode> = {};
  const qualify = (key: string) => (key.includes(':') ? key : `${data.id}:${key}`);

  for (const [nodeId, raw] of Object.entries(data.nodes)) {
    const problem = (message: string, path: (string | number)[], fix?: { fix: string }) =>
      problems.push({
        file,
        line: lineOf(['nodes', nodeId, ...path]),
        node: nodeId,
        message,
        ...fix,
      });
    const target = (next: string, field: string) => {
      if (!(next in data.nodes))
        problem(
          `${field} points to "${next}", which is not a node of this flow`,
          [field],
          missing(next),
        );
    };
    switch (raw.kind) {
      case 'say':
        nodes[nodeId] = { ...raw, id: nodeId, text: qualify(raw.text) };
        target(raw.next, 'next');
        break;
      case 'help':
      case 'services':
      case 'ticket':
      case 'resume':
      case 'set':
        nodes[nodeId] = { ...raw, id: nodeId } as FlowNode;
        target(raw.next, 'next');
        break;
      case 'choice': {
        const options =
          raw.options === 'languages'
            ? [{ id: LANGUAGE_PLACEHOLDER }]
            : raw.options.map((o) => toOption(o, qualify));
        const seen = new Set<string>();
        for (const { id, path } of raw.options === 'languages' ? [] : optionPaths(raw.options)) {
          if (seen.has(id))
            problem(`option "${id}" appears twice`, ['options', ...path], {
              fix: 'give each option of a question its own id, or remove one',
            });
          seen.add(id);
        }
        const leaf = raw.groupQuestion ? options.findIndex((o) => !o.children?.length) : -1;
        if (leaf >= 0) {
          problem(
            `with groupQuestion, every top-level option must be a group of options ("${options[leaf]!.id}" is not)`,
            ['options', leaf],
            { fix: `put "${options[leaf]!.id}" inside a group, or remove groupQuestion` },
          );
        }
        nodes[nodeId] = {
          ...raw,
          id: nodeId,
          text: qualify(raw.text),
          textMore: raw.textMore ? qualify(raw.textMore) : undefined,
          textHinted: raw.textHinted ? qualify(raw.textHinted) : undefined,
          options,
        } as FlowNode;
        target(raw.next, 'next');
        break;
      }
      case 'yesno':
      case 'text':
        nodes[nodeId] = { ...raw, id: nodeId, text: qualify(raw.text) };
        target(raw.next, 'next');
        break;
      case 'branch':
        nodes[nodeId] = { ...raw, id: nodeId };
        raw.cases.forEach((c, i) => {
          if (!(c.next in data.nodes))
            problem(
              `cases[${i}].next points to "${c.next}", which is not a node of this flow`,
              ['cases', i, 'next'],
              missing(c.next),
            );
        });
        target(raw.otherwise, 'otherwise');
        break;
      case 'end':
        nodes[nodeId] = { ...raw, id: nodeId, text: raw.text ? qualify(raw.text) : undefined };
        break;
    }
  }
  if (!(data.start in data.nodes)) {
    problems.push({
      file,
      line: lineOf(['start']),
      node: null,
      message: `start points to "${data.start}", which is not a node of this flow`,
      ...missing(data.start),
    });
  }
  if (data.onDanger && !(data.onDanger in data.nodes)) {
    problems.push({
      file,
      line: lineOf(['onDanger']),
      node: null,
      message: `onDanger points to "${data.onDanger}", which is not a node of this flow`,
      ...missing(data.onDanger),
    });
  }
  if (problems.length) return { flow: null, problems, lineOf };
  const flow: Flow = {
    id: data.id,
    version: data.version,
    hash,
    start: data.start,
    ...(data.onDanger ? { onDanger: data.onDanger } : {}),
    nodes,
    languages: [],
  };
  return { flow, problems, lineOf };
}

function toOption(o: string | OptionInput, qualify: (k: string) => string): OptionDef {
  if (typeof o === 'string') return { id: o };
  return {
    id: o.id,
    ...(o.label ? { label: qualify(o.label) } : {}),
    ...(o.options ? { children: o.options.map((c) => toOption(c, qualify)) } : {}),
  };
}

/** Each option id with its path inside the node, so a problem points at its own line. */
function optionPaths(
  options: (string | OptionInput)[],
  base: (string | number)[] = [],
): { id: string; path: (string | number)[] }[] {
  return options.flatMap((o, i) => {
    const path = [...base, i];
    if (typeof o === 'string') return [{ id: o, path }];
    return [{ id: o.id, path }, ...optionPaths(o.options ?? [], [...path, 'options'])];
  });
}

/** The node whose text holds an offset, for problems found before the file has a shape. */
function nodeAt(doc: ReturnType<typeof parseDocument>, offset: number): string | null {
  const nodes = doc.get('nodes', true) as
    | { items?: { key?: { value?: unknown; range?: number[] }; value?: { range?: number[] } }[] }
    | undefined;
  for (const item of nodes?.items ?? []) {
    const start = item.key?.range?.[0];
    const end = item.value?.range?.[2] ?? item.key?.range?.[2];
    if (start !== undefined && end !== undefined && offset >= start && offset <= end)
      return String(item.key?.value);
  }
  return null;
}

/** Every i18n key a flow uses, so locales can be checked against it. */
export function flowKeys(flow: Flow): string[] {
  const keys = new Set<string>();
  const optionKeys = (question: string, options: OptionDef[]) => {
    for (const o of options) {
      if (o.id !== LANGUAGE_PLACEHOLDER) keys.add(o.label ?? `common:option.${question}.${o.id}`);
      if (o.children) optionKeys(question, o.children);
    }
  };
  for (const node of Object.values(flow.nodes)) {
    if ('text' in node && node.text) keys.add(node.text);
    if (node.kind === 'choice') {
      if (node.textMore) keys.add(node.textMore);
      if (node.textHinted) keys.add(node.textHinted);
      for (const o of node.options) {
        if (o.id !== LANGUAGE_PLACEHOLDER)
          keys.add(o.label ?? `common:option.${node.groupQuestion ?? node.question}.${o.id}`);
        if (o.children) optionKeys(node.question, o.children);
      }
    }
  }
  return [...keys].sort();
}

/** The language question offers exactly the languages that have every text of the flow. */
export function withLanguages(flow: Flow, languages: string[]): Flow {
  const nodes = Object.fromEntries(
    Object.entries(flow.nodes).map(([id, n]) => [
      id,
      n.kind === 'choice' && n.options.some((o) => o.id === LANGUAGE_PLACEHOLDER)
        ? { ...n, options: languages.map((l) => ({ id: l })) }
        : n,
    ]),
  );
  return { ...flow, nodes, languages };
}

/** A YAML alias that cannot be resolved (or too many of them), at the first alias's line. */
export function aliasProblem(
  doc: Document,
  lines: LineCounter,
  file: string,
  err: unknown,
): FlowProblem {
  let line: number | null = null;
  visit(doc, {
    Alias(_, node) {
      if (line === null && node.range) line = lines.linePos(node.range[0]).line;
    },
  });
  return {
    file,
    line,
    node: null,
    message: `not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    fix: 'these files do not use YAML anchors and aliases (& and *): write the value out, or put quotes around a text that starts with *',
  };
}
