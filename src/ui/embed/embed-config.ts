// The iframe's configuration, written by the server into data attributes of <body> (no inline script under our CSP).

/** What /embed/:siteKey tells its script. */
export type EmbedConfig = {
  siteKey: string;
  /** The page that framed us, as the server validated it against the site's allowed origins; "" when unknown. */
  parentOrigin: string;
  title: string;
  greeting: string;
  placeholder: string;
  color: string;
};

/** Reads the configuration from `element`'s data attributes. */
export function readEmbedConfig(element: HTMLElement): EmbedConfig {
  const data = element.dataset;
  return {
    siteKey: data.siteKey ?? "",
    parentOrigin: data.parentOrigin ?? "",
    title: data.title ?? "Chat",
    greeting: data.greeting ?? "",
    placeholder: data.placeholder ?? "",
    color: data.color ?? "",
  };
}
