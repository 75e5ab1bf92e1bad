import { fileURLToPath } from "node:url";
import { defineConfig, type ProxyOptions } from "vite";
import solid from "vite-plugin-solid";

// The API runs separately (functions/src/local.ts, port 3000 unless HAMDEL_API_URL says otherwise).
// In development and preview the browser talks to Vite's origin and Vite forwards /api, so the
// session cookie stays first-party. The API accepts writes only from its own origin, so the proxy
// presents forwarded requests as coming from it: the dev server stands in for that origin.
const target = process.env.HAMDEL_API_URL ?? "http://127.0.0.1:3000";
const api: Record<string, ProxyOptions> = {
  "/api": {
    target,
    configure: (proxy) => {
      proxy.on("proxyReq", (req) => {
        if (req.getHeader("origin")) req.setHeader("origin", new URL(target).origin);
      });
    },
  },
};

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
