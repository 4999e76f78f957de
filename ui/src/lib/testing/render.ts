/** Tests only: render one view as `App` would, on answers recorded from the Rust core. */
import { render } from "@testing-library/svelte";
import type { Component } from "svelte";
import { Session } from "../account/session.svelte";
import type { Backend } from "../ipc/backend";
import { recordedBackend, type Routes } from "../ipc/recorded-transport";
import { AppLock } from "../lock/app-lock.svelte";
import Providers from "./Providers.svelte";

async function mount(view: Component, backend: Backend) {
  const session = new Session(backend);
  const lock = new AppLock(backend);
  const stop = session.listen();
  await Promise.all([session.load(), lock.load()]);
  const result = render(Providers, { backend, session, lock, view });
  return { session, lock, stop, ...result };
}

/**
 * Renders `view` with a started session over the recorded answers
 * (`ui/src/lib/ipc/fixtures/`, see `recorded-transport.ts`); `routes` picks which recorded answer
 * a command gets. Returns the transport (to route, hold, emit and read what was sent), the
 * backend, session and lock.
 */
export async function renderRecorded(view: Component, routes: Routes = {}) {
  const { backend, transport } = recordedBackend(routes);
  return { backend, transport, ...(await mount(view, backend)) };
}

/**
 * Renders `view` again on the backend of an earlier {@link renderRecorded} (what the app keeps
 * across a visit to another view, such as unsaved drafts, is kept by backend).
 */
export async function renderRecordedAgain(view: Component, backend: Backend) {
  return mount(view, backend);
}
