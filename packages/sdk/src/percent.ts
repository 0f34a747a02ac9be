// Percent-decoding that never throws, for reading names and ids the way a lenient server would.

/** Decodes %XX escapes; where the text is malformed (a stray %, half a UTF-8 sequence), only the ASCII escapes are decoded. */
export function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
