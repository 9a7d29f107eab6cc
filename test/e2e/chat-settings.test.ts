// Custom instructions and attached files in a real Chromium: what the visitor sets and attaches reaches the
// upstream (the simulator records every request it answers) and shows in the conversation.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { saveScreenshot, watchPageProblems } from "../kit/browser/chromium.ts";
import { composer, lastAnswer, newVisitor, openChat, sendMessage, useSite } from "../kit/browser/site.ts";

const site = useSite();

type UpstreamMessage = { role: string; content: string };

/** The messages of the upstream request whose last message contains `marker`. */
async function upstreamMessages(marker: string): Promise<UpstreamMessage[]> {
  let found: UpstreamMessage[] = [];
  await expect
    .poll(
      () => {
        for (const entry of site.stack.simulator?.stats().recent ?? []) {
          const messages = (entry.body as { messages?: UpstreamMessage[] } | null)?.messages;
          if (messages?.at(-1)?.content.includes(marker)) found = messages;
        }
        return found.length;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  return found;
}

async function answered(page: Page): Promise<void> {
  await lastAnswer(page).getByRole("button", { name: "Copy answer" }).waitFor({ timeout: 20_000 });
}

describe("chat site: settings and attachments", () => {
  it("custom instructions saved in Settings reach the upstream as a system message and show in the new chat", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto("/");
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Settings" });
    const box = dialog.getByRole("textbox", { name: "Custom instructions" });
    await expect.poll(() => box.isEnabled()).toBe(true);
    await box.fill("My name is Ada and I like answers in haiku.");
    expect(await dialog.getByText("43 / 2,048 bytes").count()).toBe(1);
    await saveScreenshot(page, "settings-dialog");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Saved.").waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    const question = `Who am I? ${crypto.randomUUID()}`;
    await sendMessage(page, question);
    const messages = await upstreamMessages(question);
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toContain("My name is Ada and I like answers in haiku.");
    await answered(page);

    const note = page.getByRole("log").getByText("Custom instructions", { exact: true });
    await note.click();
    await page.getByRole("log").getByText("My name is Ada and I like answers in haiku.").waitFor();
    // From the note, Settings opens again with the saved text.
    await page.getByRole("button", { name: "Edit in Settings" }).click();
    await expect.poll(() => box.inputValue()).toBe("My name is Ada and I like answers in haiku.");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("over 2 KB the counter says so and Save is disabled", async () => {
    const { context, page } = await openChat(site);
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Settings" });
    const box = dialog.getByRole("textbox", { name: "Custom instructions" });
    await expect.poll(() => box.isEnabled()).toBe(true);
    await box.fill("é".repeat(1100));
    await dialog.getByText("2,200 / 2,048 bytes: too long, shorten it to save").waitFor();
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    await context.close();
  });

  it("a text file attached with Attach file is sent to the upstream and shown on the message, expandable", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto("/");
    const marker = crypto.randomUUID();
    const code = `def greet():\n    return "hello ${marker}"\n`;
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Attach file" }).click();
    await (await chooser).setFiles({ name: "greet.py", mimeType: "text/x-python", buffer: Buffer.from(code) });
    const draft = page.getByRole("list", { name: "Attached files" });
    await draft.getByText("greet.py").waitFor();
    expect(await draft.getByRole("button", { name: "Remove greet.py" }).count()).toBe(1);

    await sendMessage(page, "What does this function return?");
    const messages = await upstreamMessages(marker);
    const prompt = messages.at(-1)?.content ?? "";
    expect(prompt).toContain("What does this function return?");
    expect(prompt).toContain("greet.py");
    expect(prompt).toContain(code.trim());
    // The draft is cleared once sent; the message carries the file.
    await expect.poll(() => composer(page).box.inputValue()).toBe("");
    const question = page.getByRole("log").getByRole("article", { name: "Your message" });
    const chip = question.getByRole("button", { name: /greet\.py/ });
    await chip.waitFor();
    expect(await chip.textContent()).toContain(`${code.length} B`);
    await chip.click();
    expect(await chip.getAttribute("aria-expanded")).toBe("true");
    await question.getByText(`return "hello ${marker}"`).waitFor();
    await answered(page);
    await saveScreenshot(page, "attachment-sent");

    // After a reload the file is still listed and readable.
    await page.reload();
    const reloaded = page.getByRole("log").getByRole("article", { name: "Your message" });
    await reloaded.getByRole("button", { name: /greet\.py/ }).click();
    await reloaded.getByText(`return "hello ${marker}"`).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a binary file is refused in the browser with a sentence saying why", async () => {
    const { context, page } = await openChat(site);
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Attach file" }).click();
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    await (await chooser).setFiles({ name: "archive.zip", mimeType: "application/zip", buffer: zip });
    await page.getByRole("alert").getByText("archive.zip is not a text file").waitFor();
    expect(await page.getByRole("list", { name: "Attached files" }).count()).toBe(0);
    await context.close();
  });

  it("an image attached for a vision model shows as a thumbnail and reaches the upstream as an image part", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto("/");
    // The composer offers images once /api/me has said which models there are (DeepThink shows with them).
    await page.getByRole("button", { name: "DeepThink" }).waitFor();
    // A 1×1 PNG.
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Attach file" }).click();
    await (await chooser).setFiles({ name: "dot.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });
    await page.getByRole("list", { name: "Attached files" }).getByText("dot.png").waitFor();

    const marker = crypto.randomUUID();
    await sendMessage(page, `What is in this picture? ${marker}`);
    let parts: Array<{ type: string; image_url?: { url: string } }> = [];
    await expect
      .poll(
        () => {
          for (const entry of site.stack.simulator?.stats().recent ?? []) {
            const last = (entry.body as { messages?: Array<{ content: unknown }> } | null)?.messages?.at(-1);
            if (Array.isArray(last?.content) && JSON.stringify(last.content).includes(marker)) parts = last.content;
          }
          return parts.length;
        },
        { timeout: 15_000 },
      )
      .toBe(2);
    expect(parts[1]).toEqual({ type: "image_url", image_url: { url: `data:image/png;base64,${png}` } });

    const question = page.getByRole("log").getByRole("article", { name: "Your message" });
    const thumbnail = question.getByRole("img", { name: "dot.png" });
    await thumbnail.waitFor();
    await expect.poll(() => thumbnail.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(1);
    await answered(page);
    await saveScreenshot(page, "image-attachment-sent");
    expect(problems).toEqual([]);
    await context.close();
  });
});
