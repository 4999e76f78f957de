import type { Transport, Unlisten } from "./backend";
import { toIpcError } from "./backend";

/**
 * In a plain browser: the same commands over HTTP to `rdv-server`, which runs the same Rust use
 * cases (`rdv_app::api::dispatch`) over the embedded sandbox.
 * - `POST {base}/api/call` with `{command, params}` answers the command's JSON (200), or its
 *   `{code, message}` error (422);
 * - `GET {base}/api/events` is a stream of server-sent events named as the Tauri events.
 */
export function httpTransport(base: string, fetcher: typeof fetch = (...a) => fetch(...a)): Transport {
  let source: EventSource | undefined;
  let opened: Promise<void> | undefined;
  const events = () => {
    if (!source) {
      source = new EventSource(`${base}/api/events`);
      const s = source;
      opened = new Promise((resolve) => s.addEventListener("open", () => resolve(), { once: true }));
    }
    return source;
  };
  return {
    async call(command, params) {
      let response: Response;
      try {
        response = await fetcher(`${base}/api/call`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ command, params }),
        });
      } catch (reason) {
        throw {
          code: "offline",
          message: `rdv-server ne répond pas (${toIpcError(reason).message})`,
        };
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return body;
      throw toIpcError(body ?? { message: `HTTP ${response.status}` });
    },
    subscribe<T>(event: string, callback: (payload: T) => void): Unlisten {
      const listener = (e: Event) => {
        const data = (e as MessageEvent<string>).data;
        callback((data ? JSON.parse(data) : null) as T);
      };
      const s = events();
      s.addEventListener(event, listener);
      const stop = () => s.removeEventListener(event, listener);
      return Object.assign(stop, { ready: opened });
    },
  };
}
