// Measures the JavaScript a browser downloads, gzipped, and fails past a
// budget, so a heavy import is caught in CI:
// - the web app's first paint: the entry script of index.html and the chunks
//   it preloads (250 KB);
// - t.js, the tracker every page of a customer's site loads (4 KB).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { resolve } from "node:path";

const dist = resolve(import.meta.dirname, "../dist");
const gz = (f) => gzipSync(readFileSync(resolve(dist, f)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
let failed = false;

function check(label, files, budget) {
  let total = 0;
  for (const f of files) {
    const n = gz(f);
    total += n;
    console.log(`${kb(n)}  ${f}`);
  }
  console.log(`${kb(total)}  ${label}, gzipped (budget ${budget / 1024} KB)`);
  if (files.length === 0 || total > budget) {
    console.error(files.length === 0 ? `${label}: no files found` : `${label}: over budget`);
    failed = true;
  }
}

const html = readFileSync(resolve(dist, "index.html"), "utf8");
check("initial JavaScript", [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]), 250 * 1024);
check("tracker", ["t.js"], 4 * 1024);
if (failed) process.exit(1);
