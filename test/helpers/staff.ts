import { createOrganisation, createStaff } from '../../src/accounts/staff';
import type { Role } from '../../src/accounts/types';
import type { TestSystem } from './server';

/** An organisation (a partner of flows/partners.yaml) with one staff member of the given role. */
export async function staffOf(
  sys: TestSystem,
  partnerId: string | null,
  role: Role = 'caseworker',
  email = `${role}.${partnerId ?? 'platform'}.${Math.random().toString(36).slice(2, 8)}@example.org`,
) {
  if (partnerId) {
    const exists = await import('../../src/accounts/staff').then((m) =>
      m.organisationById(sys.server.database, partnerId),
    );
    if (!exists)
      await createOrganisation(sys.server.database, {
        id: partnerId,
        name: partnerId,
        requireTotp: false,
      });
  }
  const { staff, password } = await createStaff(sys.server.database, {
    orgId: partnerId,
    email,
    displayName: `${role} of ${partnerId ?? 'the platform'}`,
    role,
    language: 'en',
  });
  return { staff, email, password };
}

/** A browser-less staff member: keeps the session cookie and reads the CSRF token from forms. */
export function staffClient(base: string) {
  let cookie = '';
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name] = pair!.split('=');
      const rest = cookie.split('; ').filter((p) => p && !p.startsWith(`${name}=`));
      if (!/max-age=0|expires=thu, 01 jan 1970/i.test(c)) rest.push(pair!);
      cookie = rest.join('; ');
    }
    return res;
  };
  const get = async (path: string) =>
    remember(await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' }));
  const post = async (path: string, form: Record<string, string>) =>
    remember(
      await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      }),
    );
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return {
    get,
    post,
    csrfOf,
    cookie: () => cookie,
    setCookie: (c: string) => (cookie = c),
    async login(email: string, password: string, code?: string) {
      const page = await (await get('/dashboard/login')).text();
      return post('/dashboard/login', {
        csrf: csrfOf(page),
        email,
        password,
        ...(code ? { code } : {}),
      });
    },
    /** A form post with the CSRF token of the page it comes from. */
    async submit(fromPage: string, action: string, form: Record<string, string>) {
      const html = await (await get(fromPage)).text();
      return post(action, { csrf: csrfOf(html), ...form });
    },
  };
}
