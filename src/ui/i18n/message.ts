// The shape of one catalog entry (imports nothing, so every catalog and the runtime can share it).

/** A text that depends on a count: one form per CLDR plural category the language uses; `other` is required. */
export type PluralMessage = Readonly<Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }>;

/** One catalog entry: a text with `{name}` placeholders, or plural forms selected by the `count` variable. */
export type Message = string | PluralMessage;
