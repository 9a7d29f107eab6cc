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
  /** Up to four questions offered as buttons on an empty chat. */
  starterQuestions: string[];
  /** Whether answers say which provider, model and region served them (off unless the owner turns it on). */
  showServedBy: boolean;
};

/** The `data-starter-questions` JSON array, or none when it is missing or malformed. */
function readStarterQuestions(json: string | undefined): string[] {
  try {
    const value: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === "string" && item.trim() !== "").slice(0, 4)
      : [];
  } catch {
    return [];
  }
}

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
    starterQuestions: readStarterQuestions(data.starterQuestions),
    showServedBy: data.showServedBy === "true",
  };
}
