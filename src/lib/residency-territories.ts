// The territories whose visitors get the EU residency rule: their requests only go to EU (or Cloudflare) data
// regions. One reviewable list, grouped by the legal reason each code is here, with the source for each group.
// The rule, the decisions for the borderline territories, and what is deliberately left out: docs/residency.md.
//
// Principle: when in doubt, include. A too-strict route costs only provider choice; a too-loose one breaks the
// promise. ISO 3166-1 alpha-2 codes, upper case.

/**
 * EU member states (Art. 52 TEU). Their outermost regions without a code of their own (Canary Islands, Azores,
 * Madeira) and Ceuta and Melilla arrive under ES / PT.
 * Source: https://european-union.europa.eu/principles-countries-history/eu-countries_en
 */
// biome-ignore format: a table of codes reads better than one per line
export const EU_MEMBER_STATES = [
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
  "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
] as const;

/**
 * Parts of member states where EU law (so the GDPR) applies that have their own ISO code: the French outermost
 * regions (Art. 349 and 355(1) TFEU: Guadeloupe, French Guiana, Martinique, Réunion, Mayotte, Saint-Martin)
 * and Åland (Art. 355(4) TFEU, Protocol No 2 of the 1994 Act of Accession). Cloudflare's own EU list is the 27
 * plus exactly these seven: https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/ip.src.is_in_european_union
 */
export const EU_TERRITORIES_WITH_OWN_CODE = ["GF", "GP", "MQ", "RE", "YT", "MF", "AX"] as const;

/**
 * EEA EFTA states, where the GDPR applies through the EEA Agreement (EEA Joint Committee Decision 154/2018).
 * Source: https://www.efta.int/eea/eea-agreement
 */
export const EEA_EFTA_STATES = ["IS", "LI", "NO"] as const;

/**
 * Territories of EU / EEA states where EU law does NOT apply (the overseas countries and territories of Annex II
 * TFEU, Art. 355(2); the Faroe Islands, Art. 355(5)(a); Svalbard and Jan Mayen, EEA Agreement Protocol 40;
 * uninhabited Bouvet Island). Included anyway: their people are EU / EEA citizens, several live under a member
 * state's own data-protection law or a GDPR-modelled one (Faroe Islands: EU adequacy decision 2010/146/EU), and
 * the stricter route costs them nothing but provider choice. Source: https://eur-lex.europa.eu/eli/treaty/tfeu_2016/anx_2/oj
 */
// biome-ignore format: grouped by state
export const EU_EEA_TERRITORIES_OUTSIDE_EU_LAW = [
  // Denmark
  "GL", "FO",
  // France
  "BL", "PM", "NC", "PF", "WF", "TF",
  // Kingdom of the Netherlands
  "AW", "CW", "SX", "BQ",
  // Norway
  "SJ", "BV",
] as const;

/**
 * The United Kingdom (UK GDPR and the Data Protection Act 2018), Gibraltar (Gibraltar GDPR and Data Protection
 * Act 2004, https://www.gra.gi/data-protection) and the Crown Dependencies, each with a GDPR-equivalent law and
 * an EU adequacy decision: Guernsey (Data Protection (Bailiwick of Guernsey) Law 2017; 2003/821/EC), Jersey
 * (Data Protection (Jersey) Law 2018; 2008/393/EC), Isle of Man (GDPR and LED Implementing Regulations 2018;
 * 2004/411/EC). The overseas territories outside Europe (Bermuda, Cayman, Falklands…) are not covered by the UK
 * GDPR and are not included.
 */
export const UK_AND_TERRITORIES = ["GB", "GI", "GG", "JE", "IM"] as const;

/** Switzerland (revised Federal Act on Data Protection, in force since 2023-09-01). Liechtenstein is EEA. */
export const SWITZERLAND = ["CH"] as const;

/**
 * ISO 3166-1 reserved codes that name covered territories: EU (the European Union, used below when Cloudflare
 * flags a request as EU but its country code is not in this list), UK, EA (Ceuta, Melilla), IC (Canary Islands),
 * CP (Clipperton, French), CQ (Sark, Bailiwick of Guernsey), FX (metropolitan France). Cloudflare sends none of
 * them today; a proxy or an operator's test header might. Source: https://www.iso.org/glossary-for-iso-3166.html
 */
export const RESERVED_CODES = ["EU", "UK", "EA", "IC", "CP", "CQ", "FX"] as const;

/** Every code the EU residency rule covers. */
export const RESIDENCY_COUNTRIES: readonly string[] = [
  ...EU_MEMBER_STATES,
  ...EU_TERRITORIES_WITH_OWN_CODE,
  ...EEA_EFTA_STATES,
  ...EU_EEA_TERRITORIES_OUTSIDE_EU_LAW,
  ...UK_AND_TERRITORIES,
  ...SWITZERLAND,
  ...RESERVED_CODES,
];

const covered = new Set(RESIDENCY_COUNTRIES);

/**
 * The country code routing should use. Cloudflare's `request.cf.isEUCountry` is an extra signal: when it says EU
 * but the code is one this list does not know (a geolocation change we have not reviewed), the request is treated
 * as `EU`, which the rule covers, instead of as unrestricted.
 */
export function residencyCountry(country: string | null, isEUCountry: unknown): string | null {
  if (isEUCountry === "1" && (country === null || !covered.has(country))) return "EU";
  return country;
}
