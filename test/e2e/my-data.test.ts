// "My data" in a real Chromium: a visitor downloads everything we hold about them, or erases it.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { answered, composer, newVisitor, openChat, sendMessage, useSite } from "../kit/browser/site.ts";

const site = useSite();

function sidebarLinks(page: Page) {
  return page.getByRole("navigation", { name: "Conversations" }).getByRole("link");
}

describe("chat site: my data", () => {
  it("Export my data downloads a JSON file that holds a message sent earlier", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Please keep the word aubergine");
    await answered(page);

    await page.getByRole("button", { name: "My data" }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export my data" }).click();
    const file = await (await download).path();
    const data: unknown = JSON.parse(await readFile(file, "utf8"));
    expect(JSON.stringify(data)).toContain("Please keep the word aubergine");
    expect(data).toMatchObject({ conversations: [{ messages: expect.any(Array) }] });
    await context.close();
  });

  it("Delete my data empties the history (after a confirmation) and an old share link stops working", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Something I will erase");
    await answered(page);
    const conversationId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    const shared = await context.request.post(`/api/conversations/${conversationId}/share`, {
      headers: { "content-type": "application/json", origin: site.stack.url },
      data: {},
    });
    expect(shared.status()).toBe(201);
    const share = (await shared.json()) as { id: string; url: string };
    expect((await context.request.get(`/api/shares/${share.id}`)).status()).toBe(200);
    await expect.poll(() => sidebarLinks(page).count()).toBe(1);

    await page.getByRole("button", { name: "My data" }).click();
    await page.getByRole("button", { name: "Delete my data" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete all your data?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await sidebarLinks(page).count()).toBe(1);

    await page.getByRole("button", { name: "Delete my data" }).click();
    await dialog.getByRole("button", { name: "Delete everything" }).click();
    await page.waitForURL(`${site.stack.url}/`);
    await composer(page).box.waitFor();
    await page.reload();
    await composer(page).box.waitFor();
    expect(await sidebarLinks(page).count()).toBe(0);
    const list = (await (await context.request.get("/api/conversations")).json()) as { conversations: unknown[] };
    expect(list.conversations).toEqual([]);
    expect((await context.request.get(`/api/shares/${share.id}`)).status()).toBe(404);
    const stranger = await newVisitor(site);
    const sharePage = await stranger.newPage();
    await sharePage.goto(share.url);
    await sharePage.getByText("This share link does not exist or was revoked.").waitFor();
    await stranger.close();
    await context.close();
  });
});
