import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

// The API runs separately (functions/src/local.ts on port 3000); in development and preview the
// browser talks to Vite's origin and Vite forwards /api, so cookies stay first-party and the
// API's Origin check sees the same origin it would see behind CloudFront.
const api = { "/api": { target: "http://127.0.0.1:3000", changeOrigin: false } };

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [solid()],
  server: { proxy: api },
  preview: { proxy: api },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
});
