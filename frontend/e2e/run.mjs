// npm run e2e: build the web app and the tracker (the build checks their
// bundle budgets), embed them in a fresh Go binary, then run the browser
// tests. Fails when Chromium is missing.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const web = resolve(root, "frontend");
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: "inherit", env: { ...process.env, CGO_ENABLED: "0" } });

if (!existsSync("/usr/bin/chromium")) {
  console.error("/usr/bin/chromium is missing: install Debian's chromium (apt-get install chromium) to run the browser tests.");
  process.exit(1);
}
run("npm", ["run", "build"], web);
run("go", ["build", "-o", "bin/onefunnel-e2e", "."], root);
run("npx", ["playwright", "test", ...process.argv.slice(2)], web);
