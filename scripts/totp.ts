// Prints the current TOTP code of a demo staff account (local demo only).
import { TOTP } from "otpauth";
import { demoStaff } from "../packages/local/src/seed";

const username = process.argv[2];
const account = demoStaff.find((s) => s.username === username);
if (!account) {
  console.error(`Unknown demo account. One of: ${demoStaff.map((s) => s.username).join(", ")}`);
  process.exit(1);
}
console.log(new TOTP({ secret: account.totpSecret }).generate());
