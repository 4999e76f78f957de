import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { ReminderPrefs } from "../ipc/bindings";
import { RECORDED_AT, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import RemindersSection from "./RemindersSection.svelte";

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(RemindersSection, { reminder_prefs: "settings:reminder_prefs", ...routes });
  await screen.findByTestId("reminder-save");
  return { ...rendered, user: userEvent.setup() };
}

const chips = () => screen.queryAllByTestId("reminder-offset").map((chip) => chip.textContent?.trim());

/** What the UI sent to `set_reminder_prefs` last. */
function lastSent(sent: Record<string, unknown>[]): ReminderPrefs {
  expect(sent.length).toBeGreaterThan(0);
  return sent[sent.length - 1].prefs as ReminderPrefs;
}

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("Réglages → Rappels et notifications", () => {
  it("shows the saved preferences: 10 min before, discreet mode and alerts on", async () => {
    await show();

    const section = screen.getByTestId("settings-reminders");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("Rappels et notifications");
    expect(chips()).toEqual(["10 min avant"]);
    expect(screen.getByTestId("reminder-privacy")).toBeChecked();
    expect(screen.getByTestId("reminder-alerts")).toBeChecked();
    expect(screen.getByTestId("reminder-quiet-start")).toHaveValue("");
    expect(screen.getByTestId("reminder-summary")).toHaveValue("");
    // The privacy mode says why.
    expect(section).toHaveTextContent(
      "L’écran peut être vu par les patients : les notifications et l’icône n’affichent que l’heure et le motif",
    );
    // The test notification is still there.
    expect(screen.getByTestId("test-notification")).toBeInTheDocument();
  });

  it("adds and removes reminders, then saves everything and shows what was saved", async () => {
    const { transport, user } = await show({ set_reminder_prefs: "settings:set_reminder_prefs" });

    await user.type(screen.getByTestId("reminder-offset-value"), "2");
    await user.selectOptions(screen.getByTestId("reminder-offset-unit"), "hours");
    await user.click(screen.getByTestId("reminder-offset-add"));
    // Still in hours: 24 h is a day.
    await user.type(screen.getByTestId("reminder-offset-value"), "24{Enter}");
    expect(chips()).toEqual(["10 min avant", "2 h avant", "1 j avant"]);

    await user.click(within(screen.getAllByTestId("reminder-offset")[0]).getByRole("button", {
      name: "Retirer le rappel «\u00a010 min avant\u00a0»",
    }));
    await user.type(screen.getByTestId("reminder-quiet-start"), "20h");
    await user.type(screen.getByTestId("reminder-quiet-end"), "7h30");
    await user.click(screen.getByTestId("reminder-privacy"));
    await user.click(screen.getByTestId("reminder-alerts"));
    await user.type(screen.getByTestId("reminder-summary"), "07:45");
    await user.click(screen.getByTestId("reminder-save"));

    expect(await screen.findByTestId("reminder-saved")).toHaveTextContent("Préférences enregistrées.");
    expect(lastSent(transport.callsTo("set_reminder_prefs"))).toEqual({
      offsets: [120, 1440],
      quietStart: "20:00",
      quietEnd: "07:30",
      privacy: false,
      dailySummary: "07:45",
      alerts: false,
      dndUntil: null,
    });
    expect(chips()).toEqual(["2 h avant", "1 j avant"]);
    expect(screen.getByTestId("reminder-quiet-end")).toHaveValue("07:30");
  });

  it("adds a reminder typed but not added yet when saving", async () => {
    const { transport, user } = await show({ set_reminder_prefs: "settings:set_reminder_prefs/typed" });

    await user.type(screen.getByTestId("reminder-offset-value"), "30");
    await user.click(screen.getByTestId("reminder-save"));

    await screen.findByTestId("reminder-saved");
    expect(lastSent(transport.callsTo("set_reminder_prefs")).offsets).toEqual([10, 30]);
  });

  it("says at once when the reminder typed is not a whole number, with the focus on it", async () => {
    const { transport, user } = await show();

    await user.type(screen.getByTestId("reminder-offset-value"), "8 jours{Enter}");
    expect(screen.getByTestId("reminder-error")).toHaveTextContent("Indiquez un nombre entier");
    expect(screen.getByTestId("reminder-offset-value")).toHaveFocus();
    expect(chips()).toEqual(["10 min avant"]);
    expect(transport.callsTo("set_reminder_prefs")).toEqual([]);
  });

  it("shows the core's refusal of a sixth reminder, keeping the form as typed", async () => {
    const { transport, user } = await show({ set_reminder_prefs: "settings:set_reminder_prefs/six" });

    for (const minutes of ["2", "5", "15", "30", "60"]) {
      await user.type(screen.getByTestId("reminder-offset-value"), `${minutes}{Enter}`);
    }
    await user.click(screen.getByTestId("reminder-save"));

    expect(await screen.findByTestId("reminder-error")).toHaveTextContent(
      `Les préférences n’ont pas été enregistrées : ${recordedError("settings:set_reminder_prefs/six").message}`,
    );
    expect(lastSent(transport.callsTo("set_reminder_prefs")).offsets).toEqual([2, 5, 10, 15, 30, 60]);
    expect(chips()).toHaveLength(6);
  });

  it("does not send an impossible time, and shows the core's word on quiet hours", async () => {
    const { transport, user } = await show({ set_reminder_prefs: "settings:set_reminder_prefs/quiet-one-end" });

    await user.type(screen.getByTestId("reminder-quiet-end"), "25:00");
    await user.click(screen.getByTestId("reminder-save"));
    expect(await screen.findByTestId("reminder-error")).toHaveTextContent("Heure invalide");
    expect(screen.getByTestId("reminder-quiet-end")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("reminder-quiet-end")).toHaveFocus();
    expect(transport.callsTo("set_reminder_prefs")).toEqual([]);

    await user.clear(screen.getByTestId("reminder-quiet-end"));
    await user.type(screen.getByTestId("reminder-quiet-start"), "20:00");
    await user.click(screen.getByTestId("reminder-save"));
    expect(await screen.findByTestId("reminder-error")).toHaveTextContent(
      recordedError("settings:set_reminder_prefs/quiet-one-end").message,
    );
    expect(lastSent(transport.callsTo("set_reminder_prefs"))).toMatchObject({ quietStart: "20:00", quietEnd: null });
  });

  it("turns « Ne pas déranger » on for an hour or until tomorrow, and off, keeping unsaved edits", async () => {
    const { transport, user } = await show({
      set_do_not_disturb: [
        "settings:set_do_not_disturb/one-hour",
        "settings:set_do_not_disturb/until-tomorrow",
        "settings:set_do_not_disturb/off",
      ],
    });
    const status = screen.getByTestId("dnd-status");
    expect(status).toHaveTextContent("Désactivé");
    await user.click(screen.getByTestId("reminder-alerts"));

    await user.click(screen.getByTestId("dnd-hour"));
    await waitFor(() => expect(status).toHaveTextContent("Activé jusqu’à 10:00."));
    expect(status).toHaveAttribute("data-active", "true");

    await user.click(screen.getByTestId("dnd-tomorrow"));
    await waitFor(() => expect(status.textContent?.replace(/\u00a0/g, " ")).toContain("Activé jusqu’au mar. 3 mars à 07:00."));

    await user.click(screen.getByTestId("dnd-off"));
    await waitFor(() => expect(status).toHaveTextContent("Désactivé"));
    expect(transport.callsTo("set_do_not_disturb")).toEqual([
      { choice: "oneHour" },
      { choice: "untilTomorrow" },
      { choice: "off" },
    ]);
    // The alerts box unticked before is still unticked (not saved yet).
    expect(screen.getByTestId("reminder-alerts")).not.toBeChecked();
  });

  it("speaks English", async () => {
    setLocale("en");
    await show({ reminder_prefs: "settings:reminder_prefs/90-dnd" });

    expect(chips()).toEqual(["1 h 30 before"]);
    expect(screen.getByTestId("dnd-status")).toHaveTextContent("On until 10:00.");
  });
});

