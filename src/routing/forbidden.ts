/**
 * Organisations the hotline never routes to or notifies, whatever a file says (contract, Privacy
 * promises; domain §2.8): the kumiai or support organisation, the employer, the sending
 * organisation and the embassy can be the very party the reporter is afraid of.
 */
const FORBIDDEN: [RegExp, string][] = [
  // A labour union (労働組合, rōdō kumiai) is welcome; a cooperative (協同組合) is a kumiai.
  [/(?<!r[oō]u?d[oō]u?[\s-]?)kumiai|(?<!労働)組合/i, 'a kumiai (supervising organisation)'],
  [/監理|kanri[\s-]?dantai|supervising[\s-]organi[sz]ation/i, 'a supervising organisation'],
  [/登録支援|registered[\s-]support[\s-]organi[sz]ation/i, 'a registered support organisation'],
  [/employer|雇用主|実習実施者|implementing[\s-]organi[sz]ation/i, 'an employer'],
  [/sending|送出|送り出し|\blpk\b/i, 'a sending organisation'],
  [/embassy|consulate|大使館|領事館|kbri\b/i, 'an embassy or consulate'],
];

/** What forbidden kind of organisation `text` names, or null. */
export function forbiddenKind(text: string): string | null {
  return FORBIDDEN.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}
