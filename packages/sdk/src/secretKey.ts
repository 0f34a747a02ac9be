// The contract's word rule for secret keys: a key is secret when one of its words, or two
// adjacent words, name a secret. Words, not substrings, so `author`, `spinner` and `tokenizer` stay readable.

// Single words that name a secret (a trailing plural "s" is ignored: `tokens`, `cookies`).
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pass',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'authorization',
  'auth',
  'cookie',
  'sessionid',
  'otp',
  'pin',
  'cvv',
  'cvc',
  'ssn',
  'card',
  'credential',
  'credentials',
  'signature',
  'jwt',
]);

// Two words that name a secret only together: `api_key`, `accessKey`, `private-key`, `sessionId`.
const SECRET_PAIRS = new Set(['api key', 'access key', 'private key', 'session id']);

// Words: an ACRONYM before a capitalised word ("API" in "APIKey"), a capitalised or lower-case
// word, other letters, digits. Anything else (`_`, `-`, `.`, spaces, symbols) separates words.
const WORD = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{L}+|\p{N}+/gu;

function singular(word: string): string {
  return word.length > 1 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function isSecretWord(word: string): boolean {
  return SECRET_WORDS.has(word) || SECRET_WORDS.has(singular(word));
}

/** True when a body key or query parameter name holds a secret, by the contract's word rule. */
export function isSecretKey(key: string): boolean {
  const words = key.match(WORD);
  if (!words) return false;
  let previous = '';
  for (const found of words) {
    const word = found.toLowerCase();
    if (isSecretWord(word) || SECRET_PAIRS.has(`${previous} ${singular(word)}`)) return true;
    previous = word;
  }
  return false;
}
