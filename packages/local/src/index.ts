export { checkJava, JAVA_INSTALL_HINT, startDynamoLocal } from "./dynamo";
export { assertPortFree, freePort } from "./ports";
export { ensureTable } from "./provision";
export { startS3Local } from "./s3";
export { applyEnv, type LocalStores, type StackEnv, startStores } from "./stack";
