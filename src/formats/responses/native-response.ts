import * as z from "zod";

/** A Response DeepSeek completed (from `response.completed` / `response.incomplete`, or its one JSON body). */
export const nativeResponseSchema = z.looseObject({
  id: z.string().min(1),
  model: z.string(),
  status: z.string(),
  output: z.array(z.looseObject({ type: z.string(), id: z.string().min(1) })),
});

export type NativeResponse = z.infer<typeof nativeResponseSchema>;
