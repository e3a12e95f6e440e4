import type { FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';
import { Layout, type Viewer } from './layout';
import { jst } from './time';

export interface AuditRow {
  at: string;
  staffName: string;
  action: string;
  reference: string | null;
  detail: string;
}

export const AuditPage: FC<{ t: T; viewer: Viewer; rows: AuditRow[]; older: string | null }> = (
  p,
) => (
  <Layout t={p.t} title={p.t('staff:dashboard.audit.title')} viewer={p.viewer}>
    <table>
      <thead>
        <tr>
          <th scope="col">{p.t('staff:dashboard.ticket.when')}</th>
          <th scope="col">{p.t('staff:dashboard.ticket.who')}</th>
          <th scope="col">{p.t('staff:dashboard.ticket.what')}</th>
          <th scope="col">{p.t('staff:field.reference')}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <td>{jst(r.at)}</td>
            <td>{r.staffName}</td>
            <td>
              {p.t(`staff:dashboard.action.${r.action.replace('.', '_')}`) || r.action}
              {r.detail ? ` · ${r.detail}` : ''}
            </td>
            <td>{r.reference ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {p.older && (
      <p>
        <a href={`/dashboard/audit?before=${p.older}`}>{p.t('staff:dashboard.audit.older')}</a>
      </p>
    )}
  </Layout>
);
