import { describe, expect, it } from "vitest";
import { bearerToken } from "../../../src/http/bearer-token.ts";

describe("a bearer token in the Authorization header", () => {
  it("is read whatever the scheme's case, trimmed", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer  abc ")).toBe("abc");
    expect(bearerToken("BEARER\tabc")).toBe("abc");
  });

  it("is absent without the header or under another scheme", () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken("Basic YWJjOmRlZg==")).toBeNull();
    expect(bearerToken("Bearerabc")).toBeNull();
  });
});
