import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const ISSUER = 'Hotline';
const PERIOD = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off, or a code typed as it rolls over. */
const WINDOW = 1;

const totpOf = (secret: string, label = '') =>
  new TOTP({
    issuer: ISSUER,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
  });

/** 20 random bytes (the RFC's size for SHA-1), base32 as authenticator apps take it. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://totp/Hotline:<email>?…` URI for the QR code. */
export const totpUri = (secret: string, email: string): string => totpOf(secret, email).toString();

/** The code for a time, as the authenticator app shows it (tests and the setup page's check). */
export const totpCode = (secret: string, now: number): string =>
  totpOf(secret).generate({ timestamp: now });

/**
 * The time step the code belongs to, or null when it is wrong or not newer than `lastStep`
 * (a code already used, or an older one, never works again). Full-width digits and spaces are
 * accepted: a Japanese input method may type them.
 */
export function matchTotp(
  secret: string,
  code: string,
  now: number,
  lastStep: number | null,
): number | null {
  const token = code.normalize('NFKC').replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpOf(secret);
  const delta = totp.validate({ token, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  const step = totp.counter({ timestamp: now }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
