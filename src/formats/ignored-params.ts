/**
 * Splits a body parsed with a loose schema into the fields the schema knows and the names of those it does not:
 * the gateway forwards only checked fields, and says which ones it dropped (x-edgechat-ignored-params).
 */
export function splitIgnored<T extends Record<string, unknown>>(
  body: T,
  known: Readonly<Record<string, unknown>>,
): { body: T; ignored: string[] } {
  const ignored: string[] = [];
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Object.hasOwn(known, name)) kept[name] = value;
    else ignored.push(name);
  }
  return { body: kept as T, ignored };
}
