// Behind Cloudflare Access the console trusts only assertions signed by the team's keys for this application.
import { describe, expect, it } from "vitest";
import { adminToken } from "../../kit/constants.ts";
import { accessTeam, call } from "../../kit/worker/access.ts";

const origin = "https://console.example";

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("console sign-in through Cloudflare Access", () => {
  it("admits a valid assertion and says who signed in", async () => {
    const { signer, bindings } = await accessTeam();
    const headers = { "cf-access-jwt-assertion": await signer.sign({ email: "alice@example.com" }) };
    expect((await call(`${origin}/admin/api/keys`, { headers }, bindings)).status).toBe(200);
    const session = await call(`${origin}/admin/api/session`, { headers }, bindings);
    expect(await session.json()).toMatchObject({
      signedIn: true,
      method: "access",
      subject: "alice@example.com",
      signIn: "access",
    });
  });

  it("refuses an assertion signed by another key, for another application, from another team, or not a JWT", async () => {
    const { signer, bindings } = await accessTeam();
    const stranger = await accessTeam();
    const cases: Array<[string, string]> = [
      ["another key", await stranger.signer.sign()],
      ["wrong aud", await signer.sign({ aud: ["some-other-app"] })],
      ["wrong iss", await signer.sign({ iss: "https://evil.cloudflareaccess.com" })],
      ["not a JWT", "not.a.jwt"],
    ];
    for (const [name, assertion] of cases) {
      const response = await call(
        `${origin}/admin/api/keys`,
        { headers: { "cf-access-jwt-assertion": assertion } },
        bindings,
      );
      expect(response.status, name).toBe(401);
      expect(await errorCode(response), name).toBe("access_invalid");
    }
  });

  it("refuses an expired assertion and says it expired", async () => {
    const { signer, bindings } = await accessTeam();
    const expired = await signer.sign({}, Math.floor(Date.now() / 1000) - 120);
    const response = await call(
      `${origin}/admin/api/keys`,
      { headers: { "cf-access-jwt-assertion": expired } },
      bindings,
    );
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("access_expired");
  });

  it("without an assertion nothing is admitted, and the admin token cannot be exchanged for a cookie", async () => {
    const { bindings } = await accessTeam();
    expect((await call(`${origin}/admin/api/keys`, {}, bindings)).status).toBe(401);
    const session = await call(`${origin}/admin/api/session`, {}, bindings);
    expect(await session.json()).toMatchObject({ signedIn: false, signIn: "access" });
    const exchange = await call(
      `${origin}/admin/api/session`,
      {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ token: adminToken }),
      },
      bindings,
    );
    expect(exchange.status).toBe(409);
    expect(exchange.headers.get("set-cookie")).toBeNull();
  });

  it("the bearer admin token keeps working for the CLI", async () => {
    const { bindings } = await accessTeam();
    const response = await call(
      `${origin}/admin/api/keys`,
      { headers: { authorization: `Bearer ${adminToken}` } },
      bindings,
    );
    expect(response.status).toBe(200);
  });

  it("a write carried by the Access assertion must come from the console's own origin", async () => {
    const { signer, bindings } = await accessTeam();
    const assertion = await signer.sign();
    const create = (headers: Record<string, string>) =>
      call(
        `${origin}/admin/api/keys`,
        {
          method: "POST",
          headers: { "cf-access-jwt-assertion": assertion, "content-type": "application/json", ...headers },
          body: JSON.stringify({ name: "from-access" }),
        },
        bindings,
      );
    const foreign = await create({ origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await errorCode(foreign)).toBe("cross_origin");
    expect((await create({})).status).toBe(403);
    expect((await create({ origin })).status).toBe(201);
  });

  it("answers 503, not 401, when the team's keys cannot be fetched", async () => {
    const { signer, bindings } = await accessTeam();
    const response = await call(
      `${origin}/admin/api/keys`,
      { headers: { "cf-access-jwt-assertion": await signer.sign() } },
      { ...bindings, ACCESS_CERTS_URL: `${bindings.ACCESS_CERTS_URL}-missing` },
    );
    expect(response.status).toBe(503);
    expect(await errorCode(response)).toBe("access_unavailable");
  });

  it("half an Access configuration is a configuration error naming the missing variable", async () => {
    const response = await call(`${origin}/admin/api/keys`, {}, { ACCESS_AUD: "aud-only" });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe("ACCESS_TEAM_DOMAIN");
  });
});
