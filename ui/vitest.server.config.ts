import { defineConfig } from "vitest/config";

// The generated TypeScript client over HTTP against a running `rdv-server` (the real Rust over
// the demo sandbox). Run by scripts/browser-smoke.sh (`make browser-test`), which starts the
// server with a pinned clock and passes its address in RDV_SERVER_URL; never by `npm test`
// (these files are not `*.test.ts`). Node has no EventSource: only commands are tested here,
// the event stream is tested in Rust (crates/rdv-server/tests).
export default defineConfig({
  test: {
    environment: "node",
    include: ["smoke/**/*.smoke.ts"],
  },
});
