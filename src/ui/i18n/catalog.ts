// Types derived from the English catalog: the keys, each key's placeholders, and what another language must provide.
import type en from "./locales/en.ts";
import type { Message, PluralMessage } from "./message.ts";

type English = typeof en;

/** A key of the catalog (English is the reference: a key it lacks is a type error everywhere). */
export type MessageKey = keyof English;

type TextOf<M> = M extends string ? M : M extends { other: infer Other } ? Other : never;
type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The `{name}` placeholders of `key` (a plural entry always has `count`). */
export type PlaceholdersOf<K extends MessageKey> = Placeholders<TextOf<English[K]>>;

/** The variables argument of `t(key, …)`: absent when the text has no placeholder, else one value per placeholder. */
export type VarsArgument<K extends MessageKey> = [PlaceholdersOf<K>] extends [never]
  ? []
  : [vars: Record<PlaceholdersOf<K>, string | number>];

/** A complete translation: every English key, plural where English is plural (a missing key is a type error). */
export type Catalog = { readonly [K in MessageKey]: English[K] extends string ? string : PluralMessage };

/** Any catalog entry (for the runtime, which does not care which key it is). */
export type AnyCatalog = Readonly<Record<string, Message>>;
