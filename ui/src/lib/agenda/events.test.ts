import { describe, expect, it } from "vitest";
import type { AgendaEvent } from "../ipc/bindings";
import { FALLBACK_COLOUR, toEventInput } from "./events";

const event = (kind: AgendaEvent["kind"]): AgendaEvent => ({
  id: `e-${kind}`,
  calendarId: "cal",
  kind,
  title: "Titre",
  start: "2026-11-26T09:00:00+01:00",
  end: "2026-11-26T09:45:00+01:00",
  allDay: false,
  appointmentType: kind === "booking" ? "consultation" : null,
  patientName: kind === "booking" ? "Jeanne Martin" : null,
  canEdit: kind === "booking",
  canMove: kind === "booking",
  appointment: kind === "booking" ? "marked" : null,
});

describe("toEventInput", () => {
  it("draws a booking as a solid, clickable block in its calendar's colour", () => {
    const input = toEventInput(event("booking"), "#3f51b5");
    expect(input).toMatchObject({
      backgroundColor: "#3f51b5",
      borderColor: "#3f51b5",
      textColor: "#ffffff",
      interactive: true,
      classNames: ["rdv-event", "rdv-booking"],
      extendedProps: { kind: "booking", calendarId: "cal", appointmentType: "consultation" },
    });
    expect(input.display).toBeUndefined();
    expect(input.title).toBe("Jeanne Martin · Consultation");
    expect(toEventInput(event("booking"), undefined).backgroundColor).toBe(FALLBACK_COLOUR);
  });

  it("draws availability as a background range, not a block that hides bookings", () => {
    const input = toEventInput(event("availability"), "#3f51b5");
    expect(input).toMatchObject({ display: "background", interactive: false });
    expect(input.backgroundColor).toBeUndefined();
    expect(input.classNames).toContain("rdv-availability");
  });

  it("draws other events without colour (grey outline from CSS) and not clickable", () => {
    const input = toEventInput(event("other"), "#3f51b5");
    expect(input).toMatchObject({ interactive: false, classNames: ["rdv-event", "rdv-other"] });
    expect(input.backgroundColor).toBeUndefined();
  });

  it("lets a booking be dragged only when allowed, never resized, and marks a pending edit", () => {
    expect(toEventInput(event("booking"), "#3f51b5")).toMatchObject({
      startEditable: false,
      durationEditable: false,
      extendedProps: { edit: null },
    });
    const moving = toEventInput(event("booking"), "#3f51b5", { draggable: true, edit: "failed" });
    expect(moving).toMatchObject({
      startEditable: true,
      durationEditable: false,
      classNames: ["rdv-event", "rdv-booking", "rdv-edit-failed"],
      extendedProps: { edit: "failed" },
    });
    // Nothing but bookings moves or carries an edit.
    expect(toEventInput(event("other"), undefined, { draggable: true, edit: "pending" })).toMatchObject({
      startEditable: false,
      classNames: ["rdv-event", "rdv-other"],
    });
  });

  it("flags an event whose end is not after its start in Google, and does not let it be dragged", () => {
    const flagged: AgendaEvent = {
      ...event("booking"),
      end: "2026-11-26T09:00:00+01:00",
      spanIssue: "endBeforeStart",
    };
    const input = toEventInput(flagged, "#3f51b5", { draggable: true });
    expect(input).toMatchObject({
      start: "2026-11-26T09:00:00+01:00",
      end: "2026-11-26T09:00:00+01:00",
      startEditable: false,
      classNames: ["rdv-event", "rdv-booking", "rdv-span-issue"],
    });
    expect(input.title).toBe(
      "⚠ Jeanne Martin · Consultation (Heure de fin à corriger dans Google Agenda)",
    );
    expect(toEventInput({ ...event("other"), spanIssue: "noLength" }, undefined).classNames).toContain(
      "rdv-span-issue",
    );
  });

  it("draws an event of the calendar's own that the backend counts as an appointment like a booking, dashed", () => {
    const own: AgendaEvent = { ...event("other"), title: "Séance M. Petit", appointment: "google" };
    const input = toEventInput(own, "#3f51b5", { draggable: true });
    expect(input).toMatchObject({
      title: "Séance M. Petit",
      backgroundColor: "#3f51b5",
      interactive: true,
      startEditable: false,
      classNames: ["rdv-event", "rdv-booking", "rdv-own"],
      extendedProps: { kind: "other", appointment: "google" },
    });
  });
});
