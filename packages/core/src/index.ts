export * from "./actor";
export {
  type AuditEntry,
  type AuditInput,
  type AuditSubject,
  auditItem,
  listAudit,
  type TransactItem,
  writeAudit,
} from "./audit";
export { config } from "./config";
export * from "./error";
