// The message catalogs and the language helpers (DOM-free, runs in node): every language says everything English
// says, with the same placeholders, and numbers, plurals and dates follow the active locale.
import { afterEach, describe, expect, it } from "vitest";
import type { Catalog } from "../../src/ui/i18n/catalog.ts";
import { activateCatalog, formatDate, formatNumber, formatRelativeTime, t } from "../../src/ui/i18n/i18n.ts";
import en from "../../src/ui/i18n/locales/en.ts";
import { locales, matchLocale } from "../../src/ui/i18n/locales.ts";
import type { Message } from "../../src/ui/i18n/message.ts";

function placeholders(message: Message): string[] {
  const texts = typeof message === "string" ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "")))].sort();
}

async function load(tag: keyof typeof locales): Promise<Catalog> {
  return (await locales[tag].load()).default;
}

afterEach(() => activateCatalog("en", en));

describe("message catalogs", () => {
  for (const tag of Object.keys(locales) as Array<keyof typeof locales>) {
    it(`${tag} has every English key with the same placeholders, and no empty text`, async () => {
      const catalog: Record<string, Message> = await load(tag);
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [key, message] of Object.entries(en)) {
        const translated = catalog[key];
        expect(translated, key).toBeDefined();
        if (!translated) continue;
        expect(placeholders(translated), key).toEqual(placeholders(message));
        expect(typeof translated, key).toBe(typeof message);
        const texts = typeof translated === "string" ? [translated] : Object.values(translated);
        for (const text of texts) expect(text.trim(), key).not.toBe("");
      }
    });
  }

  it("the Chinese catalog is actually Chinese where English has words", async () => {
    const zh: Record<string, Message> = await load("zh-CN");
    expect(zh["sidebar.newChat"]).toBe("新对话");
    expect(zh["model.deepThink"]).toBe("深度思考");
    expect(zh["chat.regenerate"]).toBe("重新生成");
    expect(zh["composer.stop"]).toBe("停止");
  });
});

describe("choosing a language", () => {
  it("matches the browser's languages in order, by tag and then by language, falling back to English", () => {
    expect(matchLocale(["zh-CN", "en"])).toBe("zh-CN");
    expect(matchLocale(["zh"])).toBe("zh-CN");
    expect(matchLocale(["zh-Hans-CN"])).toBe("zh-CN");
    expect(matchLocale(["en-US", "zh-CN"])).toBe("en");
    expect(matchLocale(["fr-FR", "zh-TW"])).toBe("zh-CN");
    expect(matchLocale(["fr-FR", "de"])).toBe("en");
    expect(matchLocale([])).toBe("en");
  });
});

describe("t() and the formatters", () => {
  it("fills placeholders, formats numbers and picks plural forms for the active locale", async () => {
    expect(t("composer.tooLong", { size: 1234, limit: 32 })).toBe(
      "Message too long: 1,234 KB of at most 32 KB. Shorten it or split it into parts.",
    );
    expect(t("message.thoughtFor", { count: 1 })).toBe("Thought for 1 second");
    expect(t("message.thoughtFor", { count: 5 })).toBe("Thought for 5 seconds");
    activateCatalog("zh-CN", await load("zh-CN"));
    expect(t("message.thoughtFor", { count: 5 })).toBe("已深度思考（用时 5 秒）");
    expect(t("sidebar.newChat")).toBe("新对话");
  });

  it("writes numbers in the active locale", async () => {
    expect(formatNumber(1234.5)).toBe("1,234.5");
    expect(formatNumber(0.25, { style: "percent" })).toBe("25%");
    activateCatalog("zh-CN", await load("zh-CN"));
    expect(formatNumber(12345)).toBe("12,345");
    expect(formatNumber(1e8, { notation: "compact" })).toBe("1亿");
  });

  it("writes dates and relative times in the active locale", async () => {
    const now = Date.UTC(2026, 10, 30, 12);
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe("5 minutes ago");
    expect(formatRelativeTime(now - 10_000, now)).toBe("just now");
    expect(formatRelativeTime(now - 26 * 3_600_000, now)).toBe("yesterday");
    expect(formatDate(now, { dateStyle: "medium", timeZone: "UTC" })).toBe("Nov 30, 2026");
    activateCatalog("zh-CN", await load("zh-CN"));
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe("5分钟前");
    expect(formatRelativeTime(now - 26 * 3_600_000, now)).toBe("昨天");
    expect(formatDate(now, { dateStyle: "medium", timeZone: "UTC" })).toBe("2026年11月30日");
  });
});
