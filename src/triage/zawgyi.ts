/** Burmese typed in the Zawgyi font encoding, converted to Unicode (filled in by the Zawgyi work). */
export function zawgyiToUnicode(text: string): string {
  return text;
}
