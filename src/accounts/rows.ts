import { eq } from 'drizzle-orm';
import { organisations, staff } from '../db/schema';
import type { Database } from '../db/types';
import type { Organisation, Staff } from './types';

/** Rows as stored, secrets included: used inside src/accounts only, never handed to pages. */
export type StaffRow = typeof staff.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

export const toStaff = (row: StaffRow): Staff => ({
  id: row.id,
  orgId: row.orgId,
  email: row.email,
  displayName: row.displayName,
  role: row.role,
  language: row.language,
  totpEnabled: row.totpEnabled,
  disabledAt: row.disabledAt,
  createdAt: row.createdAt,
});

export const toOrganisation = (row: OrganisationRow): Organisation => ({
  id: row.id,
  name: row.name,
  requireTotp: row.requireTotp,
  createdAt: row.createdAt,
});

export async function staffRow(
  database: Database,
  where: { id: string } | { email: string },
): Promise<{ staff: StaffRow; organisation: OrganisationRow | null } | null> {
  const row = (
    await database.db
      .select({ staff, organisation: organisations })
      .from(staff)
      .leftJoin(organisations, eq(organisations.id, staff.orgId))
      .where('id' in where ? eq(staff.id, where.id) : eq(staff.email, where.email))
      .limit(1)
  )[0];
  return row ?? null;
}
