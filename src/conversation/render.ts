import type { OutboundMessage } from '../channels/types';
import type { Effect, SessionState } from '../flow';
import type { Params, T, Translator } from '../i18n/translator';
import type { Referral } from '../referrals/pick';
import { referralsText } from './referrals-text';

export interface RenderContext {
  translator: Translator;
  /** Languages with every text of the flow: used together while the reporter's is unknown. */
  /** Languages with every text of the flow, most spoken first. */
  flowLanguages: string[];
  state: SessionState;
  params: Params;
  /** The public services that fit the case, looked up by the host when a flow asks for them. */
  referrals?: Referral[];
}

const EMERGENCY_CARD = 'emergency:card';

/**
 * Until the reporter picks a language, texts go out in the most spoken few (the language menu
 * itself lists every language in its own script); emergency help goes out in all of them.
 */
const BEFORE_CHOICE = 4;

/** Emergency help in the reporter's language and in Japanese (and English when neither). */
function emergencyText(ctx: RenderContext): string {
  const lang = ctx.state.language;
  const langs = lang ? [lang, lang === 'ja' ? 'en' : 'ja'] : ['en', 'ja', ...ctx.flowLanguages];
  if (lang && lang !== 'en' && lang !== 'ja') langs.push('en');
  return unique(
    langs.map((l) => ctx.translator.forLanguage(l)(EMERGENCY_CARD)).filter(Boolean),
  ).join('\n\n');
}

const unique = <X>(xs: X[]) => [...new Set(xs)];

/** Someone may read the reporter's phone: short texts, where a flow has them (`<key>_short`). */
const safeMode = (state: SessionState) =>
  state.answers.phone_watched === 'yes' || state.answers.phone_watched === 'unsure';

/** A text in the reporter's language, or in every flow language while we do not know it yet. */
function text(ctx: RenderContext, key: string, params: Params = ctx.params): string {
  const lang = ctx.state.language;
  if (lang && safeMode(ctx.state) && ctx.translator.has(lang, `${key}_short`))
    return ctx.translator.forLanguage(lang)(`${key}_short`, params);
  if (lang) return ctx.translator.forLanguage(lang)(key, params);
  return unique(
    ctx.flowLanguages
      .slice(0, BEFORE_CHOICE)
      .map((l) => ctx.translator.forLanguage(l)(key, params))
      .filter(Boolean),
  ).join('\n');
}

const labelT = (ctx: RenderContext): T => ctx.translator.forLanguage(ctx.state.language ?? 'en');

export function render(effects: Effect[], ctx: RenderContext): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  for (const e of effects) {
    switch (e.type) {
      case 'emergency':
        out.push({ text: emergencyText(ctx), first: true });
        break;
      case 'help':
        out.push({ text: emergencyText(ctx) }, { text: text(ctx, 'emergency:helplines') });
        break;
      case 'say':
        out.push({ text: text(ctx, e.text) });
        break;
      case 'case_status':
        // The host fills in the case; without one (deleted meanwhile) say how to continue one.
        out.push({
          text: text(
            ctx,
            ctx.params.reference ? 'common:system.case_status' : 'common:system.resume_how',
          ),
        });
        break;
      case 'human':
        break;
      case 'services':
        out.push({ text: referralsText(labelT(ctx), ctx.referrals ?? []) });
        break;
      case 'reprompt':
        out.push({
          text: text(
            ctx,
            e.reason === 'stale'
              ? 'common:system.stale'
              : e.reason === 'unknown'
                ? 'common:system.unknown_option'
                : 'common:system.flow_changed',
          ),
        });
        break;
      case 'ask': {
        const t = labelT(ctx);
        const choices = e.options.map((o) => ({
          label: t(o.label) || o.id,
          data: o.data ?? `q=${encodeURIComponent(o.question)}&choice=${encodeURIComponent(o.id)}`,
        }));
        // Command buttons (e.g. change language) are not numbered: numbers answer the question.
        const numbered = choices.filter((_, i) => !e.options[i]!.data);
        const list = e.numbered
          ? '\n' + numbered.map((c, i) => `${i + 1}. ${c.label}`).join('\n')
          : '';
        const params = e.hinted
          ? { ...ctx.params, hints: e.hinted.map((k) => t(k)).join(', ') }
          : ctx.params;
        out.push({ text: text(ctx, e.text, params) + list, choices });
        break;
      }
      case 'words':
      case 'open_ticket':
      case 'file_ticket':
      case 'update_ticket':
      case 'delete_data':
      case 'end':
        break;
    }
  }
  return finish(out);
}

/** Drop empty texts and keep quick replies only on the last message of the turn. */
function finish(messages: OutboundMessage[]): OutboundMessage[] {
  const kept = messages.filter((m) => m.text.trim() !== '');
  const lastChoices = [...kept].reverse().find((m) => m.choices?.length)?.choices;
  return kept.map((m, i) => {
    const { choices: _drop, ...rest } = m;
    return i === kept.length - 1 && lastChoices ? { ...rest, choices: lastChoices } : rest;
  });
}

/** The summary the reporter confirms, in their language, from option ids. */
export function reporterSummary(state: SessionState, t: T): string {
  const a = state.answers;
  const label = (q: string, v: unknown) =>
    typeof v === 'string' ? t(`common:option.${q}.${v}`) || v : t('common:summary.skipped');
  const answer = (v: unknown) =>
    typeof v === 'string' ? t(`common:answer.${v}`) || v : t('common:summary.skipped');
  const cats = Array.isArray(a.category)
    ? a.category.map((c) => label('category', c)).join(', ')
    : t('common:summary.skipped');
  return [
    t('common:summary.categories', { value: cats }),
    t('common:summary.residence_status', { value: label('residence_status', a.residence_status) }),
    t('common:summary.prefecture', { value: label('prefecture', a.prefecture) }),
    t('common:summary.industry', { value: label('industry', a.industry) }),
    t('common:summary.still_happening', { value: answer(a.still_happening) }),
    t('common:summary.safe_now', { value: answer(a.safe_now) }),
    t('common:summary.notify', { value: answer(a.notify) }),
    t('common:summary.share_words', { value: answer(a.share_words) }),
  ].join('\n');
}
