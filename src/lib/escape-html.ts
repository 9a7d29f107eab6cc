/** Text safe to place in HTML content or a quoted attribute: the five special characters as numeric references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
