// What a widget turn's setup waits for besides the conversation: the site's instructions and the knowledge
// retrieved for the question (one D1 batch, src/sites/knowledge/site-prompt.ts), over a realistic knowledge base:
// 50 documents of ~4 KB for the measured site, among 4 other sites with as many documents in the same shared
// FTS5 index and the same vocabulary (the worst case for the site filter). Timed inside the Worker by the admin
// preview endpoint, which runs exactly the turn's code; the round trip is kept in results.json for reference.
import { ADMIN_TOKEN } from "./bench-gateway.ts";
import type { Figure } from "./report.ts";
import { median, quantile } from "./stats.ts";

/** How much the retrieval row does. */
export type RetrievalBudget = { sites: number; docsPerSite: number; samples: number };

const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };

const topics = [
  "opening hours",
  "delivery",
  "returns policy",
  "gift cards",
  "wedding cakes",
  "gluten-free bread",
  "catering orders",
  "parking",
  "loyalty programme",
  "allergens",
];
const nouns = [
  "sourdough",
  "croissant",
  "baguette",
  "rye loaf",
  "espresso",
  "cheesecake",
  "brioche",
  "pretzel",
  "oat milk",
  "seed bar",
];
const verbs = ["order", "collect", "reserve", "return", "exchange", "pay for", "deliver", "bake", "taste", "freeze"];
const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Realistic visitor questions; each shares words with some documents and not with others. */
export const retrievalQuestions = [
  "When are you open on Sunday?",
  "Do you deliver croissants to the office?",
  "What is your returns policy for a cake?",
  "Can I pay for a gift card online?",
  "Is the rye loaf gluten-free?",
  "How far ahead must I order a wedding cake?",
  "Where can I park near the shop?",
  "Which cakes contain nuts or other allergens?",
  "Do you do catering for 40 people?",
  "How does the loyalty programme work?",
];

function pick<T>(list: readonly T[], seed: number): T {
  return list[seed % list.length] as T;
}

/** A ~4 KB document about one topic, deterministic for (site, doc). */
function documentText(site: number, doc: number): string {
  const sentences: string[] = [];
  for (let index = 0; sentences.join(" ").length < 4000; index++) {
    const seed = site * 7919 + doc * 104_729 + index * 31;
    const topic = pick(topics, doc + index);
    sentences.push(
      `About ${topic}: you can ${pick(verbs, seed)} a ${pick(nouns, seed >> 3)} on ${pick(days, seed >> 5)} ` +
        `between ${7 + (seed % 5)} and ${14 + (seed % 6)}h, and our team will ${pick(verbs, seed >> 7)} it ` +
        `for you${index % 4 === 0 ? ".\n\n" : "."}`,
    );
  }
  return sentences.join(" ");
}

async function post(url: string, body: unknown): Promise<Response> {
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response;
}

/** Creates the sites and their documents; returns the measured site's id. */
export async function seedKnowledge(baseUrl: string, budget: RetrievalBudget): Promise<string> {
  let measured = "";
  for (let site = 0; site < budget.sites; site++) {
    const created = await post(`${baseUrl}/admin/api/sites`, {
      name: `Bakery ${site}`,
      allowedOrigins: [`https://bakery-${site}.example`],
    });
    const { id } = (await created.json()) as { id: string };
    await fetch(`${baseUrl}/admin/api/sites/${id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ instructions: "You answer for a small bakery. Be brief and friendly. ".repeat(20) }),
    });
    const docs = Array.from({ length: budget.docsPerSite }, (_, doc) => doc);
    // Four at a time: D1's local writes are serialised anyway.
    for (let start = 0; start < docs.length; start += 4) {
      await Promise.all(
        docs.slice(start, start + 4).map((doc) =>
          post(`${baseUrl}/admin/api/sites/${id}/knowledge`, {
            title: `${pick(topics, doc)} (${doc})`,
            text: documentText(site, doc),
          }),
        ),
      );
    }
    if (site === 0) measured = id;
  }
  return measured;
}

/** The retrieval row: median in-Worker time of the turn's instructions + retrieval read. */
export async function retrievalFigures(
  baseUrl: string,
  budget: RetrievalBudget,
): Promise<{ figures: Figure[]; detail: Record<string, number> }> {
  const siteId = await seedKnowledge(baseUrl, budget);
  const inWorker: number[] = [];
  const roundTrip: number[] = [];
  let sources = 0;
  for (let sample = 0; sample < budget.samples; sample++) {
    const question = encodeURIComponent(pick(retrievalQuestions, sample));
    const started = performance.now();
    const response = await fetch(`${baseUrl}/admin/api/sites/${siteId}/knowledge/preview?q=${question}`, { headers });
    const body = (await response.json()) as { retrievalMs: number; sources: unknown[] };
    roundTrip.push(performance.now() - started);
    if (sample >= 10) inWorker.push(body.retrievalMs);
    sources += body.sources.length;
  }
  const value = median(inWorker);
  const figure: Figure = {
    id: "widget_retrieval_setup_ms",
    label: `widget turn setup: instructions + knowledge retrieval (${budget.docsPerSite} docs/site, ${budget.sites} sites), median`,
    unit: "ms",
    gateway: Number.isFinite(value) ? value : null,
    floor: null,
    ratio: null,
    target: "≤ 15 ms",
    met: Number.isFinite(value) ? value <= 15 : null,
  };
  return {
    figures: [figure],
    detail: {
      inWorkerMedianMs: value,
      inWorkerP95Ms: quantile(inWorker, 0.95),
      roundTripMedianMs: median(roundTrip),
      meanSourcesPerQuestion: sources / budget.samples,
    },
  };
}
