import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkReason, checkReasonCategory, normalizeReason, reasonLength } from '../reason';
import type { Policy } from '../types';

const rules = (overrides: Partial<Policy['reason']> = {}): Policy['reason'] => ({
  required: true,
  minLength: 10,
  maxLength: 20,
  categories: ['support', 'billing'],
  ...overrides,
});

// The reference count: one Intl.Segmenter pass over the whole text.
function graphemes(text: string): number {
  return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)).length;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('normalizeReason', () => {
  it('trims surrounding whitespace', () => {
    expect(normalizeReason('  Ticket 4411 \n\t')).toBe('Ticket 4411');
  });

  it.each([
    ['U+202E right-to-left override', '\u202E'],
    ['U+202A-U+202D embeddings and overrides', '\u202A\u202B\u202C\u202D'],
    ['U+2066-U+2069 isolates', '\u2066\u2067\u2068\u2069'],
    ['U+200E/U+200F marks', '\u200E\u200F'],
    ['U+061C Arabic letter mark', '\u061C'],
  ])('removes bidi controls (%s) wherever they are', (_, controls) => {
    expect(normalizeReason(`${controls}Refund${controls} check${controls}`)).toBe('Refund check');
  });

  it.each([
    ['spaces and tabs', ' \t  '],
    ['line breaks', '\r\n\n\u2028\u2029'],
    ['no-break and ideographic spaces', '\u00A0\u3000\u2007'],
    ['zero-width space, joiners, word joiner, BOM', '\u200B\u200C\u200D\u2060\uFEFF'],
    ['control characters', '\u0000\u0007\u001B\u007F\u0085'],
    ['Hangul fillers', '\u3164\u115F\u1160\uFFA0'],
    ['braille blank', '\u2800\u2800'],
    ['Mongolian vowel separator', '\u180E'],
    ['variation selectors alone', '\uFE0F\uFE0E\u{E0100}'],
    ['soft hyphen and invisible operators', '\u00AD\u2062\u2063\u2064'],
    ['tag characters', '\u{E0041}\u{E007F}'],
    ['bidi controls', '\u202E\u2066'],
    ['a mix of all', ' \u200B\u3164\u2800\u202E\uFE0F\u00A0\u180E '],
  ])('turns a reason made only of %s into ""', (_, blank) => {
    expect(normalizeReason(blank)).toBe('');
    expect(reasonLength(blank)).toBe(0);
  });

  it('trims invisible characters from the ends but keeps those inside a character', () => {
    expect(normalizeReason('\u200B\u3164 Audit \u2800\u200B')).toBe('Audit');
    // The variation selector belongs to the heart, the tag sequence to the England flag.
    expect(normalizeReason('I \u2764\uFE0F it')).toBe('I \u2764\uFE0F it');
    expect(normalizeReason('\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}')).toBe(
      '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
    );
    expect(normalizeReason('fix e\u0301 ')).toBe('fix e\u0301');
  });
});

