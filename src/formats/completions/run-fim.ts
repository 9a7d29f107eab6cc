import type { Context } from "hono";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../http/app-error.ts";
import { connectFirst } from "../../inference/attempt/failover.ts";
import { servedHeaders } from "../../inference/index.ts";
import { fimEndpoint, openFim } from "../../inference/providers/fim-completions.ts";
import { resolveChain } from "../../inference/routing/resolve-chain.ts";
import type { Served } from "../../inference/types.ts";
import { parseUsage } from "../../inference/wire/openai-chunks.ts";
import type { MeteredOutcome } from "../../metering/settle.ts";
import { type Admitted, settleWhenDone } from "../chat-pipeline.ts";
import { meterStream } from "./meter-stream.ts";

/** A FIM answer: the upstream's own bytes (OpenAI `text_completion` JSON or SSE) and who served them. */
export type FimResponse = { body: BodyInit; headers: Record<string, string> };

/**
 * Fill-in-the-middle through the same routing and failover as chat: only targets with a completions endpoint
 * (DeepSeek's FIM beta, self-hosted servers) are tried. The upstream's bytes go to the client unchanged;
 * usage is read from them for metering.
 */
export async function runFim(
  c: Context<AppEnv>,
  admitted: Admitted,
  body: Record<string, unknown> & { model: string },
  stream: boolean,
): Promise<FimResponse> {
  const key = c.get("apiKey");
  const started = Date.now();
  const context = { env: c.env, config: c.get("config"), waitUntil: admitted.waitUntil };
  let connected: Awaited<
    ReturnType<typeof connectFirst<{ served: Served; response: Response; bytes: Uint8Array | null }>>
  >;
  try {
    const chain = resolveChain(context, key.plan, c.get("region"), body.model).filter(
      (target) => fimEndpoint(context, target) !== null,
    );
    if (chain.length === 0) {
      throw new AppError(400, `No provider serves fill-in-the-middle completions for \`${body.model}\` here.`, {
        code: "unsupported_model",
        param: "model",
      });
    }
    connected = await connectFirst(context, chain, c.req.raw.signal, async (target, signal, extend) => {
      const { served, response } = await openFim(context, target, body, signal);
      if (stream) return { served, response, bytes: null };
      extend(context.config.routingPolicy.timeouts.completionMs);
      return { served, response, bytes: new Uint8Array(await response.arrayBuffer()) };
    });
  } catch (error) {
    throw admitted.fail(error);
  }
  const { served, response, bytes } = connected.value;
  const headers = { ...admitted.headers, ...servedHeaders(served) };
  if (bytes) {
    connected.release();
    const json = JSON.parse(new TextDecoder().decode(bytes)) as {
      usage?: unknown;
      choices?: Array<{ finish_reason?: string }>;
    };
    const usage = parseUsage(json.usage);
    const totalMs = Date.now() - started;
    settleWhenDone(admitted, Promise.resolve(outcome(served, usage, "complete", totalMs, totalMs)));
    return { body: bytes, headers };
  }
  let resolveDone: (value: MeteredOutcome) => void = () => undefined;
  settleWhenDone(admitted, new Promise<MeteredOutcome>((resolve) => (resolveDone = resolve)));
  const ttftMs = Date.now() - started;
  const metered = (response.body as ReadableStream<Uint8Array>).pipeThrough(
    meterStream(({ usage, complete }) => {
      connected.release();
      resolveDone(outcome(served, usage, complete ? "complete" : "error", ttftMs, Date.now() - started));
    }),
  );
  return { body: metered, headers };
}

function outcome(
  served: Served,
  usage: MeteredOutcome["usage"],
  status: string,
  ttftMs: number,
  totalMs: number,
): MeteredOutcome {
  return { served, usage, estimated: usage === null, ttftMs, totalMs, status };
}
