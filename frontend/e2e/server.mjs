// Starts the built binary on a fresh SQLite database in a temporary directory,
// removed when the server stops. Playwright's webServer runs this.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const port = process.argv[2] ?? "18190";
const bin = resolve(import.meta.dirname, "../../bin/onefunnel-e2e");
const dir = mkdtempSync(join(tmpdir(), "onefunnel-e2e-"));
const child = spawn(bin, ["serve", "--addr", `127.0.0.1:${port}`, "--data-dir", dir, "--log-level", "warn"], { stdio: "inherit" });
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
