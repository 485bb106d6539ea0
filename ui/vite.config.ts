import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app is served by Tauri from ui/dist under a strict CSP
// (`default-src 'self'; style-src 'self'`), so nothing may be inlined or fetched remotely:
// no data: URIs for assets, CSS in a file, relative paths because the shell serves from its own
// protocol.
const host = process.env.TAURI_DEV_HOST;

export default defineConfig({
  base: "./",
  plugins: [svelte()],
  clearScreen: false,
  envPrefix: ["VITE_", "TAURI_ENV_"],
  server: {
    port: 5173,
    strictPort: true,
    host: host || false,
    hmr: host ? { protocol: "ws", host, port: 5174 } : undefined,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
});
