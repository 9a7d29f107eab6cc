// Passkey ceremonies: what a browser with a passkey can do, and what a replayed, stale or phished answer cannot.

import { env } from "cloudflare:workers";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { origin, signIn, signUp, TestBrowser } from "../../kit/worker/accounts.ts";
import { SoftPasskey } from "../../kit/worker/soft-passkey.ts";

type CreationOptions = { challenge: string; rp: { id: string }; user: { id: string; name: string } };
type RequestOptions = { challenge: string; rpId: string };
type ApiError = { error: { code: string; message: string } };

describe("passkeys", () => {
  it("@simplewebauthn/server runs in workerd and accepts the same passkeys our verifier does", async () => {
    const rpID = new URL(origin).hostname;
    const passkey = new SoftPasskey(origin);
    const creation = await generateRegistrationOptions({ rpName: "edgechat", rpID, userName: "ada" });
    const registration = await verifyRegistrationResponse({
      response: await passkey.register(creation),
      expectedChallenge: creation.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
    });
    expect(registration.verified).toBe(true);
    const registered = registration.registrationInfo?.credential;
    if (!registered) throw new Error("no registration info");
    const request = await generateAuthenticationOptions({ rpID });
    const authentication = await verifyAuthenticationResponse({
      response: await passkey.authenticate(request),
      expectedChallenge: request.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: registered.id,
        publicKey: registered.publicKey,
        counter: 0,
      },
    });
    expect(authentication.verified).toBe(true);
    // And the site's own verifier signs the same kind of passkey in.
    const browser = new TestBrowser();
    const { passkey: own } = await signUp(browser);
    expect((await signIn(new TestBrowser(), own)).status).toBe(200);
  });

  it("creating an account signs the browser in with an HttpOnly, Secure, SameSite session cookie", async () => {
    const browser = new TestBrowser();
    const options = await browser.json<CreationOptions & { authenticatorSelection: { residentKey: string } }>(
      "POST",
      "/api/account/registration/options",
      { name: "Grace" },
    );
    expect(options.rp.id).toBe("edgechat.test");
    expect(options.user.name).toBe("Grace");
    expect(options.authenticatorSelection.residentKey).toBe("required");
    const response = await browser.call("POST", "/api/account/registration/verify", {
      response: await new SoftPasskey(origin).register(options),
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("ec_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    const me = await browser.me();
    expect(me.signedIn).toBe(true);
    const account = await browser.json<{ name: string; passkeys: unknown[] }>("GET", "/api/account");
    expect(account.name).toBe("Grace");
    expect(account.passkeys).toHaveLength(1);
  });

  it("an Ed25519 passkey works as well as an ES256 one", async () => {
    const browser = new TestBrowser();
    const passkey = new SoftPasskey(origin, "Ed25519");
    const options = await browser.json<CreationOptions>("POST", "/api/account/registration/options", {});
    await browser.json("POST", "/api/account/registration/verify", { response: await passkey.register(options) }, 201);
    expect((await signIn(new TestBrowser(), passkey)).status).toBe(200);
  });

  it("a challenge answers one ceremony only: replaying a sign-in is refused", async () => {
    const { passkey } = await signUp(new TestBrowser());
    const browser = new TestBrowser();
    const options = await browser.json<RequestOptions>("POST", "/api/account/authentication/options", {});
    const answer = { response: await passkey.authenticate(options) };
    expect((await browser.call("POST", "/api/account/authentication/verify", answer)).status).toBe(200);
    const replay = await new TestBrowser().call("POST", "/api/account/authentication/verify", answer);
    expect(replay.status).toBe(400);
    expect((await replay.json<ApiError>()).error.code).toBe("challenge_invalid");
  });

  it("an expired challenge is refused", async () => {
    const { passkey } = await signUp(new TestBrowser());
    const browser = new TestBrowser();
    const options = await browser.json<RequestOptions>("POST", "/api/account/authentication/options", {});
    await env.DB.prepare("UPDATE webauthn_challenges SET expires_at = ? WHERE challenge = ?")
      .bind(Date.now() - 1, options.challenge)
      .run();
    const response = await browser.call("POST", "/api/account/authentication/verify", {
      response: await passkey.authenticate(options),
    });
    expect(response.status).toBe(400);
    expect((await response.json<ApiError>()).error.code).toBe("challenge_invalid");
    expect((await browser.me()).signedIn).toBe(false);
  });

  it("a passkey answer made for another origin or another site is refused", async () => {
    const { passkey } = await signUp(new TestBrowser());
    for (const tamper of [{ origin: "https://edgechat.test.evil.example" }, { rpId: "evil.example" }]) {
      const browser = new TestBrowser();
      const response = await signIn(browser, passkey, tamper);
      expect(response.status).toBe(400);
      expect((await response.json<ApiError>()).error.code).toBe("passkey_invalid");
      expect((await browser.me()).signedIn).toBe(false);
    }
    const registering = new TestBrowser();
    const options = await registering.json<CreationOptions>("POST", "/api/account/registration/options", {});
    const response = await registering.call("POST", "/api/account/registration/verify", {
      response: await new SoftPasskey(origin).register(options, { origin: "https://phish.example" }),
    });
    expect(response.status).toBe(400);
  });

  it("without user verification, or with a counter that goes backwards, a sign-in is refused", async () => {
    const { passkey } = await signUp(new TestBrowser());
    expect((await signIn(new TestBrowser(), passkey, { userVerified: false })).status).toBe(400);
    expect((await signIn(new TestBrowser(), passkey, { signCount: 5 })).status).toBe(200);
    expect((await signIn(new TestBrowser(), passkey, { signCount: 3 })).status).toBe(400);
  });

  it("a passkey this site does not know, or a forged signature, does not sign in", async () => {
    const stranger = new SoftPasskey(origin);
    const unknown = await signIn(new TestBrowser(), stranger);
    expect(unknown.status).toBe(401);
    expect((await unknown.json<ApiError>()).error.code).toBe("passkey_unknown");
    const { passkey } = await signUp(new TestBrowser());
    const browser = new TestBrowser();
    const options = await browser.json<RequestOptions>("POST", "/api/account/authentication/options", {});
    const answer = await passkey.authenticate(options);
    // The right credential id, signed by another key.
    const forged = await stranger.authenticate(options);
    answer.response.signature = forged.response.signature;
    const response = await browser.call("POST", "/api/account/authentication/verify", { response: answer });
    expect(response.status).toBe(400);
  });

  it("with SITE_ORIGIN set, passkeys are bound to that host name", async () => {
    const browser = new TestBrowser({ ...env, SITE_ORIGIN: "https://chat.example.com" } as Env);
    const options = await browser.json<CreationOptions>("POST", "/api/account/registration/options", {});
    expect(options.rp.id).toBe("chat.example.com");
    const fromOtherHost = await browser.call("POST", "/api/account/registration/verify", {
      response: await new SoftPasskey(origin).register(options),
    });
    expect(fromOtherHost.status).toBe(400);
  });

  it("bad bodies are clear 400s, not server errors", async () => {
    const browser = new TestBrowser();
    expect((await browser.call("POST", "/api/account/authentication/verify", { response: {} })).status).toBe(400);
    expect((await browser.call("POST", "/api/account/registration/options", { name: "x".repeat(65) })).status).toBe(
      400,
    );
    const garbage = {
      id: "AAAA",
      rawId: "AAAA",
      type: "public-key",
      response: { clientDataJSON: "bm90IGpzb24", attestationObject: "AAAA" },
    };
    expect((await browser.call("POST", "/api/account/registration/verify", { response: garbage })).status).toBe(400);
  });
});
