import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chargeMessage } from "../../../src/conversations/rate-limit.ts";
import { ipLimitKey } from "../../../src/identity/index.ts";
import { adminHeaders, workerOrigin } from "../../kit/constants.ts";

describe("per-IP limit keys", () => {
  it("keep an IPv4 address whole and cut an IPv6 address to its /64", () => {
    expect(ipLimitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(ipLimitKey("203.0.113.8")).toBe("203.0.113.8");
    expect(ipLimitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:0DB8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipLimitKey("::1")).toBe("0:0:0:0::/64");
    expect(ipLimitKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(ipLimitKey("2001:db8:1:2::192.0.2.1")).toBe("2001:db8:1:2::/64");
  });

  it("treat an IPv4-mapped IPv6 address as the IPv4 address it is", () => {
    expect(ipLimitKey("::ffff:198.51.100.4")).toBe("198.51.100.4");
    expect(ipLimitKey("::ffff:c633:6404")).toBe("198.51.100.4");
  });

  it("give junk no bucket of its own", () => {
    for (const junk of [
      "",
      "  ",
      "localhost",
      "1.2.3",
      "256.1.1.1",
      "1:2:3",
      "1::2::3",
      "gggg::1",
      "1:2:3:4:5:6:7:8:9",
      null,
    ]) {
      expect(ipLimitKey(junk)).toBeNull();
    }
  });
});

describe("a client rotating through the addresses of one IPv6 /64", () => {
  it("shares one messages/minute window (the free plan allows 30 per network)", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:77`;
    let refused = 0;
    // A fresh visitor id each time, so only the network's window can refuse.
    for (let index = 0; index < 40; index++) {
      const ip = `${prefix}:${index.toString(16)}:${(index * 7).toString(16)}:1:2`;
      try {
        await chargeMessage(env, { userId: `rotating-${crypto.randomUUID()}`, plan: "free", ip });
      } catch {
        refused++;
      }
    }
    expect(refused).toBe(10);
    // A neighbouring /64 is somebody else.
    await chargeMessage(env, {
      userId: `rotating-${crypto.randomUUID()}`,
      plan: "free",
      ip: `${prefix.slice(0, -2)}78::1`,
    });
  });

  it("shares one new-visitor cap on the widget's visitor endpoint", async () => {
    const site = await (
      await exports.default.fetch(`${workerOrigin}/admin/api/sites`, {
        method: "POST",
        headers: adminHeaders,
        body: JSON.stringify({ name: "Rotating", allowedOrigins: ["https://shop.example"] }),
      })
    ).json<{ siteKey: string }>();
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:99`;
    const statuses: number[] = [];
    for (let index = 0; index < 25; index++) {
      const response = await exports.default.fetch(`${workerOrigin}/api/embed/${site.siteKey}/visitor`, {
        method: "POST",
        headers: { origin: workerOrigin, "cf-connecting-ip": `${prefix}::${(index + 1).toString(16)}` },
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });
});
