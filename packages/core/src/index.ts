export * from "./error";
export * from "./actor";
export { config } from "./config";
