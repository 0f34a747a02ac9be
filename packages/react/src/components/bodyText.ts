// A redacted request body as text for a <pre>. The sdk's redaction bounds it (at most 8 KiB of JSON,
// at most 500 levels deep), but indenting every level would still grow 500 nested arrays into
// 500,000 characters: a body that nests deeper than a person reads is shown compact instead.

/** Bodies nested at most this deep are indented, one value per line; deeper ones are shown compact. */
export const MAX_INDENTED_DEPTH = 16;

/** How deep JSON text nests: its brackets outside strings, in one pass. */
function nesting(json: string): number {
  let depth = 0;
  let max = 0;
  let quoted = false;
  for (let at = 0; at < json.length; at += 1) {
    const char = json[at];
    if (quoted) {
      if (char === '\\') at += 1;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === '[' || char === '{') max = Math.max(max, ++depth);
    else if (char === ']' || char === '}') depth -= 1;
  }
  return max;
}

/** JSON text of a redacted body (lone surrogates escaped): indented when that stays small, compact otherwise. */
export function bodyText(redacted: unknown): string {
  const compact = JSON.stringify(redacted) ?? 'null';
  return nesting(compact) > MAX_INDENTED_DEPTH ? compact : (JSON.stringify(redacted, null, 2) ?? compact);
}
