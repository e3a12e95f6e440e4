import type { FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';
import { CodeInput } from './code-input';
import { Layout } from './layout';

export const LoginPage: FC<{
  t: T;
  lang: 'ja' | 'en';
  csrf: string;
  email?: string;
  error?: 'invalid' | 'rate_limited' | 'totp_required' | 'csrf' | null;
  retryAfterMinutes?: number;
}> = (p) => (
  <Layout t={p.t} lang={p.lang} title={p.t('staff:dashboard.login.title')}>
    {p.error && (
      <p class="error" role="alert">
        {p.t(`staff:dashboard.login.error.${p.error}`, { minutes: p.retryAfterMinutes ?? 15 })}
      </p>
    )}
    <form method="post" action="/dashboard/login">
      <input type="hidden" name="csrf" value={p.csrf} />
      <label for="email">{p.t('staff:dashboard.login.email')}</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="username"
        required
        value={p.email ?? ''}
      />
      <label for="password">{p.t('staff:dashboard.login.password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
      />
      <CodeInput t={p.t} />
      <p class="meta">{p.t('staff:dashboard.login.codeHint')}</p>
      <button type="submit">{p.t('staff:dashboard.login.submit')}</button>
    </form>
  </Layout>
);
