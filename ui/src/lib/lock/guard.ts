import { toIpcError, type Backend } from "../ipc/backend";

/**
 * The backend, seen through a watch for `appLocked`: whichever command is refused because the
 * app is locked (the Rust core refuses every personal-data command then), `onLocked` is called
 * so the lock screen shows — the rejection still reaches the caller unchanged.
 */
export function watchAppLocked(backend: Backend, onLocked: () => void): Backend {
  return new Proxy(backend, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((reason: unknown) => {
          if (toIpcError(reason).code === "appLocked") onLocked();
          throw reason;
        });
      };
    },
  });
}
