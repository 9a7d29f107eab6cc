// Writes edgechat's own rows with the product's own statements (src/metering/record-usage.ts) and times them.
import { type UsageRecordInput, usageInsert, usageInsertMany } from "../../src/metering/record-usage.ts";

type Env = { DB: D1Database };

function usageRow(index: number, run: string): UsageRecordInput {
  return {
    requestId: `${run}-${index}`,
    apiKeyId: index % 3 === 0 ? `key_${index % 50}` : null,
    siteId: index % 3 === 1 ? `site_${index % 20}` : null,
    userId: index % 3 === 0 ? null : `user-${index % 5000}`,
    model: "deepseek-chat",
    served: {
      provider: "deepseek",
      targetId: "deepseek",
      model: "deepseek-chat",
      publicModel: "deepseek-chat",
      substituteFor: null,
      region: "cn",
      simulated: false,
    },
    region: "cn",
    usage: { promptTokens: 812, completionTokens: 420, reasoningTokens: 0, cacheHitTokens: 512, cacheMissTokens: 300 },
    estimated: false,
    ttftMs: 380 + (index % 200),
    totalMs: 4200,
    status: "complete",
  };
}

async function size(db: D1Database): Promise<number> {
  const result = await db.prepare("SELECT 1").run();
  return result.meta.size_after ?? 0;
}

/** POST /run?mode=single|concurrent|batch|message&rows=N[&per=100][&concurrency=32][&bytes=1500] */
async function run(env: Env, url: URL): Promise<Response> {
  const mode = url.searchParams.get("mode") ?? "single";
  const rows = Number(url.searchParams.get("rows") ?? "1000");
  const per = Number(url.searchParams.get("per") ?? "100");
  const concurrency = Number(url.searchParams.get("concurrency") ?? "32");
  const bytes = Number(url.searchParams.get("bytes") ?? "1500");
  const tag = crypto.randomUUID().slice(0, 8);
  const before = await size(env.DB);
  const started = performance.now();
  let statements = 0;
  if (mode === "single") {
    for (let index = 0; index < rows; index++) {
      await usageInsert(env.DB, usageRow(index, tag)).run();
      statements++;
    }
  } else if (mode === "concurrent") {
    let next = 0;
    const worker = async () => {
      while (next < rows) {
        const index = next++;
        await usageInsert(env.DB, usageRow(index, tag)).run();
        statements++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } else if (mode === "batch") {
    for (let index = 0; index < rows; index += per) {
      const chunk = Array.from({ length: Math.min(per, rows - index) }, (_, offset) => usageRow(index + offset, tag));
      await usageInsertMany(env.DB, chunk).run();
      statements++;
    }
  } else if (mode === "message") {
    // A chat exchange: the user's message and an answer of `bytes` characters, full-text indexed by the triggers.
    const words = "the quick brown fox jumps over a lazy dog while reasoning about distributed databases ";
    const answer = words.repeat(Math.ceil(bytes / words.length)).slice(0, bytes);
    // Messages belong to conversations, which belong to a visitor (foreign keys): create those first.
    await env.DB.batch([
      env.DB.prepare("INSERT OR IGNORE INTO users (id) VALUES (?)").bind(`${tag}-user`),
      ...Array.from({ length: 100 }, (_, index) =>
        env.DB.prepare("INSERT INTO conversations (id, user_id, updated_at) VALUES (?, ?, ?)").bind(
          `${tag}-c${index}`,
          `${tag}-user`,
          Date.now(),
        ),
      ),
    ]);
    for (let index = 0; index < rows; index += 2) {
      await env.DB.batch([
        env.DB.prepare(
          "INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES (?, ?, 'user', ?, ?)",
        ).bind(
          `${tag}-${index}`,
          `${tag}-c${index % 100}`,
          "How do I size a database for ten million users?",
          Date.now(),
        ),
        env.DB.prepare(
          `INSERT INTO messages (id, conversation_id, parent_id, role, content, status, model, provider, prompt_tokens,
             completion_tokens, created_at, finished_at) VALUES (?, ?, ?, 'assistant', ?, 'complete', 'deepseek-chat',
             'deepseek', 812, 420, ?, ?)`,
        ).bind(`${tag}-${index + 1}`, `${tag}-c${index % 100}`, `${tag}-${index}`, answer, Date.now(), Date.now()),
      ]);
      statements++;
    }
  } else {
    return Response.json({ error: `unknown mode ${mode}` }, { status: 400 });
  }
  const ms = performance.now() - started;
  const after = await size(env.DB);
  return Response.json({
    mode,
    rows,
    statements,
    ms,
    rowsPerSecond: (rows / ms) * 1000,
    bytesPerRow: (after - before) / rows,
    sizeAfter: after,
  });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return Response.json({ ok: true });
    if (url.pathname === "/run" && request.method === "POST") return run(env, url);
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
