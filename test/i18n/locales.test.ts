import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, readLocales, type LoadedContent } from '../../src/entry/files';
import { flowKeys } from '../../src/flow/load';
import { asChoice, pageCount, presentMenu } from '../../src/flow/menu';
import type { Resource } from 'i18next';
import { keywordForm } from '../../src/triage/normalise';

const FLOWS = fileURLToPath(new URL('../../flows', import.meta.url));
const LOCALES = fileURLToPath(new URL('../../locales', import.meta.url));
/** All ten languages of the contract, in the order the language menu shows them. */
const SHIPPED = ['vi', 'id', 'ja', 'en', 'my', 'fil', 'zh-Hans', 'km', 'th', 'ne'] as const;
const COMMANDS = ['restart', 'language', 'help', 'delete'] as const;

/** Every string of a namespace, by dotted key. */
function strings(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree === 'string') out.set(prefix, tree);
  else if (tree && typeof tree === 'object' && !Array.isArray(tree))
    for (const [k, v] of Object.entries(tree))
      for (const [kk, vv] of strings(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  return out;
}
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((m) => m[1]!).sort();

let content: LoadedContent;
let resources: Resource;
beforeAll(async () => {
  content = await loadContent(FLOWS, LOCALES);
  resources = readLocales(LOCALES);
});

describe('locales shipped with the intake', () => {
  it('offers all ten languages, most spoken first, with nothing missing', () => {
    expect(content.flow.languages).toEqual([...SHIPPED]);
    expect(content.missing).toEqual({});
    const language = Object.values(content.flow.nodes).find(
      (n) => n.kind === 'choice' && n.question === 'language',
    );
    expect(language?.kind === 'choice' && language.options.map((o) => o.id)).toEqual([...SHIPPED]);
  });

  it.each(SHIPPED)('%s has every text of the flow and the emergency texts', (lng) => {
    const keys = [...flowKeys(content.flow), 'emergency:card', 'emergency:helplines'];
    expect(keys.length).toBeGreaterThan(50);
    const lacking = keys.filter((k) => !content.translator.has(lng, k));
    expect(lacking).toEqual([]);
  });

  it.each(SHIPPED)('%s has every text the engine and the renderer add', (lng) => {
    const keys = [
      ...['more', 'back', 'done', 'skip'].map((k) => `common:control.${k}`),
      ...['yes', 'no', 'unsure'].map((k) => `common:answer.${k}`),
      ...[
        'please_choose',
        'stale',
        'unknown_option',
        'flow_changed',
        'delete_confirm',
        'delete_cancelled',
        'added_to_case',
        'media_not_supported',
      ].map((k) => `common:system.${k}`),
    ];
    expect(keys.filter((k) => !content.translator.has(lng, k))).toEqual([]);
  });

  it.each(SHIPPED)('%s: every button label is 1 to 20 characters', (lng) => {
    const common = (resources[lng] as Record<string, unknown>).common as Record<string, unknown>;
    const labels = ['option', 'control', 'answer'].flatMap((part) => [
      ...strings(common[part], part),
    ]);
    expect(labels.length).toBeGreaterThan(90);
    const wrong = labels
      .filter(([, text]) => [...text].length < 1 || [...text].length > 20)
      .map(([key, text]) => `${key}: "${text}" (${[...text].length})`);
    expect(wrong).toEqual([]);
  });

  it.each(['ja', 'vi'])('%s uses exactly the placeholders of English in every text', (lng) => {
    let compared = 0;
    const wrong: string[] = [];
    for (const [ns, tree] of Object.entries(resources.en!)) {
      const theirs = strings((resources[lng] as Record<string, unknown>)[ns]);
      for (const [key, english] of strings(tree)) {
        const text = theirs.get(key);
        if (text === undefined) continue;
        compared++;
        if (placeholders(text).join() !== placeholders(english).join())
          wrong.push(
            `${ns}:${key} has {{${placeholders(text)}}}, English {{${placeholders(english)}}}`,
          );
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it.each(SHIPPED)('%s shows distinct, non-empty labels on every screen', (lng) => {
    const t = content.translator.forLanguage(lng);
    for (const node of Object.values(content.flow.nodes)) {
      if (node.kind !== 'choice' && node.kind !== 'yesno') continue;
      const menu = asChoice(node)!;
      for (const group of [null, ...menu.options.filter((o) => o.children).map((o) => o.id)])
        for (let page = 0; page < pageCount(menu, { group, page: 0 }); page++) {
          const labels = presentMenu(menu, { group, page }).options.map((o) => t(o.label));
          const where = `${node.id} ${group ?? 'top'} page ${page + 1}`;
          expect(
            labels.filter((l) => l.trim() === ''),
            where,
          ).toEqual([]);
          expect(new Set(labels.map(keywordForm)).size, where).toBe(labels.length);
        }
    }
  });
});

describe('command keywords', () => {
  it.each(SHIPPED)('%s has keywords for every command', (lng) => {
    for (const cmd of COMMANDS) {
      const words = content.translator.list(lng, `commands:${cmd}`);
      expect(words.length, `${lng} ${cmd}`).toBeGreaterThan(0);
      for (const w of words) expect(keywordForm(w), `${lng} ${cmd} "${w}"`).not.toBe('');
    }
  });

  it('never maps one keyword to two commands, in any language', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const lng of content.translator.languages())
      for (const cmd of COMMANDS)
        for (const word of [cmd, ...content.translator.list(lng, `commands:${cmd}`)]) {
          const form = keywordForm(word);
          const before = owner.get(form);
          if (before && before !== cmd) clashes.push(`"${word}" (${lng}) is ${before} and ${cmd}`);
          owner.set(form, cmd);
        }
    expect(owner.size).toBeGreaterThan(40);
    expect(clashes).toEqual([]);
  });

  it('never makes a button label a command (typing the label must pick the option)', () => {
    const commandForms = new Set(
      content.translator
        .languages()
        .flatMap((lng) =>
          COMMANDS.flatMap((c) => [c, ...content.translator.list(lng, `commands:${c}`)]),
        )
        .map(keywordForm),
    );
    const clashes: string[] = [];
    for (const lng of SHIPPED) {
      const common = (resources[lng] as Record<string, unknown>).common as Record<string, unknown>;
      for (const part of ['option', 'control', 'answer'])
        for (const [key, label] of strings(common[part], part))
          // The change-language button is the language command: typing its label does the same.
          if (key !== 'control.language' && commandForms.has(keywordForm(label)))
            clashes.push(`${lng} ${key} "${label}"`);
    }
    expect(clashes).toEqual([]);
  });
});
