import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { defineConfig } from "vitest/config";
import { fullCalendarStyles } from "./vite-plugins/fullcalendar-styles.ts";

// Tauri embeds `dist/` (see src-tauri/tauri.conf.json: frontendDist "../ui/dist",
// devUrl "http://localhost:1420"). Relative asset paths, no inline scripts:
// the app runs under a strict CSP (`script-src 'self'`).
export default defineConfig({
  plugins: [fullCalendarStyles(), svelte(), svelteTesting()],
  base: "./",
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // `npm run dev` in a plain browser: the UI's commands and events go to `rdv-server`
    // (crates/rdv-server, `make browser`), the real Rust over the demo sandbox. The `Host`
    // header stays `localhost:1420`, which rdv-server accepts.
    proxy: {
      "/api": "http://127.0.0.1:1421",
    },
  },
  // Pre-bundled dependencies skip plugins: keep FullCalendar out so its styles are bundled
  // in `vite dev` exactly as in the build (see vite-plugins/fullcalendar-styles.ts).
  optimizeDeps: {
    exclude: [
      "@fullcalendar/core",
      "@fullcalendar/daygrid",
      "@fullcalendar/timegrid",
      "@fullcalendar/interaction",
      "@fullcalendar/list",
      "@fullcalendar/luxon3",
    ],
    include: ["luxon"],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Inline assets would become data: URLs; keep every asset a file served by 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    // One chunk, read from disk by the webview: FullCalendar (with its interaction plugin),
    // luxon and Svelte make it larger than Vite's web-oriented 500 kB warning.
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    restoreMocks: true,
  },
});
