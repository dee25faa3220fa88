import { defineConfig } from "vite";

// t.js, the tracker a website loads: one self-contained classic script (an
// IIFE, so document.currentScript finds its own tag and data-write-key), in
// dist/ beside the web app, with a stable name because sites embed the URL.
// It runs after the app's build, so it must not empty dist/.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    target: "es2019",
    lib: {
      entry: "src/tracker/index.ts",
      formats: ["iife"],
      name: "onefunnelTracker",
      fileName: () => "t.js",
    },
  },
});
