// A recorded request body as text for a <pre>. The body comes from the server and may be hostile:
// any depth, any size, any string. JSON.stringify recurses (deep nesting throws) and indents every
// level (3,000 nested arrays would become 18 million characters), so this writer keeps its own
// stack, indents only the first levels and stops at a fixed number of characters.

/** Levels indented one per line; deeper ones are written compactly, so the text grows linearly with the body. */
const INDENTED_LEVELS = 8;

/**
 * The most characters of one body the audit table shows: enough for any body within the
 * contract's 8 KiB, written out (each value gains at most a line break and 16 spaces), and no more.
 */
export const MAX_BODY_CHARS = 80 * 1024;

/** A body written as text, and whether it was shortened to fit. */
export interface BodyText {
  text: string;
  shortened: boolean;
}

interface Frame {
  /** The closing bracket. */
  close: ']' | '}';
  /** Object keys, or null for an array. */
  keys: string[] | null;
  value: unknown[] | Record<string, unknown>;
  next: number;
  depth: number;
}

/** Pretty JSON of `value` (strings escaped as JSON, lone surrogates included), at most `limit` characters; never recursive. */
export function bodyText(value: unknown, limit = MAX_BODY_CHARS): BodyText {
  let text = '';
  const stack: Frame[] = [];
  const full = () => text.length >= limit;
  const newline = (depth: number) => (depth <= INDENTED_LEVELS ? `\n${'  '.repeat(depth)}` : '');

  // Writes a leaf, or opens a container and pushes it.
  const write = (item: unknown, depth: number) => {
    if (typeof item === 'string') {
      // Escaped from a slice: a huge string costs no more than what can be shown.
      text += JSON.stringify(item.length > limit ? item.slice(0, limit) : item);
    } else if (typeof item === 'number') {
      text += Number.isFinite(item) ? String(item) : 'null';
    } else if (typeof item === 'boolean') {
      text += String(item);
    } else if (Array.isArray(item)) {
      text += '[';
      stack.push({ close: ']', keys: null, value: item, next: 0, depth: depth + 1 });
    } else if (item !== null && typeof item === 'object') {
      text += '{';
      stack.push({ close: '}', keys: Object.keys(item), value: item as Record<string, unknown>, next: 0, depth: depth + 1 });
    } else {
      text += 'null';
    }
  };

  write(value, 0);
  for (let frame = stack.at(-1); frame && !full(); frame = stack.at(-1)) {
    const { keys, depth } = frame;
    const size = keys ? keys.length : (frame.value as unknown[]).length;
    if (frame.next >= size) {
      text += (size > 0 ? newline(depth - 1) : '') + frame.close;
      stack.pop();
      continue;
    }
    const index = frame.next++;
    text += (index > 0 ? ',' : '') + newline(depth);
    if (keys) {
      const key = keys[index] as string;
      text += JSON.stringify(key) + (depth <= INDENTED_LEVELS ? ': ' : ':');
      write((frame.value as Record<string, unknown>)[key], depth);
    } else {
      write((frame.value as unknown[])[index], depth);
    }
  }
  const shortened = text.length > limit || stack.length > 0;
  return { text: shortened ? text.slice(0, limit) : text, shortened };
}
