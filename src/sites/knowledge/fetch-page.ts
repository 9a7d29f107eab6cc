// The Worker reads an owner's page for the knowledge base: bounded in time and size, text and HTML only.
import { AppError } from "../../http/app-error.ts";
import { outboundUrlProblem } from "../outbound-url.ts";
import { extractText, htmlTitle } from "./extract-text.ts";

/** Limits of one page fetch. */
export type FetchLimits = { timeoutMs: number; maxBytes: number };

/** 10 s and 2 MiB: enough for any real page's HTML; a bigger body is read up to the cap and the rest ignored. */
export const defaultFetchLimits: FetchLimits = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024 };

/** A fetched page's readable text, its `<title>` and when it was read. */
export type FetchedPage = { text: string; title: string | null; fetchedAt: number };

function unreadable(detail: string): AppError {
  return new AppError(400, `The page could not be used: ${detail}.`, { code: "url_unreadable", param: "url" });
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value.byteLength + total > maxBytes ? value.subarray(0, maxBytes - total) : value);
    total += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * Fetches `url` (https; http to localhost in local dev, also after redirects) and extracts its readable text.
 * A page that times out, answers non-2xx, is neither HTML nor text, or has no text is a 400 `url_unreadable`.
 */
export async function fetchPage(url: string, localDev: boolean, limits = defaultFetchLimits): Promise<FetchedPage> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "text/html,text/plain;q=0.9", "user-agent": "edgechat-knowledge/1" },
      redirect: "follow",
      signal: AbortSignal.timeout(limits.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw unreadable(timedOut ? `no answer within ${limits.timeoutMs / 1000} s` : "it could not be reached");
  }
  const landed = response.url || url;
  const problem = outboundUrlProblem(landed, localDev);
  if (problem) throw unreadable(`it redirected to an address that ${problem}`);
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw unreadable(`it answered HTTP ${response.status}`);
  }
  const type = (response.headers.get("content-type") ?? "").toLowerCase();
  const html = type.includes("html");
  if (!html && !type.startsWith("text/")) {
    await response.body.cancel();
    throw unreadable(`it is ${type || "of no declared type"}, not HTML or text`);
  }
  const raw = new TextDecoder().decode(await readCapped(response.body, limits.maxBytes));
  const text = html ? extractText(raw) : raw.trim();
  if (text === "") throw unreadable("it has no readable text");
  return { text, title: html ? htmlTitle(raw) : null, fetchedAt: Date.now() };
}
