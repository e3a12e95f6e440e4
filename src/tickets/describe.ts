import type { T } from '../i18n/translator';
import type { TicketJson } from './json';

/** Languages staff can read the dashboard in; the `staff` texts exist in these only. */
export const STAFF_LANGUAGES = ['ja', 'en'] as const;

export interface DescribedField {
  label: string;
  value: string;
}

/**
 * A ticket's structured facts in the staff member's language, whatever language the reporter
 * used. The reporter's own words are not here: they are shown as written, labelled with
 * `wordsLabel`.
 */
export function describeTicket(
  ticket: TicketJson,
  t: T,
): { fields: DescribedField[]; wordsLabel: string } {
  const name = (group: string, id: string | null) =>
    id === null ? t('staff:field.notGiven') : t(`staff:${group}.${id}`) || id;
  const list = (group: string, ids: string[]) =>
    ids.length ? ids.map((id) => name(group, id)).join(', ') : '–';
  const field = (key: string, value: string) => ({ label: t(`staff:field.${key}`), value });
  return {
    fields: [
      field('reference', ticket.reference),
      field('status', name('status', ticket.status)),
      field('urgency', name('urgency', ticket.urgency)),
      field('categories', list('category', ticket.categories)),
      field('flags', list('flag', ticket.flags)),
      field('prefecture', name('prefecture', ticket.prefecture)),
      field('industry', name('industry', ticket.industry)),
      field('residenceStatus', name('residence_status', ticket.residenceStatus)),
      field('language', name('language', ticket.language)),
      field('channel', list('channel', ticket.channels)),
      field('partner', ticket.partner?.name ?? t('staff:field.notGiven')),
      field('createdAt', ticket.createdAt),
      field('summary', ticket.summary),
    ],
    wordsLabel: t('staff:words', { language: name('language', ticket.language) }),
  };
}
