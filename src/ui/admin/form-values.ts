// Reading the console's forms: empty optional number fields mean "no limit of its own" (null).

/** A form field's trimmed text. */
export function text(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** A number field: null when empty, the number otherwise (the API validates the range and says which field). */
export function optionalNumber(form: HTMLFormElement, name: string): number | null {
  const value = text(form, name);
  return value === "" ? null : Number(value);
}
