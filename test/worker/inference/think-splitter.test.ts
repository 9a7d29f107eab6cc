import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createThinkSplitter, type TaggedText } from "../../../src/inference/wire/think-splitter.ts";

function split(pieces: string[], startsInReasoning: boolean): { reasoning: string; text: string } {
  const splitter = createThinkSplitter(startsInReasoning);
  const out: TaggedText[] = [...pieces.flatMap((piece) => splitter.push(piece)), ...splitter.end()];
  const join = (kind: TaggedText["kind"]) =>
    out
      .filter((piece) => piece.kind === kind)
      .map((piece) => piece.text)
      .join("");
  return { reasoning: join("reasoning"), text: join("text") };
}

describe("<think> extraction", () => {
  it("separates reasoning from the answer with both tags present", () => {
    expect(split(["<think>\nPondering.</think>\n\nAnswer."], false)).toEqual({
      reasoning: "Pondering.",
      text: "Answer.",
    });
  });

  it("handles the R1 distill's missing opening tag", () => {
    expect(split(["Pondering.", "</think>\n\nAnswer."], true)).toEqual({ reasoning: "Pondering.", text: "Answer." });
  });

  it("treats a chat model's output as plain text, even if it mentions tags later", () => {
    expect(split(["Use the </think> tag."], false)).toEqual({ reasoning: "", text: "Use the </think> tag." });
  });

  it("keeps reasoning that never closes as reasoning", () => {
    expect(split(["<think>still going"], false)).toEqual({ reasoning: "still going", text: "" });
  });

  it("gives the same result however the output is cut into pieces (tags split across chunks)", () => {
    const outputs = [
      "<think>\nA < B, so </think>\n\nThe answer: <b>2</b>.",
      "  <think>x</think>y",
      "A thought</think>Reply",
    ];
    fc.assert(
      fc.property(fc.constantFrom(...outputs), fc.array(fc.nat(), { maxLength: 8 }), (output, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (output.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((start, index) => output.slice(start, [...points, output.length][index]));
        const startsInReasoning = !output.trimStart().startsWith("<think>");
        expect(split(pieces, startsInReasoning)).toEqual(split([output], startsInReasoning));
      }),
      { numRuns: 300 },
    );
  });
});
