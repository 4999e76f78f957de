/** Tests only: render one view on a {@link MockBackend}, as `App` would. */
import { render } from "@testing-library/svelte";
import type { Component } from "svelte";
import { Session } from "../account/session.svelte";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { AppLock } from "../lock/app-lock.svelte";
import Providers from "./Providers.svelte";

/** Renders `view` with a started session; returns the backend, session and lock to assert on. */
export async function renderView(view: Component, options: MockOptions | MockBackend = {}) {
  const backend = options instanceof MockBackend ? options : new MockBackend(options);
  const session = new Session(backend);
  const lock = new AppLock(backend);
  const stop = session.listen();
  await Promise.all([session.load(), lock.load()]);
  const result = render(Providers, { backend, session, lock, view });
  return { backend, session, lock, stop, ...result };
}
