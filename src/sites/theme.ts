// A site's widget theme: stored as JSON on the site, overridable per page by the script tag's data attributes.
import * as z from "zod";

/** A CSS colour we can paste into a stylesheet safely: hex only. */
export const colorSchema = z
  .string()
  .trim()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "must be a hex colour like #0b57d0");

/** What an owner may set; every field optional (defaults apply). */
export const themeSchema = z.strictObject({
  position: z.enum(["left", "right"]).optional(),
  color: colorSchema.optional(),
  title: z.string().trim().min(1).max(60).optional(),
  greeting: z.string().trim().max(500).optional(),
  placeholder: z.string().trim().max(100).optional(),
  openOnLoad: z.boolean().optional(),
});

/** A stored or requested theme. */
export type Theme = z.infer<typeof themeSchema>;

/** A theme with every field decided. */
export type ResolvedTheme = Required<Theme>;

/** What a widget looks like when neither the owner nor the page says otherwise. */
export const defaultTheme: ResolvedTheme = {
  position: "right",
  color: "#0b57d0",
  title: "Chat",
  greeting: "Hi! How can I help?",
  placeholder: "Type a message…",
  openOnLoad: false,
};

/** Reads a theme stored as JSON, keeping only the valid fields (a bad field never breaks the widget). */
export function parseStoredTheme(json: string): Theme {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return {};
  }
  return pickValid(raw);
}

/** Keeps each field of `raw` that is valid on its own: page-supplied overrides are best-effort. */
export function pickValid(raw: unknown): Theme {
  if (typeof raw !== "object" || raw === null) return {};
  const source = new Map<string, unknown>(Object.entries(raw));
  const theme: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(themeSchema.shape)) {
    const parsed = schema.safeParse(source.get(name));
    if (parsed.success && parsed.data !== undefined) theme[name] = parsed.data;
  }
  return themeSchema.parse(theme);
}

/** Defaults, then the stored theme, then the page's overrides. */
export function resolveTheme(stored: Theme, overrides: Theme = {}): ResolvedTheme {
  return { ...defaultTheme, ...stored, ...overrides };
}
