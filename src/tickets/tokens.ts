import { and, eq, isNull } from 'drizzle-orm';
import { sha256Hex } from '../crypto/keys';
import { newApiToken } from '../crypto/random';
import { apiTokens } from '../db/schema';
import type { Database } from '../db/types';

export interface Caller {
  /** null: the admin token, which sees every ticket. */
  partnerId: string | null;
}

/** Creates a partner API token; only its hash is stored, the token is returned once. */
export async function createPartnerToken(
  database: Database,
  partnerId: string,
  label?: string,
): Promise<string> {
  const token = newApiToken();
  await database.db
    .insert(apiTokens)
    .values({ partnerId, tokenHash: await sha256Hex(token), label: label ?? null });
  return token;
}

const constantTimeEqual = (a: string, b: string): boolean => {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
};

export async function authenticate(
  database: Database,
  adminToken: string | undefined,
  bearer: string,
): Promise<Caller | null> {
  if (adminToken && constantTimeEqual(bearer, adminToken)) return { partnerId: null };
  if (!bearer.startsWith('htk_')) return null;
  const hash = await sha256Hex(bearer);
  const row = (
    await database.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
      .limit(1)
  )[0];
  return row ? { partnerId: row.partnerId } : null;
}
