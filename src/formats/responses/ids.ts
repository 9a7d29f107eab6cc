/**
 * Response and item ids. An item's id carries its response's id (`msg_<response>_<n>`), so that an
 * `item_reference` finds its stored response without an index of items.
 */
export function newResponseId(): string {
  return `resp_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** The id of the `position`th output item of a response. */
export function itemId(responseId: string, prefix: "msg" | "rs" | "fc", position: number): string {
  return `${prefix}_${responseId.slice("resp_".length)}_${position}`;
}

/** The response id an item id was made from, or null for ids this gateway did not make. */
export function responseIdOfItem(id: string): string | null {
  const match = /^(?:msg|rs|fc)_([0-9a-f]{32})_\d+$/.exec(id);
  return match ? `resp_${match[1]}` : null;
}
