import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandIndex } from '../../src/conversation/interpret';
import { simulate, transcriptOf } from '../../src/conversation/simulate';
import { loadContent, type LoadedContent } from '../../src/entry/files';

/**
 * Golden transcripts: the complete intake in every offered language, as the reporter sees it.
 * After an intended change of texts or flow, regenerate with `UPDATE_GOLDEN=1 npm test` and
 * review the diff like any other change.
 */
const GOLDEN = fileURLToPath(new URL('../fixtures/golden', import.meta.url));
const content: LoadedContent = await loadContent('flows', 'locales');

const script = (language: string, help: string) => [
  'follow',
  `tap q=language&choice=${language}`,
  'tap q=consent&choice=yes',
  'tap q=category&choice=group_pay',
  'tap q=category&choice=unpaid_wages',
  'tap q=category&choice=forced_return',
  'tap q=category&choice=done',
  'type 3 months without salary, they say I must go home',
  'type 1',
  'tap q=region&choice=chubu',
  'tap q=prefecture&choice=JP-23',
  'tap q=industry&choice=more',
  'tap q=industry&choice=back',
  'tap q=industry&choice=food_manufacturing',
  `type ${help}`,
  'tap q=still_happening&choice=yes',
  'tap q=deadline_soon&choice=no',
  'tap q=family_threat&choice=yes',
  'tap q=safe_now&choice=unsure',
  'tap q=phone_watched&choice=no',
  'tap q=notify&choice=no',
  'tap q=share_words&choice=yes',
  'tap q=confirm&choice=yes',
  'type thank you',
];

describe('golden transcripts of the intake', () => {
  let commands: ReturnType<typeof commandIndex>;
  beforeAll(() => {
    commands = commandIndex(content.translator);
  });

  for (const language of content.flow.languages) {
    it(`${language}: the whole intake reads exactly as reviewed`, () => {
      const help = content.translator.list(language, 'commands:help')[0] ?? 'help';
      const sim = simulate(content.flow, content.translator, commands, undefined, {
        services: content.services,
      });
      const text =
        script(language, help)
          .map((a) => transcriptOf(a, sim.send(a)))
          .join('\n\n') + '\n';
      expect(sim.state().ended).toBe(true);
      const path = `${GOLDEN}/intake.${language}.txt`;
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
      expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npm test`).toBe(true);
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }
});
