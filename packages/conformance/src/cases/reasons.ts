// The reason rules: required, blank after trim, length in user-perceived characters (grapheme
// clusters), invisible characters count as blank, bidi controls removed before storing, category.
import { expectError } from '../expect';
import { check } from '../outcome';
import { expectNoActiveSession, postStart } from '../steps';
import type { ConformanceCase } from '../suite';

// Whitespace, control, format and blank-glyph characters: a reason made only of these is blank.
const INVISIBLE = '\u200B\u200C\u200D\u2060\uFEFF\u00AD\u202E\u2066\u2069\u3164\u115F\u00A0\u2003\u3000\u0007\t';
// Unicode's Bidi_Control characters.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// One grapheme cluster of eight UTF-16 code units (man, ZWJ, woman, ZWJ, girl).
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
// One grapheme cluster of two code points: "e" and a combining acute accent.
const E_ACUTE = 'e\u0301';

/** An `invalid_reason` refusal of a start whose only fault is the reason (account-admin: required, 10..500). */
function refusedReason(name: string, extra: Record<string, unknown>): ConformanceCase {
  return {
    name: `rules/invalid_reason/${name}`,
    preset: 'account-admin',
    async run(t) {
      expectError(await postStart(t, 'u_owner', 'u_alice', extra), 422, 'invalid_reason');
      await expectNoActiveSession(t, 'u_owner', 'a start refused for its reason must start nothing');
    },
  };
}

/** The reason rules. */
export const reasonCases: ConformanceCase[] = [
  refusedReason('missing', { reason: undefined }),
  refusedReason('blank', { reason: '    \t\n   ' }),
  refusedReason('too_short', { reason: 'ninechars' }),
  refusedReason('too_long', { reason: 'r'.repeat(501) }),
  refusedReason('category', { reasonCategory: 'zz-no-such-category' }),
  refusedReason('invisible_characters', { reason: INVISIBLE.repeat(2) }),
  // 9 clusters but 72 code units: a backend counting code units would accept it.
  refusedReason('graphemes_too_short', { reason: FAMILY.repeat(9) }),
  {
    // 500 clusters but 1,000 code units: a backend counting code units would refuse it.
    name: 'rules/invalid_reason/graphemes_within_limit',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice', { reason: E_ACUTE.repeat(500) });
      check(typeof session.reason === 'string' && [...new Intl.Segmenter().segment(session.reason)].length === 500, () => `POST /sessions: stored reason has ${session.reason === null ? 'no' : [...new Intl.Segmenter().segment(session.reason)].length} characters vs expected the 500 sent`);
    },
  },
  {
    name: 'rules/invalid_reason/bidi_controls_removed',
    preset: 'account-admin',
    async run(t) {
      const started = await t.start('u_owner', 'u_alice', { reason: 'Check \u202Eticket 4521\u202C and \u2066the\u2069 dashboard' });
      const stored = await t.session('u_owner', started.id);
      for (const reason of [started.reason, stored.reason]) {
        check(reason !== null && !BIDI_CONTROLS.test(reason), () => `the stored reason ${JSON.stringify(reason)} still holds bidi control characters vs expected them removed`);
        check(reason?.includes('ticket 4521') && reason.includes('dashboard'), () => `the stored reason ${JSON.stringify(reason)} lost its visible text`);
      }
      // A reason that is only bidi controls and spaces is blank.
      await t.end('u_owner');
      expectError(await postStart(t, 'u_owner', 'u_alice', { reason: '\u202E\u202C\u2066\u2069 \u200E\u200F\u061C \u202A\u202B\u202D' }), 422, 'invalid_reason');
    },
  },
];
