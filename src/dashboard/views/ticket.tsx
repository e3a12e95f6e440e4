import type { FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';
import type { DescribedField } from '../../tickets/describe';
import { Layout, type Viewer } from './layout';
import { jst } from './time';

export interface ThreadEntry {
  author: 'reporter' | 'staff' | 'system';
  body: string;
  at: string;
  channel: string;
  staffName?: string | null;
  /** For staff replies: where the answer is (sent, waiting in the reporter's mailbox, …). */
  delivery?: 'sent' | 'mailbox' | 'pending' | 'failed' | null;
}
export interface NoteEntry {
  body: string;
  at: string;
  staffName: string;
}
export interface TimelineEntry {
  at: string;
  action: string;
  staffName: string | null;
  detail: string;
}

export const TicketPage: FC<{
  t: T;
  viewer: Viewer;
  reference: string;
  status: string;
  fields: DescribedField[];
  wordsLabel: string;
  thread: ThreadEntry[];
  notes: NoteEntry[];
  timeline: TimelineEntry[];
  statuses: string[];
  partners: { id: string; name: string }[];
  canReply: boolean;
  /** Organisation admins may erase a case (its counts stay for the statistics). */
  canErase: boolean;
  notice?: string | null;
}> = (p) => {
  const { t } = p;
  const csrf = <input type="hidden" name="csrf" value={p.viewer.csrf} />;
  const base = `/dashboard/tickets/${p.reference}`;
  return (
    <Layout t={t} title={`${t('staff:dashboard.ticket.title')} ${p.reference}`} viewer={p.viewer}>
      {p.notice && (
        <p class="notice" role="status">
          {t(`staff:dashboard.ticket.notice.${p.notice}`)}
        </p>
      )}
      <div class="grid">
        <section aria-labelledby="facts">
          <h2 id="facts">{t('staff:dashboard.ticket.facts')}</h2>
          <dl>
            {p.fields.map((f) => (
              <>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </>
            ))}
          </dl>
          <form method="post" action={`${base}/status`}>
            {csrf}
            <label for="status">{t('staff:dashboard.ticket.changeStatus')}</label>
            <select id="status" name="status">
              {p.statuses.map((s) => (
                <option value={s} selected={s === p.status}>
                  {t(`staff:status.${s}`)}
                </option>
              ))}
            </select>{' '}
            <button type="submit">{t('staff:dashboard.ticket.save')}</button>
          </form>
        </section>
        <section aria-labelledby="thread">
          <h2 id="thread">{t('staff:dashboard.ticket.thread')}</h2>
          <p class="meta">{p.wordsLabel}</p>
          {p.thread.length === 0 && <p>{t('staff:dashboard.ticket.noMessages')}</p>}
          {p.thread.map((m) => (
            <div class={`msg ${m.author}`}>
              <div class="meta">
                {t(`staff:dashboard.author.${m.author}`)}
                {m.staffName ? ` (${m.staffName})` : ''} · {jst(m.at)} ·{' '}
                {t(`staff:channel.${m.channel}`) || m.channel}
                {m.delivery ? ` · ${t(`staff:dashboard.delivery.${m.delivery}`)}` : ''}
              </div>
              {m.body}
            </div>
          ))}
          {p.canReply ? (
            <form method="post" action={`${base}/reply`}>
              {csrf}
              <label for="reply">{t('staff:dashboard.ticket.reply')}</label>
              <textarea id="reply" name="body" required maxlength={2000}></textarea>
              <p class="meta">{t('staff:dashboard.ticket.replyHint')}</p>
              <button type="submit">{t('staff:dashboard.ticket.send')}</button>
            </form>
          ) : (
            <p class="meta">{t('staff:dashboard.ticket.cannotReply')}</p>
          )}
        </section>
      </div>
      <div class="grid">
        <section aria-labelledby="notes">
          <h2 id="notes">{t('staff:dashboard.ticket.notes')}</h2>
          {p.notes.map((n) => (
            <div class="msg">
              <div class="meta">
                {n.staffName} · {jst(n.at)}
              </div>
              {n.body}
            </div>
          ))}
          <form method="post" action={`${base}/notes`}>
            {csrf}
            <label for="note">{t('staff:dashboard.ticket.addNote')}</label>
            <textarea id="note" name="body" required maxlength={5000}></textarea>
            <button type="submit">{t('staff:dashboard.ticket.saveNote')}</button>
          </form>
        </section>
        <section aria-labelledby="refer">
          <h2 id="refer">{t('staff:dashboard.ticket.refer')}</h2>
          {p.partners.length ? (
            <form method="post" action={`${base}/refer`}>
              {csrf}
              <label for="partner">{t('staff:dashboard.ticket.referTo')}</label>
              <select id="partner" name="partner" required>
                {p.partners.map((x) => (
                  <option value={x.id}>{x.name}</option>
                ))}
              </select>
              <label>
                <input type="checkbox" name="consent" value="yes" required />{' '}
                {t('staff:dashboard.ticket.referConsent')}
              </label>
              <button type="submit">{t('staff:dashboard.ticket.referSubmit')}</button>
            </form>
          ) : (
            <p class="meta">{t('staff:dashboard.ticket.noPartners')}</p>
          )}
        </section>
      </div>
      {p.canErase && (
        <section aria-labelledby="erase">
          <h2 id="erase">{t('staff:dashboard.ticket.erase')}</h2>
          <form method="post" action={`${base}/erase`}>
            {csrf}
            <p class="meta">{t('staff:dashboard.ticket.eraseHint')}</p>
            <label>
              <input type="checkbox" name="confirm" value="yes" required />{' '}
              {t('staff:dashboard.ticket.eraseConfirm')}
            </label>
            <button type="submit">{t('staff:dashboard.ticket.eraseSubmit')}</button>
          </form>
        </section>
      )}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('staff:dashboard.ticket.timeline')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('staff:dashboard.ticket.when')}</th>
              <th scope="col">{t('staff:dashboard.ticket.who')}</th>
              <th scope="col">{t('staff:dashboard.ticket.what')}</th>
            </tr>
          </thead>
          <tbody>
            {p.timeline.map((e) => (
              <tr>
                <td>{jst(e.at)}</td>
                <td>{e.staffName ?? t('staff:dashboard.author.system')}</td>
                <td>
                  {t(`staff:dashboard.action.${e.action.replace('.', '_')}`) || e.action}
                  {e.detail ? ` · ${e.detail}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
};
