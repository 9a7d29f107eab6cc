/**
 * The catalog models the format tests use: the ids (or documented aliases) for the same model with thinking off
 * and on. Both names keep working whichever catalog is in force, so the tests do not depend on it.
 */
export const plainModel = "deepseek-chat";
export const thinkingModel = "deepseek-reasoner";
