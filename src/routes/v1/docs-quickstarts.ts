/** One client's quickstart on /docs: a title, a line of context and a snippet (plain text, escaped when rendered). */
export type Quickstart = { id: string; title: string; note: string; code: string };

/**
 * A quickstart per client, for a deployment at `origin` and a model id from the live catalog. Each snippet is the
 * client's documented way to change the base URL; the contract tests run the same calls.
 */
export function quickstarts(origin: string, model: string): Quickstart[] {
  const v1 = `${origin}/v1`;
  return [
    {
      id: "curl",
      title: "curl",
      note: "Any HTTP client: OpenAI's chat completions with a partner key.",
      code: `curl ${v1}/chat/completions \\
  -H "Authorization: Bearer $EDGECHAT_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello"}], "stream": true}'`,
    },
    {
      id: "openai-js",
      title: "openai (JavaScript)",
      note: "Chat completions, the Responses API, structured outputs (parse with a zod schema) and embeddings.",
      code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${v1}", apiKey: process.env.EDGECHAT_API_KEY });
const chat = await client.chat.completions.create({ model: "${model}", messages: [{ role: "user", content: "Hello" }] });
const response = await client.responses.create({ model: "${model}", input: "Hello" });
console.log(chat.choices[0].message.content, response.output_text);`,
    },
    {
      id: "openai-python",
      title: "openai (Python)",
      note: "The same calls from Python; DeepSeek's thinking switch goes in extra_body.",
      code: `from openai import OpenAI

client = OpenAI(base_url="${v1}", api_key=os.environ["EDGECHAT_API_KEY"])
chat = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello"}],
    extra_body={"thinking": {"type": "disabled"}},
)
print(chat.choices[0].message.content)`,
    },
    {
      id: "ai-sdk",
      title: "Vercel AI SDK",
      note: "openai(id) speaks the Responses API; openai.chat(id) chat completions; openai.embedding(id) embeddings.",
      code: `import { createOpenAI } from "@ai-sdk/openai";
import { embed, generateText } from "ai";

const openai = createOpenAI({ baseURL: "${v1}", apiKey: process.env.EDGECHAT_API_KEY });
const { text } = await generateText({ model: openai("${model}"), prompt: "Hello" });
const { embedding } = await embed({ model: openai.embedding("bge-m3"), value: "Hello" });`,
    },
    {
      id: "langchain",
      title: "LangChain",
      note: "ChatOpenAI with a base URL; useResponsesApi switches to /v1/responses; withStructuredOutput uses json_schema.",
      code: `import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({
  model: "${model}",
  apiKey: process.env.EDGECHAT_API_KEY,
  configuration: { baseURL: "${v1}" },
  useResponsesApi: true,
});
const answer = await model.invoke("Hello");`,
    },
    {
      id: "anthropic",
      title: "Anthropic SDK",
      note: "The Messages API at /v1/messages; the base URL has no /v1 (the SDK adds it). claude-* names map to catalog models.",
      code: `import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({ baseURL: "${origin}", apiKey: process.env.EDGECHAT_API_KEY });
const message = await client.messages.create({
  model: "${model}",
  max_tokens: 1024,
  messages: [{ role: "user", content: "Hello" }],
});`,
    },
    {
      id: "claude-code",
      title: "Claude Code",
      note: "Two settings (in ~/.claude/settings.json or the environment); Claude Code's own model names are mapped.",
      code: `{
  "env": {
    "ANTHROPIC_BASE_URL": "${origin}",
    "ANTHROPIC_AUTH_TOKEN": "ec_…your partner key…"
  }
}`,
    },
    {
      id: "agents",
      title: "OpenAI Agents SDK",
      note: "Its default mode calls the Responses API: point its default client at edgechat.",
      code: `import OpenAI from "openai";
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled } from "@openai/agents";

setDefaultOpenAIClient(new OpenAI({ baseURL: "${v1}", apiKey: process.env.EDGECHAT_API_KEY }));
setTracingDisabled(true);
const agent = new Agent({ name: "Assistant", instructions: "Be brief.", model: "${model}" });
console.log((await run(agent, "Hello")).finalOutput);`,
    },
  ];
}
