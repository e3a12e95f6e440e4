import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { auditStatement, listAudit, type AuditAction } from '../accounts/audit';
import { attemptLogin, confirmTotp, setUpTotp } from '../accounts/login';
import { csrfMatches, endSession, sessionFor, type SessionContext } from '../accounts/sessions';
import { mustSetUpTotp } from '../accounts/types';
import type { Keys } from '../crypto/keys';
import type { Database } from '../db/types';
import type { Translator } from '../i18n/translator';
import type { Directory } from '../routing/directory';
import { PREFECTURES } from '../routing/ids';
import { URGENCIES } from '../triage/types';
import { CATEGORIES } from '../triage/urgency';
import { describeTicket } from '../tickets/describe';
import { exportStatsCsv, exportTicketsCsv } from './exports';
import { inboxTickets, weeklyCounts, type InboxQuery } from '../tickets/inbox';
import { toTicketJson, type TicketRow } from '../tickets/json';
import {
  canReply,
  isStatus,
  noteStatements,
  notesOf,
  referStatements,
  replyStatements,
  statusStatement,
  STATUSES,
  threadOf,
} from '../tickets/staff-actions';
import { purgeTicketStatements } from '../privacy/retention';
import { ticketByReference } from '../tickets/store';
import { timeLeftMs } from '../tickets/targets';
import { timelineOf } from './timeline';
import { AuditPage } from './views/audit';
import { InboxPage, type InboxFilters } from './views/inbox';
import type { Viewer } from './views/layout';
import { Layout } from './views/layout';
import { LoginPage } from './views/login';
import { StatsPage } from './views/stats';
import { TicketPage } from './views/ticket';
import { TotpPage } from './views/totp';

export interface DashboardDeps {
  database: Database;
  keys: Keys;
  directory: Directory;
  translator: Translator;
  now: () => number;
  secureCookies: boolean;
  /** The caller's address, for login rate limits (the entry knows the server). */
  clientIp: (c: Context) => string;
  /** Wakes the delivery of outgoing messages after a staff answer. */
  kick: () => void;
}

type Env = { Variables: { ctx: SessionContext; viewer: Viewer } };

const SESSION = 'hl_session';
const LOGIN_CSRF = 'hl_login_csrf';
const LANGUAGES = ['vi', 'id', 'ja', 'en', 'my', 'fil', 'zh-Hans', 'km', 'th', 'ne'];

const randomToken = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
const oneOf = (list: readonly string[], v: string | undefined) =>
  v && list.includes(v) ? v : undefined;
const isDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** Staff pages: server-rendered, no script; every query scoped to the caller's organisation. */
export function dashboardPages(deps: DashboardDeps) {
  const app = new Hono<Env>();
  const { db } = deps.database;
  const cookie = {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: deps.secureCookies,
    path: '/dashboard',
  };
  const tFor = (language: string) => deps.translator.forLanguage(language);

  // No script, no third parties, no framing; case pages are never cached by the browser.
  app.use('*', async (c, next) => {
    await next();
    c.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    c.header('cache-control', 'no-store');
  });

  const loginPage = (
    c: Context,
    status: 200 | 401 | 403 | 429,
    props: Partial<Parameters<typeof LoginPage>[0]> = {},
  ) => {
    const csrf = randomToken();
    setCookie(c, LOGIN_CSRF, csrf, { ...cookie, maxAge: 3600 });
    // Before login the staff member's language is unknown: the browser's, Japanese by default.
    const lang = /^\s*en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'ja';
    return c.html(<LoginPage t={tFor(lang)} lang={lang} csrf={csrf} {...props} />, status);
  };

  app.get('/login', (c) => loginPage(c, 200));

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const email = String(form.email ?? '');
    // The login form has no session yet: its token is matched against a cookie (double submit).
    const expected = getCookie(c, LOGIN_CSRF);
    if (!expected || form.csrf !== expected) return loginPage(c, 403, { error: 'csrf', email });
    const result = await attemptLogin(deps.database, deps.keys, {
      email,
      password: String(form.password ?? ''),
      ...(form.code ? { totpCode: String(form.code) } : {}),
      ip: deps.clientIp(c),
      now: deps.now(),
    });
    if (!result.ok) {
      const minutes =
        result.reason === 'rate_limited' ? Math.ceil(result.retryAfterSeconds / 60) : undefined;
      return loginPage(c, result.reason === 'rate_limited' ? 429 : 401, {
        error: result.reason,
        email,
        ...(minutes ? { retryAfterMinutes: minutes } : {}),
      });
    }
    deleteCookie(c, LOGIN_CSRF, cookie);
    setCookie(c, SESSION, result.session.token, {
      ...cookie,
      expires: new Date(result.session.expiresAt),
    });
    return c.redirect(result.mustSetUpTotp ? '/dashboard/totp' : '/dashboard', 303);
  });

  // Everything below needs a live session; a form post also needs the session's CSRF token.
  app.use('*', async (c, next) => {
    const token = getCookie(c, SESSION);
    const ctx = token ? await sessionFor(deps.database, token, deps.now()) : null;
    if (!ctx) return c.redirect('/dashboard/login', 303);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!csrfMatches(ctx.session, String(form.csrf ?? '')))
        return c.html(
          <Layout t={tFor(ctx.staff.language)} title="403">
            <p class="error">{tFor(ctx.staff.language)('staff:dashboard.login.error.csrf')}</p>
          </Layout>,
          403,
        );
    }
    const path = c.req.path;
    if (mustSetUpTotp(ctx.staff, ctx.organisation) && !/\/(totp|logout)$/.test(path))
      return c.redirect('/dashboard/totp', 303);
    c.set('ctx', ctx);
    c.set('viewer', {
      name: ctx.staff.displayName,
      role: ctx.staff.role,
      organisation: ctx.organisation?.name ?? null,
      language: ctx.staff.language,
      csrf: ctx.session.csrfToken,
    });
    await next();
  });

  /** The partner whose cases this staff member sees; null: every partner (platform admin). */
  const scopeOf = (ctx: SessionContext) =>
    ctx.staff.role === 'platform_admin' ? null : ctx.staff.orgId;
  const audit = (ctx: SessionContext, action: AuditAction, ticket: TicketRow | null, detail = {}) =>
    auditStatement(db, {
      orgId: ticket?.partnerId ?? ctx.staff.orgId,
      staffId: ctx.staff.id,
      ticketId: ticket?.id ?? null,
      action,
      detail,
      at: deps.now(),
    });
  const notFound = (c: Context<Env>) => {
    const t = tFor(c.get('viewer').language);
    return c.html(
      <Layout t={t} title="404" viewer={c.get('viewer')}>
        <p>{t('staff:dashboard.notFound')}</p>
      </Layout>,
      404,
    );
  };

  app.get('/', async (c) => {
    const q = c.req.query();
    const filters: InboxFilters = {
      status: oneOf(STATUSES, q.status),
      category: oneOf(CATEGORIES, q.category),
      urgency: oneOf(URGENCIES, q.urgency),
      prefecture: oneOf(PREFECTURES, q.prefecture),
      language: oneOf(LANGUAGES, q.language),
      from: isDate(q.from),
      to: isDate(q.to),
    };
    const query: InboxQuery = { ...filters, limit: 200 };
    const rows = await inboxTickets(db, scopeOf(c.get('ctx')), query);
    const done = q.done === 'referred' || q.done === 'erased' ? q.done : null;
    const now = deps.now();
    return c.html(
      <InboxPage
        t={tFor(c.get('viewer').language)}
        viewer={c.get('viewer')}
        filters={filters}
        notice={done}
        choices={{
          status: [...STATUSES],
          category: CATEGORIES,
          urgency: URGENCIES,
          prefecture: PREFECTURES,
          language: LANGUAGES,
        }}
        rows={rows.map((r) => {
          const left =
            r.status === 'resolved' || r.status === 'closed'
              ? null
              : timeLeftMs(r.urgency, r.createdAt, now);
          return {
            reference: r.reference,
            urgency: r.urgency,
            status: r.status,
            categories: r.categories,
            prefecture: r.prefecture,
            language: r.language,
            createdAt: r.createdAt,
            minutesLeft: left === null ? null : Math.round(left / 60_000),
          };
        })}
      />,
    );
  });

  const ticketFor = async (c: Context<Env>) =>
    ticketByReference(db, scopeOf(c.get('ctx')), c.req.param('reference') ?? '');

  app.get('/tickets/:reference', async (c) => {
    const ticket = await ticketFor(c);
    if (!ticket) return notFound(c);
    const ctx = c.get('ctx');
    await deps.database.commit([audit(ctx, 'ticket.view', ticket)]);
    const t = tFor(ctx.staff.language);
    const described = describeTicket(toTicketJson(ticket, deps.directory), t);
    const [thread, notes, timeline] = await Promise.all([
      threadOf(db, deps.keys, ticket.id),
      notesOf(db, deps.keys, ticket.id),
      timelineOf(deps.database, ticket, t),
    ]);
    const notice = c.req.query('done');
    return c.html(
      <TicketPage
        t={t}
        viewer={c.get('viewer')}
        reference={ticket.reference}
        status={ticket.status}
        fields={described.fields}
        wordsLabel={described.wordsLabel}
        thread={thread.map((m) => ({
          author: m.author,
          body: m.body,
          at: m.createdAt,
          channel: m.channel,
          staffName: m.staffName,
          delivery: m.delivery,
        }))}
        notes={notes.map((n) => ({ body: n.body, at: n.createdAt, staffName: n.staffName }))}
        timeline={timeline}
        statuses={[...STATUSES]}
        partners={deps.directory.partners
          .filter((p) => p.id !== ticket.partnerId)
          .map((p) => ({ id: p.id, name: p.name }))}
        canReply={canReply(ticket)}
        canErase={ctx.staff.role !== 'caseworker'}
        notice={notice && /^(note|status|reply|referred)$/.test(notice) ? notice : null}
      />,
    );
  });

  /** A form post on a case the caller may see; `act` returns the statements and a notice. */
  const onTicket =
    (
      act: (
        ticket: TicketRow,
        form: Record<string, unknown>,
        ctx: SessionContext,
      ) => Promise<{ statements: unknown[]; done: string } | null>,
    ) =>
    async (c: Context<Env>) => {
      const ticket = await ticketFor(c);
      if (!ticket) return notFound(c);
      const form = await c.req.parseBody();
      const result = await act(ticket, form, c.get('ctx'));
      if (!result) return c.html(<p>400</p>, 400);
      await deps.database.commit(result.statements as never);
      // A referred case has left this inbox; an erased one no longer exists.
      if (result.done === 'referred' || result.done === 'erased')
        return c.redirect(`/dashboard?done=${result.done}`, 303);
      return c.redirect(`/dashboard/tickets/${ticket.reference}?done=${result.done}`, 303);
    };

  const text = (form: Record<string, unknown>, max: number) => {
    const v = typeof form.body === 'string' ? form.body.trim() : '';
    return v && v.length <= max ? v : null;
  };

  app.post(
    '/tickets/:reference/notes',
    onTicket(async (ticket, form, ctx) => {
      const body = text(form, 5000);
      if (!body) return null;
      return {
        statements: [
          ...(await noteStatements(db, deps.keys, ticket, ctx.staff.id, body, deps.now())),
          audit(ctx, 'ticket.note', ticket),
        ],
        done: 'note',
      };
    }),
  );

  app.post(
    '/tickets/:reference/status',
    onTicket(async (ticket, form, ctx) => {
      const status = String(form.status ?? '');
      if (!isStatus(status)) return null;
      return {
        statements: [
          statusStatement(db, ticket, status, deps.now()),
          audit(ctx, 'ticket.status', ticket, { from: ticket.status, to: status }),
        ],
        done: 'status',
      };
    }),
  );

  app.post('/tickets/:reference/reply', async (c) => {
    const response = await onTicket(async (ticket, form, ctx) => {
      const body = text(form, 2000);
      if (!body || !canReply(ticket)) return null;
      return {
        statements: [
          ...(await replyStatements(
            db,
            deps.keys,
            ticket,
            ctx.staff.id,
            body,
            deps.now(),
            deps.translator.forLanguage(ticket.language)('common:system.new_message'),
          )),
          audit(ctx, 'ticket.reply', ticket),
        ],
        done: 'reply',
      };
    })(c);
    deps.kick();
    return response;
  });

  // Erasing a case is for organisation admins, and only with the box ticked: it cannot be undone.
  // Its counts stay for the statistics, like a case retention removes (src/privacy/retention.ts).
  app.post(
    '/tickets/:reference/erase',
    onTicket(async (ticket, form, ctx) => {
      if (ctx.staff.role === 'caseworker' || form.confirm !== 'yes') return null;
      return {
        statements: [
          ...purgeTicketStatements(db, ticket),
          audit(ctx, 'ticket.erase', null, { reference: ticket.reference }),
        ],
        done: 'erased',
      };
    }),
  );

  app.post(
    '/tickets/:reference/refer',
    onTicket(async (ticket, form, ctx) => {
      const partner = deps.directory.byId(String(form.partner ?? ''));
      // Only with the reporter's consent, recorded by the one who refers.
      if (!partner || partner.id === ticket.partnerId || form.consent !== 'yes') return null;
      return {
        statements: [
          ...referStatements(
            db,
            deps.directory,
            ticket,
            partner.id,
            ctx.organisation?.name ?? ctx.staff.displayName,
            deps.now(),
          ),
          audit(ctx, 'ticket.refer', ticket, {
            from: ticket.partnerId,
            to: partner.id,
            consent: true,
          }),
        ],
        done: 'referred',
      };
    }),
  );

  app.get('/stats', async (c) => {
    const t = tFor(c.get('viewer').language);
    const counts = await weeklyCounts(db, scopeOf(c.get('ctx')), deps.now());
    // Urgency keeps its own order (and so its colour); the others go by how many cases.
    const total = (counts: number[]) => counts.reduce((x, y) => x + y, 0);
    const series = (m: Map<string, number[]>, group: string, top = 8) =>
      [...m.entries()]
        .sort((a, b) =>
          group === 'urgency'
            ? URGENCIES.indexOf(a[0] as never) - URGENCIES.indexOf(b[0] as never)
            : total(b[1]) - total(a[1]),
        )
        .slice(0, top)
        .map(([k, v]) => ({
          label: k === 'none' ? t('staff:field.notGiven') : t(`staff:${group}.${k}`) || k,
          counts: v,
        }));
    return c.html(
      <StatsPage
        t={t}
        viewer={c.get('viewer')}
        weeks={counts.weeks}
        total={counts.total}
        byCategory={series(counts.byCategory, 'category')}
        byUrgency={series(counts.byUrgency, 'urgency')}
        byPrefecture={series(counts.byPrefecture, 'prefecture')}
      />,
    );
  });

  app.get('/export/stats.csv', async (c) => {
    const ctx = c.get('ctx');
    const csv = await exportStatsCsv(db, scopeOf(ctx), deps.now());
    await deps.database.commit([audit(ctx, 'export.csv', null, { kind: 'stats' })]);
    return csvResponse(c, 'hotline-weekly-counts.csv', csv);
  });

  app.post('/export/tickets.csv', async (c) => {
    const ctx = c.get('ctx');
    const form = await c.req.parseBody();
    const words = form.words === 'yes';
    const { csv, count } = await exportTicketsCsv(
      db,
      deps.keys,
      deps.directory,
      scopeOf(ctx),
      words,
    );
    await deps.database.commit([audit(ctx, 'export.csv', null, { kind: 'tickets', words, count })]);
    return csvResponse(c, 'hotline-cases.csv', csv);
  });

  app.get('/audit', async (c) => {
    const ctx = c.get('ctx');
    if (ctx.staff.role === 'caseworker') return notFound(c);
    const before = Number(c.req.query('before'));
    const page = await listAudit(deps.database, scopeOf(ctx), {
      limit: 100,
      ...(Number.isInteger(before) && before > 0 ? { beforeId: before } : {}),
    });
    return c.html(
      <AuditPage
        t={tFor(ctx.staff.language)}
        viewer={c.get('viewer')}
        older={page.nextBeforeId === null ? null : String(page.nextBeforeId)}
        rows={page.entries.map((e) => ({
          at: e.at,
          staffName: e.staff?.displayName ?? '–',
          action: e.action,
          reference: e.ticketReference,
          detail: Object.entries(e.detail)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(', '),
        }))}
      />,
    );
  });

  app.get('/totp', async (c) => {
    const ctx = c.get('ctx');
    if (ctx.staff.totpEnabled) return c.redirect('/dashboard', 303);
    const { secret, uri } = await setUpTotp(deps.database, deps.keys, ctx.staff.id);
    return c.html(
      <TotpPage t={tFor(ctx.staff.language)} viewer={c.get('viewer')} secret={secret} uri={uri} />,
    );
  });

  app.post('/totp', async (c) => {
    const ctx = c.get('ctx');
    if (ctx.staff.totpEnabled) return c.redirect('/dashboard', 303);
    const form = await c.req.parseBody();
    // confirmTotp writes the audit entry itself.
    const code = String(form.code ?? '');
    if (await confirmTotp(deps.database, deps.keys, ctx.staff.id, code, deps.now()))
      return c.redirect('/dashboard', 303);
    const { secret, uri } = await setUpTotp(deps.database, deps.keys, ctx.staff.id);
    return c.html(
      <TotpPage
        t={tFor(ctx.staff.language)}
        viewer={c.get('viewer')}
        secret={secret}
        uri={uri}
        error
      />,
      400,
    );
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION);
    if (token) await endSession(deps.database, token, deps.now());
    deleteCookie(c, SESSION, cookie);
    return c.redirect('/dashboard/login', 303);
  });

  return app;
}

function csvResponse(c: Context, name: string, csv: string) {
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${name}"`);
  c.header('cache-control', 'no-store');
  return c.body(csv);
}
