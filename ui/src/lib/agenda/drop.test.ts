import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Session } from "../account/session.svelte";
import { BookingActionRunner } from "../bookings/actions.svelte";
import type { AgendaEvent, Booking } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedBackend, recordedError, type Routes } from "../ipc/recorded-transport";
import { sendDrop } from "./drop";

/** The demo practice's first booking of the week (Alice Blanc, Monday 09:00), as the agenda has it. */
const alice = recorded<Booking[]>("upcoming_bookings")[0];
const event = recorded<AgendaEvent[]>("agenda_events").find((e) => e.id === alice.id)!;

async function setUp(routes: Routes) {
  const { backend, transport } = recordedBackend(routes);
  const session = new Session(backend);
  await session.load();
  const runner = new BookingActionRunner(backend, session);
  return { backend, transport, runner };
}

const drop = (dropped: AgendaEvent, start: string) => {
  const revert = vi.fn();
  return { drop: { event: dropped, start, revert }, revert };
};

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("a booking dropped in the Agenda", () => {
  it("moves it to a free slot and leaves it there", async () => {
    const { backend, transport, runner } = await setUp({ booking_action: "bookings:booking_action/move" });
    const start = recorded<string[]>("bookings:move_options/wednesday")[1];
    const { drop: dropped, revert } = drop(event, start);

    expect(await sendDrop(backend, runner, dropped, "gone")).toBeNull();

    expect(revert).not.toHaveBeenCalled();
    expect(runner.result).toMatchObject({ kind: "applied" });
    expect(transport.callsTo("booking_action")).toEqual([
      { calendarId: alice.calendarId, eventId: alice.eventId, action: { kind: "move", start, force: false } },
    ]);
  });

  it("puts it back and asks before moving it to a time that is not free", async () => {
    const { backend, runner } = await setUp({ booking_action: "bookings:booking_action/move-not-free" });
    const { drop: dropped, revert } = drop(event, "2026-03-02T19:00:00+01:00");

    const question = await sendDrop(backend, runner, dropped, "gone");

    expect(revert).toHaveBeenCalledOnce();
    expect(question).toMatchObject({
      start: "2026-03-02T19:00:00+01:00",
      message: recordedError("bookings:booking_action/move-not-free").message,
      booking: { id: alice.id, eventId: alice.eventId },
    });
    // Nothing to report yet: the question is the answer.
    expect(runner.result).toBeNull();
  });

  it("puts it back while the move waits for the connection", async () => {
    const { backend, runner } = await setUp({ booking_action: "outbox:booking_action/queued" });
    const { drop: dropped, revert } = drop(event, "2026-03-04T14:20:00+01:00");

    expect(await sendDrop(backend, runner, dropped, "gone")).toBeNull();

    expect(revert).toHaveBeenCalledOnce();
    expect(runner.result).toMatchObject({ kind: "queued" });
  });

  it("puts back a booking the cache no longer has, saying so", async () => {
    const { backend, transport, runner } = await setUp({ booking_details: "bookings:booking_details/gone" });
    const { drop: dropped, revert } = drop({ ...event, id: "gone0000" }, "2026-03-04T14:20:00+01:00");

    expect(await sendDrop(backend, runner, dropped, "Ce rendez-vous n’est plus dans le cache")).toBeNull();

    expect(revert).toHaveBeenCalledOnce();
    expect(runner.result?.text).toContain("Ce rendez-vous n’est plus dans le cache");
    expect(transport.callsTo("booking_action")).toEqual([]);
  });
});
