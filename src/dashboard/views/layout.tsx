import type { Child, FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';

export interface Viewer {
  name: string;
  role: 'platform_admin' | 'org_admin' | 'caseworker';
  organisation: string | null;
  language: 'ja' | 'en';
  csrf: string;
}

/** Readable on a phone, high contrast, visible focus; no script needed anywhere. */
const CSS = `
:root{--fg:#111;--muted:#4a4a4a;--bg:#fff;--line:#c8c8c8;--accent:#0b57d0;--danger:#b3261e;--warn:#8a5300;--ok:#1e6b2e}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f9ab00;outline-offset:1px}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line)}
header nav{display:flex;flex-wrap:wrap;gap:.75rem}header .who{margin-left:auto;color:var(--muted);font-size:.9rem}
main{max-width:72rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted)}.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;border:1px solid currentColor;font-size:.85rem;white-space:nowrap}
.u-emergency{color:var(--danger);font-weight:700}.u-urgent{color:var(--warn);font-weight:700}.overdue{color:var(--danger);font-weight:700}
form.inline{display:inline}label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;padding:.4rem;border:1px solid #767676;border-radius:.25rem;max-width:100%}textarea{width:100%;min-height:6rem}
button{font:inherit;padding:.45rem .9rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:.25rem;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
.filters label{font-size:.85rem}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0}
.msg{border:1px solid var(--line);border-radius:.4rem;padding:.5rem .75rem;margin:.5rem 0;white-space:pre-wrap}
.msg.staff{background:#eef3fd}.msg.system{color:var(--muted)}.meta{font-size:.85rem;color:var(--muted)}
.error{color:var(--danger);font-weight:600}.notice{color:var(--ok);font-weight:600}
@media (max-width:40rem){th.opt,td.opt{display:none}th,td{padding:.4rem .25rem}}`;

export const Layout: FC<{
  t: T;
  title: string;
  viewer?: Viewer;
  lang?: string;
  children?: Child;
}> = (p) => (
  <html lang={p.viewer?.language ?? p.lang ?? 'ja'}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`${p.title} · ${p.t('staff:dashboard.product')}`}</title>
      <style>{CSS}</style>
    </head>
    <body>
      <header>
        <strong>{p.t('staff:dashboard.product')}</strong>
        {p.viewer && (
          <>
            <nav aria-label={p.t('staff:dashboard.nav.label')}>
              <a href="/dashboard">{p.t('staff:dashboard.nav.inbox')}</a>
              <a href="/dashboard/stats">{p.t('staff:dashboard.nav.stats')}</a>
              {p.viewer.role !== 'caseworker' && (
                <a href="/dashboard/audit">{p.t('staff:dashboard.nav.audit')}</a>
              )}
            </nav>
            <span class="who">
              {p.viewer.name}
              {p.viewer.organisation ? ` · ${p.viewer.organisation}` : ''}
            </span>
            <form class="inline" method="post" action="/dashboard/logout">
              <input type="hidden" name="csrf" value={p.viewer.csrf} />
              <button class="secondary" type="submit">
                {p.t('staff:dashboard.nav.logout')}
              </button>
            </form>
          </>
        )}
      </header>
      <main>
        <h1>{p.title}</h1>
        {p.children}
      </main>
    </body>
  </html>
);
