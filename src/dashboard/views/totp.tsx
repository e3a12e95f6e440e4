import type { FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';
import { CodeInput } from './code-input';
import { Layout, type Viewer } from './layout';

/** Two-factor set-up: the secret as text and URI (no QR code: no script, no image service). */
export const TotpPage: FC<{
  t: T;
  viewer: Viewer;
  secret: string;
  uri: string;
  error?: boolean;
}> = (p) => (
  <Layout t={p.t} title={p.t('staff:dashboard.totp.title')} viewer={p.viewer}>
    <p>{p.t('staff:dashboard.totp.explain')}</p>
    <dl>
      <dt>{p.t('staff:dashboard.totp.secret')}</dt>
      <dd>
        <code>{p.secret}</code>
      </dd>
      <dt>URI</dt>
      <dd>
        <code style="word-break:break-all">{p.uri}</code>
      </dd>
    </dl>
    {p.error && (
      <p class="error" role="alert">
        {p.t('staff:dashboard.totp.wrong')}
      </p>
    )}
    <form method="post" action="/dashboard/totp">
      <input type="hidden" name="csrf" value={p.viewer.csrf} />
      <CodeInput t={p.t} required />
      <button type="submit">{p.t('staff:dashboard.totp.confirm')}</button>
    </form>
  </Layout>
);
