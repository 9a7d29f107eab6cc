// Per-IP limits key on the network a client controls, not on its exact address: one IPv6 customer is handed a
// whole /64 (2^64 addresses), so keying on the full IPv6 address gives each of them unlimited fresh buckets.
// An IPv4 address is the unit a client actually holds, so it stays whole.

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Key(text: string): string | null {
  const match = ipv4.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets.join(".") : null;
}

/** The eight 16-bit groups of an IPv6 address (embedded IPv4 tail included), or null if it is not one. */
function ipv6Groups(text: string): number[] | null {
  let address = text.toLowerCase();
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  const tail = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (tail?.[1]) {
    const v4 = ipv4Key(tail[1]);
    if (!v4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
    address = `${address.slice(0, tail.index)}:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(":") : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16));
}

/**
 * The key every per-IP limit uses for a client address: the whole address for IPv4 (also when written as an
 * IPv4-mapped IPv6 address, `::ffff:1.2.3.4`), the /64 prefix for IPv6 (`2001:db8:1:2::/64`), null for
 * anything that is not an IP address (so junk never becomes a bucket of its own).
 */
export function ipLimitKey(address: string | null | undefined): string | null {
  const text = address?.trim() ?? "";
  if (text === "") return null;
  const v4 = ipv4Key(text);
  if (v4) return v4;
  const groups = ipv6Groups(text);
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** The limit key of the client that sent `request` (Cloudflare's `CF-Connecting-IP`), or null when unknown. */
export function clientLimitKey(request: Request): string | null {
  return ipLimitKey(request.headers.get("cf-connecting-ip"));
}
