// Request bodies: JSON only (415), at most 64 KiB (413), and hostile bodies (deep nesting, NUL
// bytes, lone surrogates, prototype keys) answered like any other request, never with a crash.
import type { CaseContext } from '../context';
import { errorCodeOf, expectContractAnswer, expectError, expectOk, isRecord } from '../expect';
import type { Reply } from '../http';
import { check } from '../outcome';
import { consentOf, expectNoActiveSession } from '../steps';
import type { ConformanceCase } from '../suite';

/** 64 KiB: the largest body the contract accepts, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

const utf8 = new TextEncoder();

/** A start body for `target`, padded with `fill` to exactly `bytes` bytes of UTF-8 (when `fill` is one byte). */
function paddedStart(t: CaseContext, target: string, bytes: number, fill = 'x'): string {
  const base = JSON.stringify({ ...t.startBody(target), padding: '' });
  const room = bytes - utf8.encode(base).length;
  const fillBytes = utf8.encode(fill).length;
  return JSON.stringify({ ...t.startBody(target), padding: fill.repeat(Math.max(0, Math.floor(room / fillBytes))) });
}

function bytesOf(text: string): number {
  return utf8.encode(text).length;
}

/** After a hostile request: the backend still serves everyone else. */
async function stillServes(t: CaseContext, after: string): Promise<void> {
  const reply = await t.api('GET', '/viewer', 'u_admin');
  check(reply.status === 200, () => `after ${after}: GET /viewer as u_admin saw ${reply.status} vs expected 200 (one hostile request must not break the backend)`);
}

/** When a hostile start was accepted: the stored session reads back, then it is ended. */
async function readsBack(t: CaseContext, reply: Reply): Promise<void> {
  if (reply.status !== 201) return;
  const body = expectOk(reply, 201);
  const id = isRecord(body.session) ? String(body.session.id) : '';
  await t.session('u_owner', id);
  expectOk(await t.api('GET', `/sessions/${encodeURIComponent(id)}/events`, 'u_owner'));
  expectOk(await t.api('GET', '/audit', 'u_owner'));
  await t.end('u_owner');
}

function deepArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** The body conventions. */
export const bodyCases: ConformanceCase[] = [
  {
    name: 'conventions/unsupported_media_type',
    preset: 'account-admin',
    async run(t) {
      const json = JSON.stringify(t.startBody('u_alice'));
      for (const contentType of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
        expectError(await t.api('POST', '/sessions', 'u_owner', { raw: json, contentType }), 415, 'unsupported_media_type');
      }
      // A body with no Content-Type at all is not JSON either.
      expectError(await t.api('POST', '/sessions', 'u_owner', { raw: utf8.encode(json), contentType: null }), 415, 'unsupported_media_type');
      await expectNoActiveSession(t, 'u_owner', 'a start that is not application/json must start nothing');
      expectError(await t.api('PUT', '/consent', 'u_owner', { raw: '{"durationHours":24}', contentType: 'text/plain' }), 415, 'unsupported_media_type');
      check((await consentOf(t, 'u_owner')).status === 'inactive', 'a consent grant sent as text/plain was stored');
      // application/json with a charset parameter is JSON.
      expectOk(await t.api('POST', '/sessions', 'u_owner', { raw: json, contentType: 'application/json; charset=utf-8' }), 201);
    },
  },
  {
    name: 'conventions/payload_too_large',
    preset: 'account-admin',
    async run(t) {
      const over = paddedStart(t, 'u_alice', MAX_BODY_BYTES + 1);
      check(bytesOf(over) === MAX_BODY_BYTES + 1, `the suite built a ${bytesOf(over)}-byte body instead of ${MAX_BODY_BYTES + 1}`);
      expectError(await t.api('POST', '/sessions', 'u_owner', { raw: over }), 413, 'payload_too_large');
      // Bytes, not characters: 2-byte characters make a body too large long before 64 Ki characters.
      const wide = paddedStart(t, 'u_alice', MAX_BODY_BYTES + 4096, '\u00E9');
      check(wide.length < MAX_BODY_BYTES && bytesOf(wide) > MAX_BODY_BYTES, 'the suite built a wrong multi-byte body');
      expectError(await t.api('POST', '/sessions', 'u_owner', { raw: wide }), 413, 'payload_too_large');
      expectError(await t.api('PUT', '/consent', 'u_owner', { raw: `{"durationHours":24,"padding":"${'x'.repeat(MAX_BODY_BYTES)}"}` }), 413, 'payload_too_large');
      await expectNoActiveSession(t, 'u_owner', 'a body over 64 KiB must start nothing');
      // Exactly 64 KiB is allowed: whatever the answer, it is not a size refusal.
      const limit = paddedStart(t, 'u_alice', MAX_BODY_BYTES);
      check(bytesOf(limit) === MAX_BODY_BYTES, `the suite built a ${bytesOf(limit)}-byte body instead of ${MAX_BODY_BYTES}`);
      const reply = await t.api('POST', '/sessions', 'u_owner', { raw: limit });
      expectContractAnswer(reply);
      check(reply.status !== 413, () => `${reply.request} with exactly ${MAX_BODY_BYTES} bytes: saw 413 vs expected it accepted (the limit is "at most 64 KiB")`);
    },
  },
  {
    name: 'conventions/hostile_bodies/deep_nesting',
    preset: 'account-admin',
    async run(t) {
      const bodies = [deepArray(10_000), deepObject(10_000), `{"targetUserId":"u_alice","reason":${deepArray(10_000)}}`];
      for (const raw of bodies) {
        const reply = await t.api('POST', '/sessions', 'u_owner', { raw });
        expectContractAnswer(reply);
        check(reply.status >= 400, () => `${reply.request} with a 10,000-deep body: saw ${reply.status} vs expected a refusal`);
      }
      expectContractAnswer(await t.api('PUT', '/consent', 'u_owner', { raw: deepObject(10_000) }));
      // Depth where nobody looks: an extra field of an otherwise valid start.
      const buried = await t.api('POST', '/sessions', 'u_owner', { raw: JSON.stringify(t.startBody('u_alice')).replace(/}$/, `,"extra":${deepArray(10_000)}}`) });
      expectContractAnswer(buried);
      await readsBack(t, buried);
      await stillServes(t, 'a 10,000-deep body');
    },
  },
  {
    name: 'conventions/hostile_bodies/nul_bytes',
    preset: 'account-admin',
    async run(t) {
      const withNul = await t.api('POST', '/sessions', 'u_owner', { json: t.startBody('u_alice', { reason: 'Investigate\u0000 ticket 4521\u0000' }) });
      expectContractAnswer(withNul);
      await readsBack(t, withNul);
      for (const json of [t.startBody('u_alice\u0000'), { ...t.startBody('u_alice'), 'x\u0000y': '\u0000' }, t.startBody('u_alice', { reasonCategory: '\u0000' })]) {
        const reply = await t.api('POST', '/sessions', 'u_owner', { json });
        expectContractAnswer(reply);
        await readsBack(t, reply);
      }
      // A raw NUL byte inside a JSON string is not JSON.
      const raw = await t.api('POST', '/sessions', 'u_owner', { raw: `{"targetUserId":"u_alice","reason":"Investigate\u0000ticket 4521"}` });
      expectContractAnswer(raw);
      await readsBack(t, raw);
      await stillServes(t, 'bodies with NUL bytes');
    },
  },
  {
    name: 'conventions/hostile_bodies/lone_surrogates',
    preset: 'account-admin',
    async run(t) {
      // JSON.stringify escapes a lone surrogate as \ud800: valid JSON, invalid Unicode.
      const escaped = await t.api('POST', '/sessions', 'u_owner', { json: t.startBody('u_alice', { reason: 'Investigate \ud800 ticket 4521 \udfff' }) });
      expectContractAnswer(escaped);
      await readsBack(t, escaped);
      const prefix = utf8.encode('{"targetUserId":"u_alice","reason":"Investigate ');
      const suffix = utf8.encode(' ticket 4521"}');
      // The UTF-8-style encoding of a surrogate (ED A0 80) and bytes that are never UTF-8 (FF FE).
      for (const bad of [[0xed, 0xa0, 0x80], [0xff, 0xfe], [0xc0, 0xaf]]) {
        const reply = await t.api('POST', '/sessions', 'u_owner', { raw: new Uint8Array([...prefix, ...bad, ...suffix]) });
        expectContractAnswer(reply);
        await readsBack(t, reply);
      }
      const garbage = await t.api('POST', '/sessions', 'u_owner', { raw: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) });
      expectContractAnswer(garbage);
      check(garbage.status >= 400, () => `${garbage.request} with bytes that are not JSON: saw ${garbage.status} vs expected a refusal`);
      await stillServes(t, 'bodies with lone surrogates');
    },
  },
  {
    name: 'conventions/hostile_bodies/prototype_keys',
    preset: 'account-admin',
    async run(t) {
      const raw = JSON.stringify(t.startBody('u_alice')).replace(/}$/, ',"__proto__":{"targetUserId":"u_bob","roles":["admin"],"status":"active"},"constructor":{"prototype":{"isAdmin":true}}}');
      const reply = await t.api('POST', '/sessions', 'u_owner', { raw });
      expectContractAnswer(reply);
      if (reply.status === 201) {
        const body = expectOk(reply, 201);
        const target = isRecord(body.session) && isRecord(body.session.target) ? body.session.target.id : undefined;
        check(target === 'u_alice', () => `${reply.request} with a __proto__ key: saw target ${String(target)} vs expected u_alice`);
        await t.end('u_owner');
      }
      // No one gained anything: u_bob still may not impersonate.
      const bob = await t.api('POST', '/sessions', 'u_bob', { json: t.startBody('u_alice') });
      check(errorCodeOf(bob) === 'forbidden', () => `${bob.request} after a __proto__ body: saw ${bob.status} ${errorCodeOf(bob) ?? ''} vs expected 403 forbidden`);
      await stillServes(t, 'a body with prototype keys');
    },
  },
];
