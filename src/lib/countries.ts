/** Country facts the region policy needs (ISO 3166-1 alpha-2 codes). */
import { EEA_EFTA_STATES, EU_MEMBER_STATES } from "./residency-territories.ts";

/** EU member states plus the EEA EFTA states (IS, LI, NO). Who the residency rule covers: residency-territories.ts. */
export const EU_EEA: ReadonlySet<string> = new Set([...EU_MEMBER_STATES, ...EEA_EFTA_STATES]);

const continents: Record<string, string[]> = {
  EU: [...EU_EEA, "GB", "CH", "UA", "RS", "BA", "AL", "MK", "ME", "MD", "BY", "RU", "TR", "AD", "MC", "SM", "VA"],
  NA: ["US", "CA", "MX", "GT", "CU", "DO", "HT", "HN", "NI", "CR", "PA", "JM", "PR", "SV", "BS", "TT"],
  SA: ["BR", "AR", "CL", "CO", "PE", "VE", "EC", "BO", "PY", "UY", "GY", "SR"],
  AS: [
    "CN",
    "JP",
    "KR",
    "KP",
    "IN",
    "ID",
    "PK",
    "BD",
    "PH",
    "VN",
    "TH",
    "MY",
    "SG",
    "HK",
    "TW",
    "IR",
    "IQ",
    "SA",
    "AE",
    "IL",
    "KZ",
    "SY",
    "QA",
    "KW",
    "OM",
    "JO",
    "LB",
    "NP",
    "LK",
    "MM",
    "KH",
    "LA",
    "MN",
    "AF",
    "UZ",
  ],
  AF: ["NG", "EG", "ZA", "KE", "ET", "GH", "MA", "DZ", "TN", "TZ", "UG", "SN", "CI", "CM", "AO", "SD", "ZW", "RW"],
  OC: ["AU", "NZ", "FJ", "PG", "WS", "TO"],
};

const continentByCountry = new Map<string, string>();
for (const [continent, countries] of Object.entries(continents)) {
  for (const country of countries) continentByCountry.set(country, continent);
}

/** The continent code (EU, NA, SA, AS, AF, OC) of a country, or null when unknown. */
export function continentOf(country: string): string | null {
  return continentByCountry.get(country.toUpperCase()) ?? null;
}
