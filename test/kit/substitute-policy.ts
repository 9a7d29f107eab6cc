/**
 * A ROUTING_POLICY with one substitute: Llama 3.3 70B (served only by GPU servers that list it) may stand in for
 * deepseek-flash on every plan. Tests use it to see a substitute answer labelled as such.
 */
export const substitutePolicy = {
  models: {
    "llama-3.3-70b": {
      label: "Llama 3.3 70B",
      capabilities: { thinking: false, efforts: [], tools: true, json: true, vision: false, fim: false, prefix: false },
      thinkingByDefault: false,
      contextTokens: 131_072,
      maxOutputTokens: 8_192,
      providers: {},
      prices: { default: { cacheHitInput: 0.3, cacheMissInput: 0.3, output: 2.25 } },
      listed: false,
    },
    "deepseek-flash": {
      substitutes: { free: ["llama-3.3-70b"], pro: ["llama-3.3-70b"], partner: ["llama-3.3-70b"] },
    },
  },
};
