import { readFileSync } from 'node:fs';
import { parseDirectory, withRules, type Directory } from '../../src/routing/directory';
import type { RoutingFacts } from '../../src/routing/route';
import { parseRules } from '../../src/routing/rules';

export const PARTNERS = readFileSync('flows/partners.yaml', 'utf8');
export const RULES = readFileSync('flows/routing.yaml', 'utf8');

/** The directory as the server loads it, from the shipped files or edited copies of them. */
export function load(partners = PARTNERS, rules = RULES): Directory {
  const directory = parseDirectory(partners, 'flows/partners.yaml');
  return withRules(directory, parseRules(rules, 'flows/routing.yaml', directory));
}

export const facts = (f: Partial<RoutingFacts> = {}): RoutingFacts => ({
  categories: ['unpaid_wages'],
  residenceStatus: 'titp',
  prefecture: 'JP-13',
  language: 'en',
  urgency: 'ongoing',
  flags: [],
  ...f,
});

/** What throws, as its message. */
export function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected an error');
}
