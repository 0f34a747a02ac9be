// The contract's word rule for secret keys: a key is secret when one of its words, or two
// adjacent words together, name a secret. Words, not substrings, so `author`, `spinner` and
// `tokenizer` stay readable.

// Words that name a secret, also in the plural (`tokens`, `api_keys`); the two-word ones (api key,
// access key, private key, session id) are here joined, as adjacent words are joined to look them up.
const SECRET =
  /^(?:(?:password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|authorization|auth|cookie|sessionid|otp|pin|cvv|cvc|ssn|card|credential|signature|jwt)s?|pass|credentials)$/;

// Words: an ACRONYM before a capitalised word ("API" in "APIKey"), a capitalised or lower-case
// word, other letters, digits. Anything else (`_`, `-`, `.`, spaces, symbols) separates words.
const WORD = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{L}+|\p{N}+/gu;

/** True when a body key or query parameter name holds a secret, by the contract's word rule. */
export function isSecretKey(key: string): boolean {
  let previous = '';
  for (const found of key.match(WORD) ?? []) {
    const word = found.toLowerCase();
    if (SECRET.test(word) || SECRET.test(previous + word)) return true;
    previous = word;
  }
  return false;
}
