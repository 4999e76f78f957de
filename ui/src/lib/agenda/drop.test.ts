import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Session } from "../account/session.svelte";
import { BookingActionRunner } from "../bookings/actions.svelte";
import type { AgendaEvent } from "../ipc/bindings";
import { MockBackend } from "../ipc/mock-backend";
import { CLAIRE, NOW, account, eventOf, practice } from "../testing/practice";
import { sendDrop } from "./drop";

async function setUp(options: { offline?: boolean } = {}) {
  const backend = new MockBackend({ account, data: practice(), activity: [], ...options });
  const session = new Session(backend);
  await session.load();
  const runner = new BookingActionRunner(backend, session);
  const jeanne = eventOf(backend.data!.bookings.find((b) => b.id === "jeanne")!);
  return { backend, runner, jeanne };
}

const drop = (event: AgendaEvent, start: string) => {
  const revert = vi.fn();
  return { drop: { event, start, revert }, revert };
};

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("a booking dropped in the Agenda", () => {
  it("moves it to a free slot and leaves it there", async () => {
    const { backend, runner, jeanne } = await setUp();
    const { drop: dropped, revert } = drop(jeanne, "2026-11-26T15:30:00+01:00");

    expect(await sendDrop(backend, runner, dropped, "gone")).toBeNull();

    expect(revert).not.toHaveBeenCalled();
    expect(runner.result).toMatchObject({ kind: "applied" });
    expect((await backend.bookingDetails(CLAIRE, "jeanne"))?.start).toBe("2026-11-26T15:30:00+01:00");
  });

  it("puts it back and asks before moving it to a time that is not free", async () => {
    const { backend, runner, jeanne } = await setUp();
    const { drop: dropped, revert } = drop(jeanne, "2026-11-26T11:45:00+01:00");

    const question = await sendDrop(backend, runner, dropped, "gone");

    expect(revert).toHaveBeenCalledOnce();
    expect(question).toMatchObject({
      start: "2026-11-26T11:45:00+01:00",
      message: "11:45–12:30 chevauche un autre rendez-vous (12:00–12:30).",
      booking: { id: "jeanne", eventId: "jeanne" },
    });
    // Nothing to report yet: the question is the answer.
    expect(runner.result).toBeNull();
  });

  it("puts it back while the move waits for the connection", async () => {
    const { backend, runner, jeanne } = await setUp({ offline: true });
    const { drop: dropped, revert } = drop(jeanne, "2026-11-26T15:30:00+01:00");

    expect(await sendDrop(backend, runner, dropped, "gone")).toBeNull();

    expect(revert).toHaveBeenCalledOnce();
    expect(runner.result).toMatchObject({ kind: "queued" });
    expect(await backend.outboxItems()).toHaveLength(1);
  });

  it("puts back a booking the cache no longer has, saying so", async () => {
    const { backend, runner, jeanne } = await setUp();
    const { drop: dropped, revert } = drop({ ...jeanne, id: "deleted" }, "2026-11-26T15:30:00+01:00");

    expect(await sendDrop(backend, runner, dropped, "Ce rendez-vous n’est plus dans le cache")).toBeNull();

    expect(revert).toHaveBeenCalledOnce();
    expect(runner.result?.text).toContain("Ce rendez-vous n’est plus dans le cache");
    expect(backend.calls.some(([c]) => c === "booking_action")).toBe(false);
  });
});
