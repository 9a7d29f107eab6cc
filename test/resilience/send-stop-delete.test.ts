// 1,000 conversations each raced by a send, a stop and a delete from many visitors at once: nothing is orphaned,
// and every upstream call the simulator saw (answers and titles) is metered exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { mapConcurrent } from "../kit/resilience/chat-stream.ts";
import { createVisitor, type Visitor } from "../kit/resilience/site.ts";
import { ADMIN_TOKEN, type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

const RACES = Number(process.env.RACES ?? 1_000);
const VISITORS = 50;
const IN_FLIGHT = 50;
/** The whole run's bound: 1,000 races took 280–440 s on a 2-core machine shared with other jobs (load average 15–21). */
const BOUND_MS = 900_000;

type RaceVisitor = Visitor & { ip: string };

let stack: ResilienceStack;
let visitors: RaceVisitor[];

beforeAll(async () => {
  // 40 tokens/s and 40 tokens: an answer takes about a second, so stops and deletes land mid-answer.
  stack = await startResilienceStack({ simulator: { tokensPerSecond: 40, answerTokens: 40, reasoningTokens: 0 } });
  // Pro visitors (60 messages a minute), each on its own address: the rate limits stay out of the race.
  visitors = await Promise.all(
    Array.from({ length: VISITORS }, async (_, index) => {
      const visitor = await createVisitor(stack.url);
      const ip = `10.9.0.${index + 1}`;
      // A visitor's row is written on its first write (a read only signs a cookie): create one conversation first.
      const first = await fetch(`${stack.url}/api/conversations`, {
        method: "POST",
        headers: {
          cookie: visitor.cookie,
          origin: stack.url,
          "content-type": "application/json",
          "cf-connecting-ip": ip,
        },
        body: "{}",
      });
      if (first.status !== 201) throw new Error(`first write failed: ${first.status}`);
      // ...and delete it again, so that every conversation left afterwards would be an orphan of the races.
      const { id } = (await first.json()) as { id: string };
      await fetch(`${stack.url}/api/conversations/${id}`, {
        method: "DELETE",
        headers: { cookie: visitor.cookie, origin: stack.url, "cf-connecting-ip": ip },
      });
      const response = await fetch(`${stack.url}/admin/api/users/${visitor.userId}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ plan: "pro" }),
      });
      if (response.status !== 200) throw new Error(`plan change failed: ${response.status}`);
      return { ...visitor, ip };
    }),
  );
  stack.simulator.reset();
});

afterAll(async () => {
  await stack?.stop();
});

function call(visitor: RaceVisitor, method: string, path: string, body?: unknown): Promise<number> {
  return fetch(`${stack.url}${path}`, {
    method,
    headers: {
      cookie: visitor.cookie,
      origin: stack.url,
      "content-type": "application/json",
      "cf-connecting-ip": visitor.ip,
      "x-dev-country": "US",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = z.object({ n: z.number() });

/**
 * One race over a new conversation, in one of three shapes: send, stop and delete all at once (the delete
 * waits for the send's acceptance); a stop and a delete together at some point of the answer; or a delete alone
 * at some point of the answer or after it (then a title call may be in flight too).
 */
async function race(i: number): Promise<{ sent: number; stopped: number | null; deleted: number }> {
  const visitor = visitors[i % VISITORS]!;
  const created = await fetch(`${stack.url}/api/conversations`, {
    method: "POST",
    headers: { cookie: visitor.cookie, origin: stack.url, "content-type": "application/json", "x-dev-country": "US" },
    body: "{}",
  });
  const { id } = z.object({ id: z.string() }).parse(await created.json());
  const base = `/api/conversations/${id}`;
  const send = call(visitor, "POST", `${base}/messages`, { content: `race ${i}`, model: "deepseek-chat" });
  const shape = i % 3;
  if (shape === 0) {
    const [sent, stopped, deleted] = await Promise.all([
      send,
      call(visitor, "POST", `${base}/stop`, {}),
      call(visitor, "DELETE", base),
    ]);
    return { sent, stopped, deleted };
  }
  const sent = await send;
  if (shape === 1) {
    await pause((i * 37) % 1_200);
    const [stopped, deleted] = await Promise.all([
      call(visitor, "POST", `${base}/stop`, {}),
      call(visitor, "DELETE", base),
    ]);
    return { sent, stopped, deleted };
  }
  await pause((i * 53) % 3_000);
  return { sent, stopped: null, deleted: await call(visitor, "DELETE", base) };
}

describe("1,000 concurrent send/stop/delete races", () => {
  it(
    "leave no orphan row and meter every upstream call once",
    async () => {
      const started = Date.now();
      const outcomes = await mapConcurrent(
        Array.from({ length: RACES }, (_, i) => i),
        IN_FLIGHT,
        race,
      );
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
      const statuses = (pick: (outcome: (typeof outcomes)[number]) => number | null) => {
        const seen: Record<string, number> = {};
        for (const outcome of outcomes) {
          const status = pick(outcome);
          if (status !== null) seen[status] = (seen[status] ?? 0) + 1;
        }
        return seen;
      };
      expect(statuses((outcome) => outcome.deleted)).toEqual({ 204: RACES });
      // A send either gets in first (202) or loses to its delete (404); never a 5xx.
      const sent = statuses((outcome) => outcome.sent);
      expect(Object.keys(sent).filter((status) => status !== "202" && status !== "404")).toEqual([]);
      expect(sent[202] ?? 0).toBeGreaterThan(RACES / 2);
      const stopped = statuses((outcome) => outcome.stopped);
      expect(Object.keys(stopped).filter((status) => status !== "200" && status !== "404")).toEqual([]);

      // Metering is written off the answer's path: wait (bounded) until the rows stop changing.
      const users = visitors.map((visitor) => visitor.userId);
      const marks = users.map(() => "?").join(",");
      const rows = () =>
        stack.query(
          z.object({ answered: z.number(), cut: z.number(), total: z.number(), unique: z.number() }),
          `SELECT count(*) FILTER (WHERE provider IS NOT NULL) AS answered,
                  count(*) FILTER (WHERE provider IS NULL AND status = 'stopped') AS cut,
                  count(*) AS total, count(DISTINCT request_id) AS "unique"
           FROM usage WHERE user_id IN (${marks})`,
          ...users,
        )[0]!;
      let metered = rows();
      let upstream = stack.simulator.stats().total;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        await pause(1_000);
        const now = rows();
        const calls = stack.simulator.stats().total;
        if (now.total === metered.total && calls === upstream && now.total >= calls) break;
        metered = now;
        upstream = calls;
      }
      metered = rows();
      upstream = stack.simulator.stats().total;
      console.log(JSON.stringify({ ms: Date.now() - started, upstream, metered, sent, stopped }));
      // Mid-answer stops and deletes happened: the upstream saw a good share of the turns (and some titles).
      expect(upstream).toBeGreaterThan(RACES / 3);
      // Every call the upstream saw has its row, and no row is doubled...
      expect(metered.unique).toBe(metered.total);
      expect(metered.total).toBeGreaterThanOrEqual(upstream);
      expect(metered.answered).toBeLessThanOrEqual(upstream);
      // ...the only rows beyond the upstream's count are turns cut before it answered (it may not have seen them).
      expect(metered.total - upstream).toBeLessThanOrEqual(metered.cut);

      const orphans = stack.query(
        count,
        `SELECT (SELECT count(*) FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations))
              + (SELECT count(*) FROM shares WHERE conversation_id NOT IN (SELECT id FROM conversations))
              + (SELECT count(*) FROM conversations WHERE user_id IN (${marks}))
              + abs((SELECT count(*) FROM messages_fts_docsize) - (SELECT count(*) FROM messages)) AS n`,
        ...users,
      );
      expect(orphans).toEqual([{ n: 0 }]);
    },
    BOUND_MS + 60_000,
  );
});
