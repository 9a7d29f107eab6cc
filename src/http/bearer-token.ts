const bearerScheme = /^bearer\s+/i;

/**
 * The token of an `Authorization: Bearer <token>` header, trimmed (possibly empty); null when there is no header
 * or it names another scheme. The scheme is case-insensitive (RFC 9110 §11.1), so every caller agrees on it.
 */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const scheme = bearerScheme.exec(header);
  return scheme ? header.slice(scheme[0].length).trim() : null;
}
