/**
 * Whether a phone number looks like one a reporter can dial in Japan: `0120-279-338`,
 * `03-5774-0992`, `090-1234-5678`, `+81-3-5774-0992`, `#8891`, `110`. Null when it does;
 * otherwise what is wrong and how to write it.
 */
export function phoneProblem(phone: string): string | null {
  const fix = 'write it as dialled in Japan, like 0120-279-338, 03-5774-0992, #8891 or 110';
  const compact = phone.trim().replace(/[\s()-]/g, '');
  if (!/^[+#]?\d+$/.test(compact)) return `"${phone}" is not a phone number: ${fix}`;
  if (/^#\d{4}$/.test(compact)) return null; // short numbers: #8891, #9110, #7119
  if (/^1\d{2}$/.test(compact)) return null; // 110, 119, 118, 189
  const domestic = compact.replace(/^\+81/, '0');
  if (/^0[1-9]\d{8,9}$/.test(domestic)) return null; // 10 digits, 11 for mobiles, 050, 0800
  return `"${phone}" does not look like a Japanese phone number: ${fix}`;
}
