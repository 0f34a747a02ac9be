// Secret query parameters in a recorded path, redacted by the same word rule as body keys.
import { REDACTED } from './redact';
import { percentDecode } from './percent';
import { isSecretKey } from './secretKey';

// A parameter name as a server reads it ('+' is a space in a query). Malformed percent-encoding
// never throws: then only the ASCII escapes are decoded, which is all the secret words need.
const decodeName = (raw: string) => percentDecode(raw.replace(/\+/g, ' '));

/**
 * The path with the value of every secret query parameter (`?token=…`, `&api_key=…`) replaced by
 * [REDACTED]; everything else is kept byte for byte. A path without a query is returned as is.
 */
export function redactPath(pathWithQuery: string): string {
  const queryAt = pathWithQuery.indexOf('?');
  if (queryAt < 0) return pathWithQuery;
  const hashAt = pathWithQuery.indexOf('#', queryAt);
  const end = hashAt < 0 ? pathWithQuery.length : hashAt;
  const query = pathWithQuery
    .slice(queryAt + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals >= 0 && isSecretKey(decodeName(pair.slice(0, equals))) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${pathWithQuery.slice(0, queryAt + 1)}${query}${pathWithQuery.slice(end)}`;
}
