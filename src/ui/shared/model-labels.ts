// Human names of the catalog's models (from /api/me or /api/models), for "Answered by …" notices.
const labels = new Map<string, string>();

/** Stores the catalog's names (called once the site or widget knows its plan's models). */
export function setModelLabels(entries: Record<string, string>): void {
  for (const [id, label] of Object.entries(entries)) labels.set(id, label);
}

/** A model's human name, or its id when the catalog did not name it. */
export function modelLabel(id: string): string {
  return labels.get(id) ?? id;
}
