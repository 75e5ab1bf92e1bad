/**
 * Judging rules for festival programmes: pure functions, no I/O. Stores and routes build on these.
 * Import as `@hamdel/core/festival/judging`.
 */

export * from "./ageGroups";
export * from "./assignment";
export * from "./errors";
export * from "./progress";
export * from "./quotas";
export * from "./random";
export * from "./ranking";
export * from "./rounds";
export * from "./scoring";
