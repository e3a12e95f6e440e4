import type { T } from '../i18n/translator';
import type { Referral } from '../referrals/pick';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const JST_MS = 9 * 3600_000;

/** "opens Thu 11:00", in Japan time whatever the server's time zone. */
function opensText(t: T, at: Date): string {
  const jst = new Date(at.getTime() + JST_MS);
  const time = `${jst.getUTCHours()}:${String(jst.getUTCMinutes()).padStart(2, '0')}`;
  return t('services:opens', { day: t(`services:day.${DAYS[jst.getUTCDay()]}`), time });
}

/** The referral list in the reporter's language; empty when no service fits. */
export function referralsText(t: T, referrals: Referral[]): string {
  if (!referrals.length) return '';
  const lines = referrals.map((r) => {
    const status = r.open
      ? t('services:open_now')
      : r.opens
        ? opensText(t, r.opens)
        : t('services:closed');
    const name = t(`services:name.${r.id}`) || r.id;
    return r.phone
      ? t('services:line', { name, phone: r.phone, status })
      : t('services:line_no_phone', { name, status });
  });
  return [t('services:intro'), ...lines].join('\n');
}
