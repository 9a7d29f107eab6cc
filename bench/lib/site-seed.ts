// Seeds local D1 for the history figures: 10,000 conversations owned by one visitor, one of them holding a
// 1,000-message branch. Written as SQL and applied with `wrangler d1 execute` before the Worker starts.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../scripts/lib/local-stack.ts";

/** What the seed created. */
export type Seeded = { conversations: number; bigConversationId: string; messages: number };

// D1 refuses statements over 100 KB; 100 rows stay well below.
const BATCH = 100;

/** Writes and applies the seed for `userId` into the local D1 under `persistTo`. */
export function seedHistory(persistTo: string, userId: string, conversations = 10_000, messages = 1_000): Seeded {
  const now = Date.now();
  const ids = Array.from({ length: conversations }, () => randomUUID());
  const bigConversationId = ids[0] ?? randomUUID();
  const messageIds = Array.from({ length: messages }, () => randomUUID());
  // The visitor's row (a read creates no row; the conversations' foreign key needs it).
  const statements: string[] = [`INSERT OR IGNORE INTO users (id, created_at) VALUES (${sqlText(userId)}, ${now});`];
  const conversationRows = ids.map((id, i) => {
    const leaf = id === bigConversationId ? sqlText(messageIds[messages - 1] ?? "") : "NULL";
    const at = now - i * 1000;
    return `(${sqlText(id)}, ${sqlText(userId)}, ${sqlText(`Seeded chat ${i}`)}, ${leaf}, ${at}, ${at})`;
  });
  for (let i = 0; i < conversationRows.length; i += BATCH) {
    statements.push(
      `INSERT INTO conversations (id, user_id, title, current_leaf_id, created_at, updated_at) VALUES ${conversationRows.slice(i, i + BATCH).join(",\n")};`,
    );
  }
  const messageRows = messageIds.map((id, i) => {
    const parent = i === 0 ? "NULL" : sqlText(messageIds[i - 1] ?? "");
    const role = i % 2 === 0 ? "user" : "assistant";
    const content = `Seeded ${role} message ${i}: ${"lorem ipsum dolor sit amet ".repeat(8)}`;
    return `(${sqlText(id)}, ${sqlText(bigConversationId)}, ${parent}, '${role}', ${sqlText(content)}, 'complete', 'deepseek-chat', ${now - 2_000_000 + i})`;
  });
  for (let i = 0; i < messageRows.length; i += BATCH) {
    statements.push(
      `INSERT INTO messages (id, conversation_id, parent_id, role, content, status, model, created_at) VALUES ${messageRows.slice(i, i + BATCH).join(",\n")};`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "edgechat-seed-"));
  const file = join(dir, "seed.sql");
  writeFileSync(file, statements.join("\n"));
  try {
    const result = spawnSync(
      join(repoRoot, "node_modules", ".bin", "wrangler"),
      ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file, "--yes"],
      {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
      },
    );
    if (result.status !== 0) throw new Error(`seeding D1 failed:\n${result.stderr || result.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { conversations, bigConversationId, messages };
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
