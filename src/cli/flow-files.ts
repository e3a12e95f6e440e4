import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLocales } from '../entry/files';
import type { Flow } from '../flow';
import { flowKeys, parseFlow, withLanguages } from '../flow/load';
import { LANGUAGES } from '../i18n/languages';
import { createTranslator, type Translator } from '../i18n/translator';
import { parseServices, type Service } from '../referrals/services';
import { CliError } from './tokens';
import { EXTRA_KEYS } from './validate-files';

export interface LoadedFlow {
  flow: Flow;
  translator: Translator;
  services: Service[];
}

/**
 * One flow of `flows/<id>.flow.yaml` with the locales, as the server loads the intake: offered in
 * the languages that have every text of it. A broken file stops here with the validator's hint.
 */
export async function loadFlowFile(
  flowsDir: string,
  localesDir: string,
  flowId: string,
): Promise<LoadedFlow> {
  const file = join(flowsDir, `${flowId}.flow.yaml`);
  if (!/^[a-z][a-z0-9_]*$/.test(flowId) || !existsSync(file))
    throw new CliError(
      `${file}: no such flow (the flows are the *.flow.yaml files of ${flowsDir})`,
    );
  const translator = await createTranslator(readLocales(localesDir));
  const text = readFileSync(file, 'utf8');
  let parsed: Flow;
  try {
    parsed = parseFlow(text, file, createHash('sha256').update(text).digest('hex'));
  } catch (err) {
    throw new CliError(
      `${err instanceof Error ? err.message : String(err)}\n(npm run --silent cli -- validate lists every problem)`,
    );
  }
  const keys = [...flowKeys(parsed), ...EXTRA_KEYS];
  const languages = LANGUAGES.filter(
    (l) => translator.languages().includes(l) && keys.every((k) => translator.has(l, k)),
  );
  const servicesPath = join(flowsDir, 'services.yaml');
  const services = existsSync(servicesPath)
    ? parseServices(readFileSync(servicesPath, 'utf8'), servicesPath)
    : [];
  return { flow: withLanguages(parsed, languages), translator, services };
}
