// A driver for a backend that is not ours (Rails, Django, Go…), reached over HTTP. Its test build
// mounts three test-only endpoints under /__conformance (never in production):
//   POST /__conformance/reset        { "preset": "consent" }                    -> 204
//   POST /__conformance/advance      { "ms": 60000 }                            -> 204
//   POST /__conformance/credentials  { "userId": "u_owner", "impersonatedBy"? } -> 200 { "headers": { … } }
const ORIGIN = process.env.CONFORMANCE_ORIGIN ?? 'http://127.0.0.1:3000';
const SECRET = process.env.CONFORMANCE_SECRET ?? '';

async function control(action, body) {
  const response = await fetch(`${ORIGIN}/__conformance/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-conformance-secret': SECRET },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /__conformance/${action} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

// Credentials are minted once per user and reset, not once per request.
const credentials = new Map();
async function credential(request) {
  const key = JSON.stringify(request);
  if (!credentials.has(key)) credentials.set(key, (await control('credentials', request)).headers);
  return credentials.get(key);
}

export default {
  baseUrl: `${ORIGIN}/api/impersonation`,
  appUrl: `${ORIGIN}/api/app`,
  headersFor: (userId) => credential({ userId }),
  impersonatedHeadersFor: (targetId, impersonatorId) => credential({ userId: targetId, impersonatedBy: impersonatorId }),
  async reset(preset) {
    credentials.clear();
    await control('reset', { preset });
  },
  async advance(ms) {
    await control('advance', { ms });
  },
};
