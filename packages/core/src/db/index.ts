export { db, resetDbClient, table } from "./client";
export { type IndexName, tableDefinition } from "./table";
export { cancellationCodes, transact } from "./transact";
