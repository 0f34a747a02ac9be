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

// Printable ASCII never joins the character before it, so such runs need no segmenter.
const ASCII_RUN = /[\x20-\x7e]*/y;

// Calls `visit` with each grapheme cluster (user-perceived character) of the text, in order, in
// time linear in its length. Where Intl.Segmenter is missing (older browsers), code points stand in.
function forEachCluster(text: string, visit: (cluster: string, index: number) => void): void {
  if (typeof Intl.Segmenter !== 'function') {
    let index = 0;
    for (const point of text) {
      visit(point, index);
      index += point.length;
    }
    return;
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let start = 0;
  let size = CHUNK;
  while (start < text.length) {
    ASCII_RUN.lastIndex = start;
    ASCII_RUN.test(text);
    // All of the run but its last character: that one may still take a combining mark after it.
    const run = ASCII_RUN.lastIndex === text.length ? text.length : ASCII_RUN.lastIndex - 1;
    for (; start < run; start += 1) visit(text.charAt(start), start);
    if (start >= text.length) return;
    // A chunk ends between whole code points; its last cluster may go on past it, so it is read
    // again from its start with the next chunk (the boundaries before it never look further ahead).
    let end = Math.min(start + size, text.length);
    if (end < text.length && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end -= 1;
    const clusters = Array.from(segmenter.segment(text.slice(start, end)));
    const last = end === text.length ? undefined : clusters.pop();
    if (last && clusters.length === 0) {
      size *= 2; // one cluster longer than the chunk (a letter under many marks): read more at once
      continue;
    }
    for (const { segment, index } of clusters) visit(segment, start + index);
    start = last ? start + last.index : end;
    size = CHUNK;
  }
}

// One pass over the clusters: where the visible text starts and ends, and how many clusters it spans.
function measure(raw: string): { text: string; length: number } {
  const text = raw.replace(BIDI_CONTROLS, '');
  let count = 0;
  let first = -1;
  let start = 0;
  let end = 0;
  let countAtEnd = 0;
  forEachCluster(text, (cluster, index) => {
    count += 1;
    if (BLANK_CLUSTER.test(cluster)) return;
    if (first < 0) {
      first = count;
      start = index;
    }
    end = index + cluster.length;
    countAtEnd = count;
  });
  if (first < 0) return { text: '', length: 0 };
  return { text: text.slice(start, end), length: countAtEnd - first + 1 };
}

/**
 * The reason as stored: bidi controls removed, blank characters trimmed from both ends; a reason
 * made only of whitespace or invisible characters becomes ''.
 */
export function normalizeReason(raw: string): string {
  return measure(raw).text;
}

/** The length the rules measure: grapheme clusters (user-perceived characters) of the normalised reason. */
export function reasonLength(raw: string): number {
  return measure(raw).length;
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
  if (category === null || category === undefined || category === '') return null;
  return rules.categories.includes(category) ? null : 'unknown';
}
