// The reason rules of POST /sessions. The server stores and measures a reason with these very
// functions and the form checks it with them, so the two can never disagree.
import type { Policy } from './types';

// Bidi controls can make a stored reason read differently from what was typed: always removed.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

// Characters that draw nothing: whitespace, controls, format characters (zero-width space,
// joiners, BOM…), default-ignorable ones (Hangul fillers, variation selectors, U+180E) and the
// braille blank. Tested one grapheme cluster at a time, so the pattern never scans a long text.
const BLANK_CLUSTER = /^[\s\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}\u2800]+$/u;

/** What is wrong with a typed reason, or null when the server would accept it. */
export type ReasonProblem = 'required' | 'tooShort' | 'tooLong' | null;

let segmenter: Intl.Segmenter | undefined;

// How much text one Intl.Segmenter call gets. V8's segment iterator slows down with the length
// of its text (quadratic: 1.8 s for 70,000 characters here), so a long reason is read in chunks.
const CHUNK = 256;

// The grapheme clusters (user-perceived characters) of a text, in time linear in its length.
// Where Intl.Segmenter is missing (older browsers), code points stand in; printable ASCII is one
// cluster per character, so such a text needs no segmenter.
function clusters(text: string): string[] {
  if (typeof Intl.Segmenter !== 'function' || /^[\x20-\x7e]*$/.test(text)) return Array.from(text);
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const out: string[] = [];
  for (let start = 0, size = CHUNK; start < text.length; ) {
    // A chunk ends between whole code points. Its last cluster may go on past it, so that one is
    // read again with the next chunk (the boundaries before it never look further ahead).
    const end = start + size - +/[\uD800-\uDBFF]/.test(text.charAt(start + size - 1));
    const chunk = Array.from(segmenter.segment(text.slice(start, end)), ({ segment }) => segment);
    if (end < text.length) chunk.pop();
    // One cluster longer than the chunk (a letter under many marks): read more at once.
    size = chunk.length ? CHUNK : size * 2;
    for (const cluster of chunk) {
      out.push(cluster);
      start += cluster.length;
    }
  }
  return out;
}

// The clusters of the reason as stored: bidi controls removed, blank clusters trimmed from both ends.
function visible(raw: string): string[] {
  const all = clusters(raw.replace(BIDI_CONTROLS, ''));
  let first = 0;
  let last = all.length;
  while (first < last && BLANK_CLUSTER.test(all[first] as string)) first += 1;
  while (last > first && BLANK_CLUSTER.test(all[last - 1] as string)) last -= 1;
  return all.slice(first, last);
}

/**
 * The reason as stored: bidi controls removed, blank characters trimmed from both ends; a reason
 * made only of whitespace or invisible characters becomes ''.
 */
export function normalizeReason(raw: string): string {
  return visible(raw).join('');
}

/** The length the rules measure: grapheme clusters (user-perceived characters) of the normalised reason. */
export function reasonLength(raw: string): number {
  return visible(raw).length;
}

/** Checks a reason against `policy.reason` exactly as the server does. */
export function checkReason(rules: Policy['reason'], raw: string | null | undefined): ReasonProblem {
  const length = reasonLength(raw ?? '');
  // A blank reason is no reason at all: fine when optional, and never "too short".
  if (length === 0) return rules.required ? 'required' : null;
  if (length < rules.minLength) return 'tooShort';
  if (length > rules.maxLength) return 'tooLong';
  return null;
}

/** Checks a reason category: none is always fine; one outside `policy.reason.categories` is 'unknown'. */
export function checkReasonCategory(rules: Policy['reason'], category: string | null | undefined): 'unknown' | null {
  return !category || rules.categories.includes(category) ? null : 'unknown';
}
