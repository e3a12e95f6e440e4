/** "2026-12-01 17:32 JST": staff work in Japan, whatever the server's time zone. */
export function jst(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} JST`;
}
