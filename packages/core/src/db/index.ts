export { db, resetDbClient, table } from "./client";
export { type IndexName, tableDefinition } from "./table";
