import { describe, expect, it } from "vitest";
import { shellLanguage } from "../../../src/routes/page-language.ts";
import { call } from "../../kit/worker/widget.ts";

describe("the chat site's page shell speaks the browser's language before its script runs", () => {
  it("a Chinese browser gets <html lang=zh-CN> and the no-JavaScript notice in Chinese", async () => {
    for (const path of ["/", "/c/some-conversation", "/s/some-share"]) {
      const response = await call(path, {
        headers: { accept: "text/html", "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" },
      });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("vary"), path).toMatch(/accept-language/i);
      const html = await response.text();
      expect(html, path).toContain('<html lang="zh-CN">');
      expect(html, path).toContain("edgechat 需要启用 JavaScript 才能聊天。");
      expect(html, path).toContain('<script type="module" src="/assets/app.js"></script>');
    }
  });

  it("an English or unknown language gets the English shell", async () => {
    for (const language of ["en-US,en;q=0.9", "fr-FR", ""]) {
      const response = await call("/", { headers: { accept: "text/html", "accept-language": language } });
      const html = await response.text();
      expect(html, language).toContain('<html lang="en">');
      expect(html, language).toContain("edgechat needs JavaScript to chat.");
    }
  });

  it("picks by q-value, then exact tag, then language", () => {
    expect(shellLanguage("en;q=0.5, zh-TW;q=0.8")).toBe("zh-CN");
    expect(shellLanguage("zh;q=0, en")).toBe("en");
    expect(shellLanguage("de, zh-Hans-CN;q=0.7, en;q=0.6")).toBe("zh-CN");
    expect(shellLanguage("*")).toBe("en");
    expect(shellLanguage(null)).toBe("en");
  });
});
