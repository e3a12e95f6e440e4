import {
  createOrganisation,
  setRequireTotp,
  createStaff,
  disableStaff,
  resetPassword,
  resetTotp,
  staffByEmail,
} from '../accounts/staff';
import { AccountsError, type Role, type Staff, type StaffLanguage } from '../accounts/types';
import type { Database } from '../db/types';
import type { Directory } from '../routing/directory';
import { parseOptions } from './options';
import { CliError } from './tokens';

export interface AccountsIo {
  /** Standard output: only a generated password goes there. */
  out: (s: string) => void;
  /** Standard error: everything said to the operator. */
  err: (s: string) => void;
  database: () => Database;
  directory: () => Directory;
  now: () => number;
}

const ORGS_USAGE = `usage: orgs create --partner <partner id> [--require-totp]
       orgs require-totp --partner <partner id> on|off`;
const STAFF_USAGE = `usage: staff create --org <partner id> --email <email> --role org_admin|caseworker [--name <name>] [--language ja|en]
       staff create --platform --email <email> [--name <name>] [--language ja|en]
       staff password --email <email>
       staff disable --email <email>
       staff totp-reset --email <email>`;

/** A caller mistake reported by src/accounts becomes the CLI's exit code 2 with its message. */
async function asCli<T>(command: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AccountsError) throw new CliError(`${command}: ${err.message}`);
    throw err;
  }
}

function knownPartner(command: string, directory: Directory, id: string) {
  const partner = directory.byId(id);
  if (!partner)
    throw new CliError(
      `${command}: no partner "${id}" in the directory (known: ${directory.partners.map((p) => p.id).join(', ')})`,
    );
  return partner;
}

/** `orgs create --partner <id> [--require-totp]`: the organisation takes the partner's name. */
export async function orgsCommand(args: string[], io: AccountsIo): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'require-totp') return requireTotpCommand(rest, io);
  if (sub !== 'create') throw new CliError(ORGS_USAGE);
  const command = 'orgs create';
  const { values, flags } = parseOptions(command, rest, {
    values: ['partner'],
    flags: ['require-totp'],
  });
  if (!values.partner) throw new CliError(`${command}: --partner <partner id> is required`);
  const partner = knownPartner(command, io.directory(), values.partner);
  const org = await asCli(command, () =>
    createOrganisation(io.database(), {
      id: partner.id,
      name: partner.name,
      requireTotp: flags['require-totp'],
    }),
  );
  io.err(
    `created organisation ${org.id} (${org.name}); TOTP ${org.requireTotp ? 'required' : 'optional'}\n`,
  );
}

/** `orgs require-totp --partner <id> on|off`: its staff set up TOTP at their next login. */
async function requireTotpCommand(args: string[], io: AccountsIo): Promise<void> {
  const command = 'orgs require-totp';
  const setting = args.find((a) => a === 'on' || a === 'off');
  const { values } = parseOptions(
    command,
    args.filter((a) => a !== setting),
    { values: ['partner'], flags: [] },
  );
  if (!values.partner || !setting) throw new CliError(ORGS_USAGE);
  const org = await asCli(command, () =>
    setRequireTotp(io.database(), values.partner!, setting === 'on'),
  );
  io.err(`organisation ${org.id}: TOTP ${org.requireTotp ? 'required' : 'optional'}\n`);
}

const ORG_ROLES: readonly Role[] = ['org_admin', 'caseworker'];
const LANGUAGES: readonly StaffLanguage[] = ['ja', 'en'];

async function create(rest: string[], io: AccountsIo): Promise<void> {
  const command = 'staff create';
  const { values, flags } = parseOptions(command, rest, {
    values: ['org', 'email', 'role', 'name', 'language'],
    flags: ['platform'],
  });
  if (!values.email) throw new CliError(`${command}: --email <email> is required`);
  const language = values.language ?? 'ja';
  if (!(LANGUAGES as readonly string[]).includes(language))
    throw new CliError(`${command}: --language must be ja or en`);
  let orgId: string | null = null;
  let role: Role = 'platform_admin';
  if (flags.platform) {
    if (values.org) throw new CliError(`${command}: --platform and --org exclude each other`);
    if (values.role && values.role !== 'platform_admin')
      throw new CliError(`${command}: a --platform account has the role platform_admin`);
  } else {
    if (!values.org)
      throw new CliError(`${command}: --org <partner id> (or --platform) is required`);
    if (!values.role || !(ORG_ROLES as readonly string[]).includes(values.role))
      throw new CliError(`${command}: --role must be org_admin or caseworker`);
    orgId = knownPartner(command, io.directory(), values.org).id;
    role = values.role as Role;
  }
  const created = await asCli(command, async () => {
    try {
      return await createStaff(io.database(), {
        orgId,
        email: values.email!,
        displayName: values.name ?? values.email!.split('@')[0]!,
        role,
        language: language as StaffLanguage,
      });
    } catch (err) {
      if (err instanceof AccountsError && err.code === 'unknown_organisation')
        throw new AccountsError(
          err.code,
          `organisation "${orgId}" does not exist yet: run orgs create --partner ${orgId} first`,
        );
      throw err;
    }
  });
  const s = created.staff;
  io.err(
    `created ${s.role} ${s.email}${s.orgId ? ` in ${s.orgId}` : ''}; the password below is shown once\n`,
  );
  io.out(created.password + '\n');
}

async function byEmail(command: string, rest: string[], io: AccountsIo): Promise<Staff> {
  const { values } = parseOptions(command, rest, { values: ['email'], flags: [] });
  if (!values.email) throw new CliError(`${command}: --email <email> is required`);
  const found = await staffByEmail(io.database(), values.email);
  if (!found) throw new CliError(`${command}: no staff account with email "${values.email}"`);
  return found;
}

/** `staff create|password|disable|totp-reset`: a generated password goes alone to stdout. */
export async function staffCommand(args: string[], io: AccountsIo): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create':
      return create(rest, io);
    case 'password': {
      const s = await byEmail('staff password', rest, io);
      const password = await asCli('staff password', () => resetPassword(io.database(), s.id));
      io.err(`new password for ${s.email}; its sessions have ended; shown once\n`);
      io.out(password + '\n');
      return;
    }
    case 'disable': {
      const s = await byEmail('staff disable', rest, io);
      await asCli('staff disable', () => disableStaff(io.database(), s.id, io.now()));
      io.err(`disabled ${s.email}; its sessions have ended\n`);
      return;
    }
    case 'totp-reset': {
      const s = await byEmail('staff totp-reset', rest, io);
      await asCli('staff totp-reset', () => resetTotp(io.database(), s.id));
      io.err(`TOTP removed for ${s.email}; its sessions have ended\n`);
      return;
    }
    default:
      throw new CliError(STAFF_USAGE);
  }
}
