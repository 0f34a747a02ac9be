// The contract's word rule for secret keys: a key is secret when one of its words, or two
// adjacent words together, name a secret. Words, not substrings, so `author`, `spinner` and
// `tokenizer` stay readable.

// Words that name a secret; the two-word ones (api key, access key, private key, session id)
// are here joined, as adjacent words are joined to look them up.
const SECRET_WORDS = new Set(
  'password passwd passphrase pass secret token apikey accesskey privatekey authorization auth cookie sessionid otp pin cvv cvc ssn card credential credentials signature jwt'.split(' '),
);

// Words: an ACRONYM before a capitalised word ("API" in "APIKey"), a capitalised or lower-case
// word, other letters, digits. Anything else (`_`, `-`, `.`, spaces, symbols) separates words.
const WORD = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{L}+|\p{N}+/gu;

// A word or a pair, also in the plural (`tokens`, `api_keys`).
const names = (word: string) => SECRET_WORDS.has(word) || (/[^s]s$/.test(word) && SECRET_WORDS.has(word.slice(0, -1)));

/** True when a body key or query parameter name holds a secret, by the contract's word rule. */
export function isSecretKey(key: string): boolean {
  let previous = '';
  for (const found of key.match(WORD) ?? []) {
    const word = found.toLowerCase();
    if (names(word) || names(previous + word)) return true;
    previous = word;
  }
  return false;
}
