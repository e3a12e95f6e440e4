import type { FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';
import type { InboxQuery } from '../../tickets/inbox';
import { Layout, type Viewer } from './layout';

export interface InboxRow {
  reference: string;
  urgency: string;
  status: string;
  categories: string[];
  prefecture: string | null;
  language: string;
  createdAt: string;
  /** Minutes to the response target; negative when overdue; null without a target. */
  minutesLeft: number | null;
}

/** What the inbox is filtered by: the query of the tickets service, without its page size. */
export type InboxFilters = Omit<InboxQuery, 'limit'>;

export interface FilterChoices {
  status: string[];
  category: string[];
  urgency: string[];
  prefecture: string[];
  language: string[];
}

const duration = (t: T, minutes: number) => {
  const m = Math.abs(minutes);
  const text =
    m < 60
      ? t('staff:dashboard.time.minutes', { n: m })
      : m < 48 * 60
        ? t('staff:dashboard.time.hours', { n: Math.floor(m / 60) })
        : t('staff:dashboard.time.days', { n: Math.floor(m / 1440) });
  return minutes < 0 ? t('staff:dashboard.time.overdue', { time: text }) : text;
};

const Select: FC<{
  t: T;
  name: keyof FilterChoices;
  group: string;
  value?: string | undefined;
  options: string[];
}> = (p) => (
  <div>
    <label for={`f-${p.name}`}>
      {p.t(`staff:field.${p.name === 'category' ? 'categories' : p.name}`)}
    </label>
    <select id={`f-${p.name}`} name={p.name}>
      <option value="">{p.t('staff:dashboard.inbox.any')}</option>
      {p.options.map((o) => (
        <option value={o} selected={o === p.value}>
          {p.t(`staff:${p.group}.${o}`) || o}
        </option>
      ))}
    </select>
  </div>
);

export const InboxPage: FC<{
  t: T;
  viewer: Viewer;
  rows: InboxRow[];
  filters: InboxFilters;
  choices: FilterChoices;
  notice?: string | null;
}> = ({ t, viewer, rows, filters, choices, notice }) => (
  <Layout t={t} title={t('staff:dashboard.inbox.title')} viewer={viewer}>
    {notice && (
      <p class="notice" role="status">
        {t(`staff:dashboard.ticket.notice.${notice}`)}
      </p>
    )}
    <form class="filters" method="get" action="/dashboard">
      <Select t={t} name="status" group="status" value={filters.status} options={choices.status} />
      <Select
        t={t}
        name="category"
        group="category"
        value={filters.category}
        options={choices.category}
      />
      <Select
        t={t}
        name="urgency"
        group="urgency"
        value={filters.urgency}
        options={choices.urgency}
      />
      <Select
        t={t}
        name="prefecture"
        group="prefecture"
        value={filters.prefecture}
        options={choices.prefecture}
      />
      <Select
        t={t}
        name="language"
        group="language"
        value={filters.language}
        options={choices.language}
      />
      <div>
        <label for="f-from">{t('staff:dashboard.inbox.from')}</label>
        <input id="f-from" type="date" name="from" value={filters.from ?? ''} />
      </div>
      <div>
        <label for="f-to">{t('staff:dashboard.inbox.to')}</label>
        <input id="f-to" type="date" name="to" value={filters.to ?? ''} />
      </div>
      <button type="submit">{t('staff:dashboard.inbox.filter')}</button>
    </form>
    {rows.length === 0 ? (
      <p>{t('staff:dashboard.inbox.empty')}</p>
    ) : (
      <table>
        <caption class="meta" style="text-align:left">
          {t('staff:dashboard.inbox.sorted')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('staff:field.reference')}</th>
            <th scope="col">{t('staff:field.urgency')}</th>
            <th scope="col">{t('staff:dashboard.inbox.timeLeft')}</th>
            <th scope="col">{t('staff:field.categories')}</th>
            <th scope="col" class="opt">
              {t('staff:field.prefecture')}
            </th>
            <th scope="col" class="opt">
              {t('staff:field.language')}
            </th>
            <th scope="col">{t('staff:field.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={`/dashboard/tickets/${r.reference}`}>{r.reference}</a>
              </td>
              <td class={`u-${r.urgency}`}>{t(`staff:urgency.${r.urgency}`)}</td>
              <td class={r.minutesLeft !== null && r.minutesLeft < 0 ? 'overdue' : ''}>
                {r.minutesLeft === null ? '–' : duration(t, r.minutesLeft)}
              </td>
              <td>{r.categories.map((c) => t(`staff:category.${c}`) || c).join(', ')}</td>
              <td class="opt">{r.prefecture ? t(`staff:prefecture.${r.prefecture}`) : '–'}</td>
              <td class="opt">{t(`staff:language.${r.language}`) || r.language}</td>
              <td>{t(`staff:status.${r.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);
