import { z } from 'zod';

/** Thrown at start when the environment cannot run the server; names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const url = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));
const optional = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

const schema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/hotline.sqlite'),
  FLOWS_DIR: z.string().min(1).default('./flows'),
  LOCALES_DIR: z.string().min(1).default('./locales'),
  HOTLINE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  LINE_CHANNEL_SECRET: z.string().min(1).optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(1).optional(),
  LINE_API_BASE_URL: url.default('https://api.line.me'),
  LINE_DATA_API_BASE_URL: url.default('https://api-data.line.me'),
  MESSENGER_APP_SECRET: z.string().min(1).optional(),
  MESSENGER_VERIFY_TOKEN: z.string().min(1).optional(),
  MESSENGER_PAGE_ACCESS_TOKEN: z.string().min(1).optional(),
  MESSENGER_API_BASE_URL: url.default('https://graph.facebook.com'),
  MESSENGER_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default('v25.0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** How long a LINE reply token is used after its event (LINE allows about a minute). */
  LINE_REPLY_WINDOW_SECONDS: z.coerce.number().int().min(1).max(60).default(50),
  /** Days a resolved or closed case is kept after its last change; then only its counts stay. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Days processed events, sent messages and sent notifications are kept. */
  RECORD_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
});

export interface Config {
  production: boolean;
  port: number;
  host: string;
  databasePath: string;
  flowsDir: string;
  localesDir: string;
  /** Undefined only in development; the entry then generates and keeps one. */
  hotlineSecret: string | undefined;
  adminApiToken: string | undefined;
  line: {
    channelSecret: string;
    channelAccessToken: string;
    apiBaseUrl: string;
    dataApiBaseUrl: string;
    replyWindowMs: number;
  } | null;
  messenger: {
    appSecret: string;
    verifyToken: string;
    pageAccessToken: string;
    apiBaseUrl: string;
    apiVersion: string;
  } | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  retention: { caseDays: number; recordDays: number };
  /** `PARTNER_SECRET_<ID>` variables by name: a partner's own signing secret, if it chose one. */
  partnerSecrets: Record<string, string>;
}

/** Variables the README documents; anything else in the environment is ignored. */
export const KNOWN_VARIABLES = Object.keys(schema.shape);

/** Optional per partner: `PARTNER_SECRET_DEMO_NGO_TOKAI` for `demo-ngo-tokai`. */
export const PARTNER_SECRET_PREFIX = 'PARTNER_SECRET_';
export const partnerSecretVariable = (partnerId: string): string =>
  PARTNER_SECRET_PREFIX + partnerId.toUpperCase().replace(/-/g, '_');

function partnerSecrets(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(env)) {
    const value = optional(raw);
    if (!name.startsWith(PARTNER_SECRET_PREFIX) || value === undefined) continue;
    if (!/^PARTNER_SECRET_[A-Z0-9_]+$/.test(name))
      throw new ConfigError(name, 'must be PARTNER_SECRET_ and the partner id upper-cased, - as _');
    if (value.length < 32)
      throw new ConfigError(name, `must be at least 32 characters (got ${value.length})`);
    out[name] = value;
  }
  return out;
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const input = Object.fromEntries(KNOWN_VARIABLES.map((k) => [k, optional(env[k])]));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(
      variable,
      `${issue.message} (got ${JSON.stringify(input[variable] ?? '')})`,
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.HOTLINE_SECRET) {
    throw new ConfigError(
      'HOTLINE_SECRET',
      'is required when NODE_ENV=production (at least 32 characters)',
    );
  }
  const pair = (a: string, av: string | undefined, b: string, bv: string | undefined) => {
    if (av && !bv) throw new ConfigError(b, `must be set when ${a} is set`);
    if (bv && !av) throw new ConfigError(a, `must be set when ${b} is set`);
  };
  pair(
    'LINE_CHANNEL_SECRET',
    e.LINE_CHANNEL_SECRET,
    'LINE_CHANNEL_ACCESS_TOKEN',
    e.LINE_CHANNEL_ACCESS_TOKEN,
  );
  pair(
    'MESSENGER_APP_SECRET',
    e.MESSENGER_APP_SECRET,
    'MESSENGER_PAGE_ACCESS_TOKEN',
    e.MESSENGER_PAGE_ACCESS_TOKEN,
  );
  pair(
    'MESSENGER_APP_SECRET',
    e.MESSENGER_APP_SECRET,
    'MESSENGER_VERIFY_TOKEN',
    e.MESSENGER_VERIFY_TOKEN,
  );

  return {
    production,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    flowsDir: e.FLOWS_DIR,
    localesDir: e.LOCALES_DIR,
    hotlineSecret: e.HOTLINE_SECRET,
    adminApiToken: e.ADMIN_API_TOKEN,
    line:
      e.LINE_CHANNEL_SECRET && e.LINE_CHANNEL_ACCESS_TOKEN
        ? {
            channelSecret: e.LINE_CHANNEL_SECRET,
            channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN,
            apiBaseUrl: e.LINE_API_BASE_URL,
            dataApiBaseUrl: e.LINE_DATA_API_BASE_URL,
            replyWindowMs: e.LINE_REPLY_WINDOW_SECONDS * 1000,
          }
        : null,
    messenger:
      e.MESSENGER_APP_SECRET && e.MESSENGER_PAGE_ACCESS_TOKEN && e.MESSENGER_VERIFY_TOKEN
        ? {
            appSecret: e.MESSENGER_APP_SECRET,
            verifyToken: e.MESSENGER_VERIFY_TOKEN,
            pageAccessToken: e.MESSENGER_PAGE_ACCESS_TOKEN,
            apiBaseUrl: e.MESSENGER_API_BASE_URL,
            apiVersion: e.MESSENGER_API_VERSION,
          }
        : null,
    logLevel: e.LOG_LEVEL,
    retention: { caseDays: e.RETENTION_DAYS, recordDays: e.RECORD_RETENTION_DAYS },
    partnerSecrets: partnerSecrets(env),
  };
}
