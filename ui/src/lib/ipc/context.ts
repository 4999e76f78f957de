import { createContext } from "svelte";
import type { Backend } from "./backend";

/**
 * The backend shared by every component below `App`: `setBackend` once in `App`,
 * `getBackend()` in any descendant (at component initialisation).
 */
export const [getBackend, setBackend] = createContext<Backend>();
