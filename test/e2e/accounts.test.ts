// Accounts in a real Chromium with a virtual passkey authenticator (the DevTools protocol's WebAuthn domain):
// sign up, chat, sign in on a second browser with the same passkey, adopt anonymous history, sign out, delete.
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answered, type SiteFixture, sendMessage, startSite } from "../kit/browser/site.ts";

let site: SiteFixture;
// WebAuthn refuses IP addresses as relying party ids; localhost is a secure context like 127.0.0.1.
let siteUrl: string;

beforeAll(async () => {
  site = await startSite();
  siteUrl = site.stack.url.replace("127.0.0.1", "localhost");
});

afterAll(async () => {
  await site?.close();
});

type VirtualCredential = Awaited<ReturnType<typeof cdpCredentials>>[number];

/** WebAuthn.getCredentials' answer: what WebAuthn.addCredential takes on another device. */
async function cdpCredentials(cdp: CDPSession, authenticatorId: string) {
  return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
}

/** A browser (its own cookie jar) with a page that has a virtual platform authenticator with user verification. */
async function deviceWithAuthenticator(): Promise<{
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
}> {
  const context = await site.browser.newContext({ baseURL: siteUrl, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  await page.goto("/");
  return { context, page, cdp, authenticatorId };
}

/** The one passkey on a device's virtual authenticator. */
async function onlyCredential(cdp: CDPSession, authenticatorId: string): Promise<VirtualCredential> {
  const credentials = await cdpCredentials(cdp, authenticatorId);
  const [credential] = credentials;
  if (credentials.length !== 1 || !credential) throw new Error(`expected one passkey, found ${credentials.length}`);
  return credential;
}

function sidebarLinks(page: Page) {
  return page.getByRole("navigation", { name: "Conversations" }).getByRole("link");
}

async function createAccount(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: "Create account" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an account" });
  await dialog.getByRole("textbox", { name: "Name (shown in your passkey manager)" }).fill(name);
  await dialog.getByRole("button", { name: "Create passkey" }).click();
  // The page reloads as the account.
  await page.getByRole("button", { name: "Account", exact: true }).waitFor({ timeout: 15_000 });
}

async function signIn(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Sign in with a passkey" })
    .getByRole("button", { name: "Continue with passkey" })
    .click();
  await page.getByRole("button", { name: "Account", exact: true }).waitFor({ timeout: 15_000 });
}

describe("chat site: accounts with passkeys", () => {
  it("sign up with a passkey, chat, see it from a second browser with the same passkey, sign out, delete the account", async () => {
    const laptop = await deviceWithAuthenticator();
    await createAccount(laptop.page, "Ada");
    await sendMessage(laptop.page, "Plan a trip to Lisbon");
    await answered(laptop.page);
    const conversationPath = new URL(laptop.page.url()).pathname;
    const credential = await onlyCredential(laptop.cdp, laptop.authenticatorId);
    expect(credential.isResidentCredential).toBe(true);

    // A second device: the same passkey (as a synced passkey would be), nothing else shared.
    const phone = await deviceWithAuthenticator();
    await phone.cdp.send("WebAuthn.addCredential", { authenticatorId: phone.authenticatorId, credential });
    await expect.poll(() => sidebarLinks(phone.page).count()).toBe(0);
    await signIn(phone.page);
    await expect.poll(() => sidebarLinks(phone.page).count()).toBe(1);
    await sidebarLinks(phone.page).first().click();
    await phone.page.getByRole("log").getByText("Plan a trip to Lisbon").first().waitFor();

    // Both devices on the conversation: what one sends streams live to the other.
    await laptop.page.goto(conversationPath);
    await phone.page.waitForURL(`**${conversationPath}`);
    await sendMessage(laptop.page, "And Porto?");
    await phone.page.getByRole("log").getByText("And Porto?").first().waitFor({ timeout: 15_000 });
    await answered(phone.page);

    // Sign out on the phone: a fresh, empty visitor.
    await phone.page.getByRole("button", { name: "Account", exact: true }).click();
    await phone.page.getByRole("dialog", { name: "Your account" }).getByRole("button", { name: "Sign out" }).click();
    await phone.page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    await expect.poll(() => sidebarLinks(phone.page).count()).toBe(0);

    // Delete the account on the laptop (after a confirmation).
    await laptop.page.getByRole("button", { name: "Account", exact: true }).click();
    const panel = laptop.page.getByRole("dialog", { name: "Your account" });
    await panel.getByText("Signed in as Ada").waitFor();
    await panel.getByRole("button", { name: "Delete account" }).click();
    await laptop.page
      .getByRole("dialog", { name: "Delete your account?" })
      .getByRole("button", { name: "Delete account" })
      .click();
    await laptop.page.getByRole("button", { name: "Create account" }).waitFor();
    await expect.poll(() => sidebarLinks(laptop.page).count()).toBe(0);

    // The passkey now opens nothing.
    await phone.page.getByRole("button", { name: "Sign in", exact: true }).click();
    const dialog = phone.page.getByRole("dialog", { name: "Sign in with a passkey" });
    await dialog.getByRole("button", { name: "Continue with passkey" }).click();
    await dialog.getByText("not registered here").waitFor();
    await laptop.context.close();
    await phone.context.close();
  });

  it("signing in keeps the conversations this browser had before, on every device of the account", async () => {
    const first = await deviceWithAuthenticator();
    await createAccount(first.page, "Grace");
    const credential = await onlyCredential(first.cdp, first.authenticatorId);

    const second = await deviceWithAuthenticator();
    await sendMessage(second.page, "Remember the word aubergine");
    await answered(second.page);
    await expect.poll(() => sidebarLinks(second.page).count()).toBe(1);
    await second.cdp.send("WebAuthn.addCredential", { authenticatorId: second.authenticatorId, credential });
    await signIn(second.page);
    await expect.poll(() => sidebarLinks(second.page).count()).toBe(1);
    await expect.poll(() => sidebarLinks(second.page).first().textContent()).not.toBe("New chat");

    // The first device finds it when it comes back to the tab (no reload needed).
    await first.page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await expect.poll(() => sidebarLinks(first.page).count()).toBe(1);
    await first.context.close();
    await second.context.close();
  });
});
