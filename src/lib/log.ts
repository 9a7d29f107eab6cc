/** Structured JSON logs: one object per line, never secrets. */
type Fields = Record<string, unknown>;

function write(level: "info" | "warn" | "error", event: string, fields: Fields): void {
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  /** Routine events. */
  info: (event: string, fields: Fields = {}) => write("info", event, fields),
  /** Something degraded but handled (fallback, retry, bad config). */
  warn: (event: string, fields: Fields = {}) => write("warn", event, fields),
  /** Something broke. */
  error: (event: string, fields: Fields = {}) => write("error", event, fields),
};
