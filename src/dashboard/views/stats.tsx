import type { FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';
import { WeeklyChart, type Series } from './chart';
import { Layout, type Viewer } from './layout';

export const StatsPage: FC<{
  t: T;
  viewer: Viewer;
  weeks: string[];
  byCategory: Series[];
  byUrgency: Series[];
  byPrefecture: Series[];
  total: number;
}> = (p) => {
  const { t } = p;
  const week = t('staff:dashboard.stats.week');
  return (
    <Layout t={t} title={t('staff:dashboard.stats.title')} viewer={p.viewer}>
      <p>{t('staff:dashboard.stats.total', { n: p.total, weeks: p.weeks.length })}</p>
      <WeeklyChart
        title={t('staff:dashboard.stats.byCategory')}
        weeks={p.weeks}
        series={p.byCategory}
        weekLabel={week}
      />
      <WeeklyChart
        title={t('staff:dashboard.stats.byUrgency')}
        weeks={p.weeks}
        series={p.byUrgency}
        weekLabel={week}
      />
      <WeeklyChart
        title={t('staff:dashboard.stats.byPrefecture')}
        weeks={p.weeks}
        series={p.byPrefecture}
        weekLabel={week}
      />
      <h2>{t('staff:dashboard.stats.export')}</h2>
      <p class="meta">{t('staff:dashboard.stats.suppressed')}</p>
      <p>
        <a href="/dashboard/export/stats.csv">{t('staff:dashboard.stats.exportStats')}</a>
      </p>
      <form method="post" action="/dashboard/export/tickets.csv">
        <input type="hidden" name="csrf" value={p.viewer.csrf} />
        <label>
          <input type="checkbox" name="words" value="yes" />{' '}
          {t('staff:dashboard.stats.includeWords')}
        </label>
        <p class="meta">{t('staff:dashboard.stats.wordsHint')}</p>
        <button type="submit">{t('staff:dashboard.stats.exportTickets')}</button>
      </form>
    </Layout>
  );
};
