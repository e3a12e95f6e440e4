/** Dashboard accounts: the shapes the rest of the app sees (never a password hash or TOTP secret). */

export const ROLES = ['platform_admin', 'org_admin', 'caseworker'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_LANGUAGES = ['ja', 'en'] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];

export interface Organisation {
  /** The partner id of `flows/partners.yaml`. */
  id: string;
  name: string;
  requireTotp: boolean;
  createdAt: string;
}

export interface Staff {
  id: string;
  /** null only for a platform admin. */
  orgId: string | null;
  email: string;
  displayName: string;
  role: Role;
  language: StaffLanguage;
  totpEnabled: boolean;
  disabledAt: string | null;
  createdAt: string;
}

export type AccountsErrorCode =
  | 'invalid_email'
  | 'invalid_role'
  | 'duplicate_email'
  | 'duplicate_organisation'
  | 'unknown_organisation'
  | 'unknown_staff'
  | 'totp_already_enabled'
  | 'no_organisation';

/** Only for caller mistakes that need a message; everything else is a result. */
export class AccountsError extends Error {
  constructor(
    readonly code: AccountsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountsError';
  }
}

/** Emails are compared and stored lower-case, so one person cannot hold two accounts by case. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The organisation asks for TOTP and this person has not set it up: only the setup page is open. */
export const mustSetUpTotp = (staff: Staff, organisation: Organisation | null): boolean =>
  organisation !== null && organisation.requireTotp && !staff.totpEnabled;
