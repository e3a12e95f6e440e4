import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The rooms of the house (shared/architecture.md): who may import whom. */
const DRIVER = [
  'better-sqlite3',
  'drizzle-orm/better-sqlite3',
  'drizzle-orm/better-sqlite3/*',
  '@hono/node-server',
];
const PURE = [
  '../*',
  '!../flow',
  '!../flow/*',
  '!../triage',
  '!../triage/*',
  'node:*',
  'drizzle-orm',
  'drizzle-orm/*',
  'i18next',
  'hono',
  'hono/*',
  ...DRIVER,
];
const ROOMS = {
  flow: PURE,
  triage: PURE,
  channels: [
    '**/flow',
    '**/flow/*',
    '**/db',
    '**/db/*',
    '**/i18n',
    '**/i18n/*',
    '**/conversation',
    '**/conversation/*',
    'drizzle-orm',
    'drizzle-orm/*',
    ...DRIVER,
  ],
  conversation: DRIVER,
  tickets: DRIVER,
  routing: DRIVER,
  referrals: DRIVER,
  accounts: DRIVER,
  i18n: DRIVER,
  privacy: DRIVER,
  dashboard: ['**/conversation', '**/conversation/*', '**/channels/*', ...DRIVER],
};

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', '.wrangler', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  ...Object.entries(ROOMS).map(([room, group]) => ({
    files: [`src/${room}/**/*.ts`, `src/${room}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group, message: `src/${room} may not import this (see shared/architecture.md)` },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: DRIVER, message: 'only src/entry and src/db know the driver' }] },
      ],
    },
  },
);