describe('reasonLength', () => {
  it.each([
    ['plain text', 'Ticket 4411', 11],
    ['a family emoji (one character of 8 code units)', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 1],
    ['a flag', '\u{1F1EB}\u{1F1F7}', 1],
    ['a skin-toned thumbs up', '\u{1F44D}\u{1F3FD}', 1],
    ['a decomposed accent', 'e\u0301te\u0301', 3],
    ['a Devanagari conjunct', '\u0915\u094D\u0937', 1],
    ['CRLF inside the text', 'a\r\nb', 3],
  ])('counts user-perceived characters: %s', (_, text, expected) => {
    expect(reasonLength(text)).toBe(expected);
  });

  it('does not count bidi controls or the blank ends', () => {
    expect(reasonLength('\u202E\u200B  abc\u2066 \u2800')).toBe(3);
  });

  it('agrees with one Intl.Segmenter pass on long mixed text', () => {
    const pieces = ['a', ' ', 'Z', '\u0301', '\u200D', '\u{1F468}', '\u{1F1EB}', '\u{1F1F7}', '\r', '\n', '\u0915', '\u094D', '\u1100', '\u1161', '\uFE0F', '\u{1F44D}\u{1F3FD}'];
    let seed = 7;
    for (let round = 0; round < 20; round += 1) {
      let text = 'x';
      for (let i = 0; i < 1500; i += 1) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += pieces[seed % pieces.length] as string;
      }
      text += 'y';
      expect(reasonLength(text)).toBe(graphemes(text));
    }
  });

  it('never hands Intl.Segmenter a long text (its iterator slows down quadratically with the length)', () => {
    // Each unit starts with an ideograph, which never joins what comes before it.
    const unit = '\u6F22\u5B57\u{1F44D}\u{1F3FD} \u00E9e\u0301';
    const repeats = Math.floor((64 * 1024) / unit.length);
    const perUnit = graphemes(unit);
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    expect(reasonLength(unit.repeat(repeats))).toBe(perUnit * repeats);
    const lengths = segment.mock.calls.map(([input]) => input.length);
    expect(lengths.length).toBeGreaterThan(100);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(256);
    // Each chunk re-reads at most one cluster of the one before.
    expect(lengths.reduce((sum, length) => sum + length, 0)).toBeLessThan(unit.length * repeats * 1.1);
  });

  it('reads a plain ASCII reason without the segmenter at all', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    expect(reasonLength(` ${'a'.repeat(64 * 1024)} `)).toBe(64 * 1024);
    expect(segment).not.toHaveBeenCalled();
  });

  it('still works, on code points, where Intl.Segmenter is missing', () => {
    vi.stubGlobal('Intl', { ...Intl, Segmenter: undefined });
    try {
      expect(reasonLength(' abc ')).toBe(3);
      expect(reasonLength('\u{1F44D}\u{1F3FD}')).toBe(2);
      expect(normalizeReason('\u200B ok \u202E')).toBe('ok');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('checkReason', () => {
  it('asks for a reason only when the policy requires one', () => {
    expect(checkReason(rules(), '')).toBe('required');
    expect(checkReason(rules(), null)).toBe('required');
    expect(checkReason(rules(), undefined)).toBe('required');
    expect(checkReason(rules(), ' \u200B\u3164 ')).toBe('required');
    expect(checkReason(rules({ required: false }), '')).toBeNull();
    expect(checkReason(rules({ required: false }), '\u2800\u200D')).toBeNull();
  });

  it('measures the normalised reason against minLength and maxLength, bounds included', () => {
    expect(checkReason(rules(), 'a'.repeat(9))).toBe('tooShort');
    expect(checkReason(rules(), 'a'.repeat(10))).toBeNull();
    expect(checkReason(rules(), 'a'.repeat(20))).toBeNull();
    expect(checkReason(rules(), 'a'.repeat(21))).toBe('tooLong');
    // An optional reason, once given, still has to fit.
    expect(checkReason(rules({ required: false }), 'short')).toBe('tooShort');
  });

  it('does not let padding reach the minimum', () => {
    expect(checkReason(rules(), `abc${'\u200B'.repeat(10)}`)).toBe('tooShort');
    expect(checkReason(rules(), `${'\u202E'.repeat(10)}abc`)).toBe('tooShort');
  });

  it('counts an emoji as one character, so 20 of them are not too long', () => {
    expect(checkReason(rules(), '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'.repeat(20))).toBeNull();
    expect(checkReason(rules(), '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'.repeat(21))).toBe('tooLong');
  });
});

describe('checkReasonCategory', () => {
  it('accepts no category, always, even when a reason is required', () => {
    expect(checkReasonCategory(rules(), null)).toBeNull();
    expect(checkReasonCategory(rules(), undefined)).toBeNull();
    expect(checkReasonCategory(rules(), '')).toBeNull();
  });

  it('accepts a listed category and calls any other unknown', () => {
    expect(checkReasonCategory(rules(), 'billing')).toBeNull();
    expect(checkReasonCategory(rules(), 'Billing')).toBe('unknown');
    expect(checkReasonCategory(rules(), 'fraud')).toBe('unknown');
    expect(checkReasonCategory(rules({ categories: [] }), 'support')).toBe('unknown');
  });
});
