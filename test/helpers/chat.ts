/** A reporter's chat on any channel, reduced to what a test looks at: texts and the offered taps. */
export interface ChatTurn {
  texts: string[];
  /** Postback data of the quick replies on the turn's last message. */
  choices: string[];
}

export interface Chat {
  follow(): Promise<ChatTurn>;
  tap(data: string): Promise<ChatTurn>;
  type(text: string): Promise<ChatTurn>;
}

export interface CaseFacts {
  categories: string[];
  residence: string;
  prefecture: string;
  industry?: string;
  shareWords?: 'yes' | 'no';
  stillHappening?: 'yes' | 'no';
  safeNow?: 'yes' | 'no' | 'unsure';
  notify?: 'yes' | 'no';
}

/** The question a turn asks (the `q` of its quick replies). */
export const askedIn = (turn: ChatTurn): string | null => {
  const data = turn.choices.find((d) => d.startsWith('q='));
  return data ? new URLSearchParams(data).get('q') : null;
};

const CODE = '[2-9A-HJKMNP-Z]';
/** The case code and secret word the reporter is given when the case is filed. */
export function caseCodeIn(texts: string[]): { reference: string; secret: string } {
  const all = texts.join('\n');
  const reference = new RegExp(`^(HT-${CODE}{5}-${CODE}{5})$`, 'm').exec(all)?.[1];
  const secret = new RegExp(`^(${CODE}{4}-${CODE}{4})$`, 'm').exec(all)?.[1];
  if (!reference || !secret) throw new Error('no case code and secret word in the reply');
  return { reference, secret };
}

/** Answers for every question of the intake, in English, from the facts of a case. */
export function scriptedAnswers(facts: CaseFacts): Record<string, string[]> {
  return {
    language: ['en'],
    consent: ['yes'],
    category: [...facts.categories, 'done'],
    words: ['skip'],
    residence_status: [facts.residence],
    region: [facts.prefecture],
    prefecture: [facts.prefecture],
    industry: [facts.industry ?? 'construction'],
    still_happening: [facts.stillHappening ?? 'yes'],
    deadline_soon: ['no'],
    family_threat: ['no'],
    safe_now: [facts.safeNow ?? 'yes'],
    phone_watched: ['no'],
    notify: [facts.notify ?? 'no'],
    share_words: [facts.shareWords ?? 'no'],
  };
}

/**
 * From the turn the reporter is at, answers whatever is asked (so questions only some problems
 * call for need no script of their own) up to the confirmation, then confirms.
 */
export async function answerUntilFiled(
  chat: Chat,
  turn: ChatTurn,
  answers: Record<string, string[]>,
  stopAt = 'confirm',
): Promise<ChatTurn> {
  for (let i = 0; i < 40; i++) {
    const q = askedIn(turn);
    if (q === stopAt) break;
    const choice = q ? answers[q]?.shift() : undefined;
    if (!q || !choice) throw new Error(`no scripted answer for question ${q}`);
    // A prefecture is accepted while its region is asked (contract: choices in the chat).
    const data = `q=${q === 'region' ? 'prefecture' : q}&choice=${choice}`;
    turn = await chat.tap(data).catch((e) => {
      throw new Error(`no reply to ${data}: ${e.message}`);
    });
  }
  if (stopAt !== 'confirm') return turn;
  return chat.tap('q=confirm&choice=yes');
}

/** Files a whole case in English with the given facts: its case code and secret word. */
export async function fileCaseOn(
  chat: Chat,
  facts: CaseFacts,
): Promise<{ reference: string; secret: string }> {
  const done = await answerUntilFiled(chat, await chat.follow(), scriptedAnswers(facts));
  return caseCodeIn(done.texts);
}
