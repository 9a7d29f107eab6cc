import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { api, newConversation, newVisitor, settled } from "../../kit/worker/site-api.ts";

type SearchBody = { results: Array<{ conversationId: string; messageId: string | null; snippet: string }> };

// Every piece of FTS5 query syntax (https://sqlite.org/fts5.html#full_text_query_syntax) and the characters that
// used to end a quoted string early.
const syntax = [
  '"',
  "'",
  "*",
  "^",
  ":",
  "(",
  ")",
  "-",
  "+",
  "{",
  "}",
  ",",
  "NEAR",
  "NEAR(",
  "NEAR/2",
  "AND",
  "OR",
  "NOT",
  "content:",
  "title:",
  "{content title}:",
  "\u0000",
  "\u0001",
  "\u001f",
  "\u007f",
  "\u0085",
  "\u2028",
  "\ufeff",
  "\ud800",
  " ",
  "\t",
  "\n",
];
const controlCharacters = [
  ...Array.from({ length: 32 }, (_, code) => code),
  ...Array.from({ length: 33 }, (_, i) => 0x7f + i),
].map((code) => String.fromCharCode(code));

let cookie = "";
let conversationId = "";

/** Searches `query`; a lone surrogate cannot be percent-encoded, so it travels as U+FFFD like a browser sends it. */
async function search(query: string): Promise<Response> {
  return api(cookie, "GET", `/api/search?q=${encodeURIComponent(query.replace(/\p{Cs}/gu, "\ufffd"))}`);
}

describe("search input", () => {
  beforeAll(async () => {
    cookie = await newVisitor();
    conversationId = await newConversation(cookie, "Notes on NEAR AND title: syntax");
    const sent = await api(cookie, "POST", `/api/conversations/${conversationId}/messages`, {
      content: 'quokka "quoted" NOT (grouped) content:filter ^caret star* minus-sign',
      model: "deepseek-chat",
    });
    expect(sent.status).toBe(202);
    await settled(cookie, conversationId);
  });

  it("a NUL or any control character in the query is a normal search, never a 500", async () => {
    for (const character of controlCharacters) {
      for (const query of [`a${character}b`, `quokka${character}`, `"${character}`, character]) {
        const response = await search(query);
        expect(response.status, JSON.stringify(query)).toBeLessThan(500);
        if (response.status === 200) expect(Array.isArray((await response.json<SearchBody>()).results)).toBe(true);
        else expect(response.status).toBe(400);
      }
    }
    // Bytes a browser would never send: raw NUL, an overlong NUL, a UTF-8 surrogate, a stray byte, a broken escape.
    for (const raw of ["%00", "quokka%00", "%C0%80", "%ED%A0%80", "%FF", "%", "%2"]) {
      const response = await api(cookie, "GET", `/api/search?q=${raw}`);
      expect(response.status, raw).toBeLessThan(500);
    }
    const withNul = await (await search("quokka\u0000")).json<SearchBody>();
    expect(withNul.results.map((result) => result.conversationId)).toContain(conversationId);
  });

  it("FTS5 operators and column filters are searched for as words, not parsed", async () => {
    for (const query of [
      "NEAR",
      "AND",
      "NOT",
      "title:",
      "content:filter",
      "^caret",
      "(grouped)",
      'quoted"',
      "minus-sign",
    ]) {
      const response = await search(query);
      expect(response.status, query).toBe(200);
      const body = await response.json<SearchBody>();
      expect(
        body.results.map((result) => result.conversationId),
        query,
      ).toContain(conversationId);
    }
    // An operator that would match everything (or fail) is a literal that matches nothing here.
    for (const query of ["* OR *", "NEAR(a b)", "{title content}: x", "- x", "x NOT y OR z"]) {
      const response = await search(query);
      expect(response.status, query).toBe(200);
    }
  });

  it("for any query text, the answer is a list or a 400, never a server error", async () => {
    const piece = fc.oneof(
      fc.constantFrom(...syntax),
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.constantFrom("quokka", "notes"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join("")),
        async (query) => {
          const response = await search(query);
          expect(response.status, JSON.stringify(query)).toBeLessThan(500);
          if (response.status === 200) expect(Array.isArray((await response.json<SearchBody>()).results)).toBe(true);
          else expect(response.status, JSON.stringify(query)).toBe(400);
        },
      ),
      { numRuns: 300 },
    );
  });
});
