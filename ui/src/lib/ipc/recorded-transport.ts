import type { Backend, Transport, Unlisten } from "./backend";
import { backendOver } from "./backend";
import type { IpcError } from "./bindings";
import type { CommandName } from "./commands";

/**
 * A transport for component tests that answers with what the Rust use cases answered: the demo
 * practice at a pinned instant, recorded through `rdv_app::api::dispatch` by
 * `crates/rdv-app/tests/app/fixtures.rs` into `fixtures/demo.json` (the Rust test fails when the
 * committed recording drifts). Nothing here computes an answer: a test picks which recorded
 * answer a command gets, never writes one. Only tests import this module, so it never ships.
 */

/** One recorded call. */
interface Recorded {
  command: CommandName;
  params: Record<string, unknown>;
  ok?: unknown;
  err?: IpcError;
}

/** A recorded world (`fixtures/<world>.json`). */
interface World {
  instant: string;
  calls: Record<string, Recorded>;
}

const WORLDS = import.meta.glob<World>("./fixtures/*.json", { eager: true, import: "default" });

/** Every recorded answer, by label (labels are unique across worlds). */
const CALLS: Record<string, Recorded> = {};
for (const [file, world] of Object.entries(WORLDS)) {
  for (const [label, entry] of Object.entries(world.calls)) {
    if (label in CALLS) throw new Error(`label "${label}" recorded twice (${file})`);
    CALLS[label] = entry;
  }
}

/** The instant the answers were recorded at (a Monday, 09:00 in Paris): set the test clock to it. */
export const RECORDED_AT = new Date(Object.values(WORLDS)[0]?.instant ?? 0);

/** The label of a recorded answer (`upcoming_bookings`, `upcoming_bookings/after-cancel`…). */
export type Label = string;

/**
 * Which recorded answer a command gets: a label, or labels for successive calls (the last one
 * repeats).
 */
export type Routes = Partial<Record<CommandName, Label | Label[]>>;

/** The answer recorded under `label` (a copy), for a test's expectations. */
export function recorded<T = unknown>(label: Label): T {
  const entry = CALLS[label];
  if (!entry) throw new Error(`no recorded answer "${label}"`);
  if (entry.err) throw new Error(`"${label}" is a recorded error: use recordedError`);
  return structuredClone(entry.ok) as T;
}

/** The error recorded under `label`. */
export function recordedError(label: Label): IpcError {
  const entry = CALLS[label];
  if (!entry?.err) throw new Error(`no recorded error "${label}"`);
  return { ...entry.err };
}

/** A call the UI made. */
export interface SentCall {
  command: CommandName;
  params: Record<string, unknown>;
}

export class RecordedTransport implements Transport {
  /** Every call the UI made, in order. */
  readonly sent: SentCall[] = [];
  private readonly routes: Map<CommandName, Label[]>;
  private readonly counts = new Map<CommandName, number>();
  private readonly held = new Map<CommandName, Promise<void>>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  /** By default a command gets the answer recorded under its own name. */
  constructor(routes: Routes = {}) {
    this.routes = new Map(
      Object.entries(routes).map(([command, labels]) => [
        command as CommandName,
        Array.isArray(labels) ? labels : [labels as Label],
      ]),
    );
  }

  /** Routes `command` to other recorded answers from now on (counting its calls afresh). */
  route(command: CommandName, labels: Label | Label[]): void {
    this.routes.set(command, Array.isArray(labels) ? labels : [labels]);
    this.counts.set(command, 0);
  }

  /**
   * Keeps `command`'s answers pending until the returned function is called (to see progress
   * and disabled states, without timers).
   */
  hold(command: CommandName): () => void {
    let release = () => {};
    this.held.set(command, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.held.delete(command);
      release();
    };
  }

  /** The calls made to `command`, with their arguments. */
  callsTo(command: CommandName): Record<string, unknown>[] {
    return this.sent.filter((s) => s.command === command).map((s) => s.params);
  }

  call = async (command: CommandName, params: Record<string, unknown>): Promise<unknown> => {
    this.sent.push({ command, params: structuredClone(params) });
    const labels = this.routes.get(command) ?? [command as Label];
    const n = this.counts.get(command) ?? 0;
    this.counts.set(command, n + 1);
    const label = labels[Math.min(n, labels.length - 1)];
    const entry = CALLS[label];
    if (!entry) {
      throw new Error(
        `no recorded answer "${label}" for ${command}: add a step to crates/rdv-app/tests/app/fixtures.rs and run make bindings`,
      );
    }
    if (entry.command !== command) throw new Error(`"${label}" was recorded for ${entry.command}, not ${command}`);
    await this.held.get(command);
    if (entry.err) throw { ...entry.err };
    return structuredClone(entry.ok);
  };

  subscribe<T>(event: string, callback: (payload: T) => void): Unlisten {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const listener = callback as (payload: unknown) => void;
    set.add(listener);
    return Object.assign(() => void set.delete(listener), { ready: Promise.resolve() });
  }

  /** Delivers an app event to the UI, as the Rust core pushes it. */
  emit(event: string, payload: unknown = null): void {
    for (const listener of this.listeners.get(event) ?? []) listener(structuredClone(payload));
  }
}

/** A backend over recorded answers, and its transport (to route, hold, emit and inspect). */
export function recordedBackend(routes: Routes = {}): { backend: Backend; transport: RecordedTransport } {
  const transport = new RecordedTransport(routes);
  return { backend: backendOver(transport), transport };
}
