import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { app } from "../../../src/app.ts";
import { origin } from "./site-api.ts";
import { SoftPasskey, type Tamper } from "./soft-passkey.ts";

export { origin };

/** A browser for the site API: keeps the cookies the Worker sets (and removes the ones it deletes). */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly environment: Env = env) {}

  /** The Cookie header this browser sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** Calls the API with this browser's cookies and stores the Set-Cookie headers of the answer. */
  async call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await app.request(
      `${origin}${path}`,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      this.environment,
      createExecutionContext(),
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const gone = attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1).trim());
    }
    return response;
  }

  /** GET/POST… and the JSON answer, expecting `status`. */
  async json<T>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const response = await this.call(method, path, body);
    expect(response.status, await response.clone().text()).toBe(status);
    return response.json<T>();
  }

  /** Who `/api/me` says this browser is. */
  async me(): Promise<{ id: string; plan: string; signedIn: boolean }> {
    return this.json("GET", "/api/me");
  }
}

type CreationOptions = { challenge: string; rp: { id: string }; user: { id: string; name: string } };
type RequestOptions = { challenge: string; rpId: string };

/** Creates an account with a new software passkey; returns the passkey and the new account's id. */
export async function signUp(browser: TestBrowser, name = "Ada") {
  const passkey = new SoftPasskey(origin);
  const options = await browser.json<CreationOptions>("POST", "/api/account/registration/options", { name });
  const result = await browser.json<{ id: string; adopted: number }>(
    "POST",
    "/api/account/registration/verify",
    { response: await passkey.register(options) },
    201,
  );
  return { passkey, accountId: result.id, adopted: result.adopted };
}

/** Signs in with `passkey` (optionally tampered); returns the raw verify response. */
export async function signIn(browser: TestBrowser, passkey: SoftPasskey, tamper: Tamper = {}): Promise<Response> {
  const options = await browser.json<RequestOptions>("POST", "/api/account/authentication/options", {});
  return browser.call("POST", "/api/account/authentication/verify", {
    response: await passkey.authenticate(options, tamper),
  });
}
