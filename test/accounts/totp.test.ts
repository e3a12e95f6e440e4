import { describe, expect, it } from 'vitest';
import { matchTotp, newTotpSecret, totpCode, totpUri } from '../../src/accounts/totp';
import { codeAt, T0 } from './helpers';

const STEP = 30_000;

describe('totp', () => {
  const secret = newTotpSecret();
  const step = Math.floor(T0 / STEP);

  it('makes a base32 secret of 20 bytes and an otpauth URI naming the issuer and the email', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const text = totpUri(secret, 'kim@example.org');
    expect(text.startsWith('otpauth://totp/Hotline:kim%40example.org?')).toBe(true);
    const uri = new URL(text);
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('issuer')).toBe('Hotline');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });

  it('accepts the current code and one step either side, not two', () => {
    expect(totpCode(secret, T0)).toBe(codeAt(secret, T0));
    expect(matchTotp(secret, codeAt(secret, T0), T0, null)).toBe(step);
    expect(matchTotp(secret, codeAt(secret, T0 - STEP), T0, null)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(secret, T0 + STEP), T0, null)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(secret, T0 - 2 * STEP), T0, null)).toBeNull();
    expect(matchTotp(secret, codeAt(secret, T0 + 2 * STEP), T0, null)).toBeNull();
  });

  it('refuses a code of a step already used, or older', () => {
    const code = codeAt(secret, T0);
    expect(matchTotp(secret, code, T0, step)).toBeNull();
    expect(matchTotp(secret, codeAt(secret, T0 - STEP), T0, step)).toBeNull();
    expect(matchTotp(secret, codeAt(secret, T0 + STEP), T0 + STEP, step)).toBe(step + 1);
  });

  it('takes full-width digits and spaces, refuses anything but six digits', () => {
    const code = codeAt(secret, T0);
    const wide = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    expect(matchTotp(secret, wide, T0, null)).toBe(step);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, T0, null)).toBe(step);
    expect(matchTotp(secret, '', T0, null)).toBeNull();
    expect(matchTotp(secret, `${code}0`, T0, null)).toBeNull();
    expect(matchTotp(secret, 'abcdef', T0, null)).toBeNull();
  });
});
