// A local stand-in for Cloudflare Turnstile's siteverify endpoint, so tests never contact the internet. It keeps
// the documented contract (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/):
// JSON or form body with `secret`, `response`, `remoteip`; a JSON answer with `success` and `error-codes`;
// tokens are single use. A token passes when it starts with "pass" (the test decides what its visitor solved).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { standInSecret } from "./turnstile-secret.ts";

export { standInSecret };

/** One siteverify call as the stand-in saw it. */
export type SiteverifyCall = { secret: string | null; response: string | null; remoteip: string | null };

/** A running stand-in: its siteverify URL and the calls it answered. */
export type TurnstileStandIn = { verifyUrl: string; calls: SiteverifyCall[]; close(): Promise<void> };

function field(body: unknown, name: string): string | null {
  if (typeof body !== "object" || body === null) return null;
  const value: unknown = Reflect.get(body, name);
  return typeof value === "string" ? value : null;
}

function parseBody(text: string, contentType: string): unknown {
  if (contentType.includes("application/json")) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Starts the stand-in on a free loopback port. */
export async function startTurnstileStandIn(): Promise<TurnstileStandIn> {
  const calls: SiteverifyCall[] = [];
  const used = new Set<string>();
  const server: Server = createServer((request, response) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      text += chunk;
    });
    request.on("end", () => {
      const body = parseBody(text, request.headers["content-type"] ?? "");
      const call = {
        secret: field(body, "secret"),
        response: field(body, "response"),
        remoteip: field(body, "remoteip"),
      };
      calls.push(call);
      const answer = (errorCodes: string[]) => {
        const success = errorCodes.length === 0;
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            success,
            "error-codes": errorCodes,
            ...(success
              ? { challenge_ts: new Date().toISOString(), hostname: "localhost", action: "", cdata: "" }
              : {}),
          }),
        );
      };
      if (request.method !== "POST" || body === null) return answer(["bad-request"]);
      if (!call.secret) return answer(["missing-input-secret"]);
      if (call.secret !== standInSecret) return answer(["invalid-input-secret"]);
      if (!call.response) return answer(["missing-input-response"]);
      if (used.has(call.response)) return answer(["timeout-or-duplicate"]);
      used.add(call.response);
      answer(call.response.startsWith("pass") ? [] : ["invalid-input-response"]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    verifyUrl: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
