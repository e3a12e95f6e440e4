import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FlowLoadError, parseFlow, type FlowProblem } from '../../src/flow/load';
import { flowJsonSchema } from '../../src/flow/schema';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/flows/${name}`, import.meta.url));

/** Load a broken fixture and return the problems the loader reports. */
function problemsOf(name: string): { file: string; problems: FlowProblem[]; message: string } {
  const file = fixture(name);
  try {
    parseFlow(readFileSync(file, 'utf8'), file, 'test-hash');
  } catch (err) {
    expect(err).toBeInstanceOf(FlowLoadError);
    const e = err as FlowLoadError;
    return { file, problems: e.problems, message: e.message };
  }
  throw new Error(`${name} loaded although it is broken`);
}

describe('a broken flow file names the file, the node and the line', () => {
  it('unknown node kind: the `kind` line of that node', () => {
    const { file, problems, message } = problemsOf('unknown-kind.flow.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, node: 'shout', line: 12 });
    expect(problems[0]!.message).toMatch(/kind/);
    expect(message).toContain(`${file}:12 (node "shout")`);
  });

  it('`next` pointing to a missing node: the `next` line, naming the missing node', () => {
    const { file, problems, message } = problemsOf('missing-next.flow.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, node: 'ask', line: 15 });
    expect(problems[0]!.message).toContain('"goodbye"');
    expect(message).toContain(`${file}:15 (node "ask")`);
  });

  it('missing start node: the `start` line, naming the missing node', () => {
    const { file, problems, message } = problemsOf('missing-start.flow.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, node: null, line: 4 });
    expect(problems[0]!.message).toContain('"welcome"');
    expect(message).toContain(`${file}:4: start`);
  });

  it('duplicate option id: the node, and a line inside its options', () => {
    const { file, problems } = problemsOf('duplicate-option.flow.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, node: 'pick' });
    expect(problems[0]!.message).toContain('"apple"');
    expect(problems[0]!.line).toBeGreaterThanOrEqual(10);
    expect(problems[0]!.line).toBeLessThanOrEqual(13);
  });

  it('duplicate option id: the line of the second occurrence', () => {
    const { problems } = problemsOf('duplicate-option.flow.yaml');
    expect(problems[0]!.line).toBe(13);
  });

  it('groupQuestion with a top-level option that is not a group: the node and its options', () => {
    const { file, problems } = problemsOf('group-question-leaf.flow.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, node: 'where' });
    expect(problems[0]!.message).toMatch(/groupQuestion/);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(11);
    expect(problems[0]!.line).toBeLessThanOrEqual(14);
  });

  it('groupQuestion with a top-level option that is not a group: that option’s line', () => {
    const { problems } = problemsOf('group-question-leaf.flow.yaml');
    expect(problems[0]!.line).toBe(14);
  });

  it('invalid YAML: the file, and that it is not valid YAML', () => {
    const { file, problems, message } = problemsOf('invalid-yaml.flow.yaml');
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]!.file).toBe(file);
    expect(problems[0]!.message).toMatch(/not valid YAML/);
    expect(problems[0]!.message).toMatch(/unique/);
    expect(message).toContain(file);
  });

  it('invalid YAML: the line of the mistake', () => {
    const { file, problems, message } = problemsOf('invalid-yaml.flow.yaml');
    expect(problems[0]!.line).toBe(14);
    expect(message).toContain(`${file}:14`);
  });

  it('invalid YAML: the node holding the mistake', () => {
    const { problems } = problemsOf('invalid-yaml.flow.yaml');
    expect(problems[0]!.node).toBe('hello');
  });

  it('the shipped intake flow loads without problems', () => {
    const file = fileURLToPath(new URL('../../flows/intake.flow.yaml', import.meta.url));
    const flow = parseFlow(readFileSync(file, 'utf8'), file, 'test-hash');
    expect(flow.id).toBe('intake');
    expect(flow.nodes[flow.start]).toBeDefined();
  });
});

describe('flows/flow.schema.json', () => {
  const file = fileURLToPath(new URL('../../flows/flow.schema.json', import.meta.url));

  it('describes the same format as the loader', () => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(flowJsonSchema());
  });

  it('is exactly what `npm run --silent cli -- schema` prints', () => {
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(flowJsonSchema(), null, 2) + '\n');
  });
});
