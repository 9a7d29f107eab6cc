import * as z from "zod";

/** `POST /v1/embeddings` body (OpenAI's shape): one text or a batch of texts. */
export const embeddingsSchema = z.object({
  model: z.string().min(1, "is required").max(200),
  input: z.union([z.string(), z.array(z.string()).min(1, "must hold at least one text").max(2048)], {
    error: "must be a string or an array of strings (token arrays are not supported)",
  }),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.int().positive().nullish(),
  user: z.string().max(256).nullish(),
});

/** The same body read loosely, so that dropped fields can be named. */
export const embeddingsRequestSchema = z.looseObject(embeddingsSchema.shape);
