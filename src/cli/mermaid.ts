import type { Condition, Flow, FlowNode, OptionDef } from '../flow';
import type { T } from '../i18n/translator';

/**
 * A flow as a Mermaid `flowchart TD` (GitHub renders it): each node with its id, its kind and the
 * start of its text, each exit labelled with the options or the condition that takes it. The
 * danger entry, the safety detour's first node and the end nodes are styled. Deterministic: the
 * same flow and texts always give the same text, so it can be kept as a golden file.
 */
export function flowMermaid(flow: Flow, t: T): string {
  const out = [
    'flowchart TD',
    `  %% ${flow.id} v${flow.version}, sha256 ${flow.hash.slice(0, 12)}`,
    '  start(("start"))',
  ];
  const edges = [`  start --> ${id(flow.start)}`];
  if (flow.onDanger) {
    out.push('  danger>"danger word"]');
    edges.push(`  danger -.-> ${id(flow.onDanger)}`);
  }
  for (const node of Object.values(flow.nodes)) {
    out.push(`  ${shape(node, label(node, t))}`);
    for (const [to, why] of exitsOf(node))
      edges.push(
        why ? `  ${id(node.id)} -->|"${escape(why)}"| ${id(to)}` : `  ${id(node.id)} --> ${id(to)}`,
      );
  }
  const ends = Object.values(flow.nodes).filter((n) => n.kind === 'end');
  const questions = Object.values(flow.nodes).filter((n) =>
    ['choice', 'yesno', 'text'].includes(n.kind),
  );
  out.push(
    ...edges,
    '  classDef question fill:#e3f2fd,stroke:#1565c0',
    '  classDef ending fill:#e8f5e9,stroke:#2e7d32,stroke-width:2px',
    '  classDef danger fill:#ffebee,stroke:#c62828,stroke-width:2px,color:#b71c1c',
  );
  if (questions.length) out.push(`  class ${questions.map((n) => id(n.id)).join(',')} question`);
  if (ends.length) out.push(`  class ${ends.map((n) => id(n.id)).join(',')} ending`);
  out.push(`  class danger${flow.onDanger ? `,${id(flow.onDanger)}` : ''} danger`);
  return out.join('\n') + '\n';
}

/** Mermaid ids are prefixed: a node called `end` or `class` would be a keyword. */
const id = (node: string) => `n_${node}`;

const escape = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

/** The first line of a text, cut to fit a box. */
function short(text: string, max = 40): string {
  const first = text.split('\n').find((l) => l.trim()) ?? '';
  const chars = [...first.trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

function label(node: FlowNode, t: T): string {
  const head = `<b>${node.id}</b> · ${node.kind}`;
  const text = (key: string | undefined) => (key ? short(t(key)) || key : '');
  let body: string;
  switch (node.kind) {
    case 'say':
    case 'choice':
    case 'yesno':
    case 'text':
      body = text(node.text);
      break;
    case 'end':
      body = [text(node.text), node.discard ? '(keeps nothing)' : ''].filter(Boolean).join(' ');
      break;
    case 'help':
      body = 'emergency card and helplines';
      break;
    case 'services':
      body = 'public services that fit the case';
      break;
    case 'ticket':
      body = 'files the case';
      break;
    case 'resume':
      body = 'back to the interrupted question';
      break;
    case 'set':
      body = Object.entries(node.values)
        .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
        .join(', ');
      break;
    case 'branch':
      body = '';
      break;
  }
  return `"${head}${body ? `<br/>${escape(body)}` : ''}"`;
}

function shape(node: FlowNode, text: string): string {
  switch (node.kind) {
    case 'end':
      return `${id(node.id)}([${text}])`;
    case 'branch':
      return `${id(node.id)}{${text}}`;
    case 'ticket':
    case 'services':
    case 'help':
      return `${id(node.id)}[[${text}]]`;
    case 'say':
    case 'set':
    case 'resume':
      return `${id(node.id)}(${text})`;
    default:
      return `${id(node.id)}[${text}]`;
  }
}

/** Where each node can go, and why: the options, the answers or the condition. */
function exitsOf(node: FlowNode): [string, string][] {
  switch (node.kind) {
    case 'end':
      return [];
    case 'branch':
      return [
        ...node.cases.map((c): [string, string] => [c.next, condition(c.when)]),
        [node.otherwise, 'otherwise'],
      ];
    case 'choice': {
      // A group is shown with how many options it holds: `group_pay (4)`.
      const ids = node.options.map((o: OptionDef) =>
        o.children?.length ? `${o.id} (${o.children.length})` : o.id,
      );
      const list =
        ids.length > 6 ? `${ids.slice(0, 5).join(', ')} … ${ids.length} options` : ids.join(', ');
      const extra = [node.multi ? 'done' : '', node.skip ? 'skip' : ''].filter(Boolean);
      return [[node.next, [list, ...extra].join(' · ')]];
    }
    case 'yesno':
      return [
        [
          node.next,
          ['yes', 'no', ...(node.unsure ? ['unsure'] : []), ...(node.skip ? ['skip'] : [])].join(
            ' · ',
          ),
        ],
      ];
    case 'text':
      return [[node.next, node.skip ? 'words · skip' : 'words']];
    default:
      return [[node.next, '']];
  }
}

function condition(c: Condition): string {
  const values = (v: string | string[]) => (Array.isArray(v) ? v.join(' | ') : v);
  if ('newHints' in c) return `new hints for ${c.newHints}`;
  if ('isSet' in c) return `${c.answer} ${c.isSet ? 'is answered' : 'is not answered'}`;
  if ('includes' in c) return `${c.answer} includes ${values(c.includes)}`;
  return `${c.answer} is ${values(c.is)}`;
}
