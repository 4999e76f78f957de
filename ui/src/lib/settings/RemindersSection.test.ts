import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { ReminderPrefs } from "../ipc/bindings";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { account, practice } from "../testing/practice";
import { renderView } from "../testing/render";
import RemindersSection from "./RemindersSection.svelte";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");

async function show(options: MockOptions = {}) {
  const backend = new MockBackend({ account, data: practice(), ...options });
  const rendered = await renderView(RemindersSection, backend);
  await screen.findByTestId("reminder-save");
  return { ...rendered, user: userEvent.setup() };
}

const chips = () => screen.queryAllByTestId("reminder-offset").map((chip) => chip.textContent?.trim());

function lastSaved(backend: MockBackend): ReminderPrefs {
  const saves = backend.calls.filter(([command]) => command === "set_reminder_prefs");
  expect(saves.length).toBeGreaterThan(0);
  return (saves[saves.length - 1][1] as { prefs: ReminderPrefs }).prefs;
}

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
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

  it("adds and removes reminders, then saves everything", async () => {
    const { backend, user } = await show();

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
    expect(lastSaved(backend)).toEqual({
      offsets: [120, 1440],
      quietStart: "20:00",
      quietEnd: "07:30",
      privacy: false,
      dailySummary: "07:45",
      alerts: false,
      dndUntil: null,
    });
    expect(backend.reminders.offsets).toEqual([120, 1440]);
    expect(screen.getByTestId("reminder-quiet-end")).toHaveValue("07:30");
  });

  it("adds a reminder typed but not added yet when saving", async () => {
    const { backend, user } = await show();

    await user.type(screen.getByTestId("reminder-offset-value"), "30");
    await user.click(screen.getByTestId("reminder-save"));

    await screen.findByTestId("reminder-saved");
    expect(lastSaved(backend).offsets).toEqual([10, 30]);
  });

  it("refuses a sixth reminder, a duplicate and a wrong number, saying why", async () => {
    const { user } = await show({
      reminders: { offsets: [5, 10, 15, 30, 60] },
    });

    await user.type(screen.getByTestId("reminder-offset-value"), "2{Enter}");
    expect(screen.getByTestId("reminder-error")).toHaveTextContent("Cinq rappels au plus par rendez-vous.");
    expect(chips()).toHaveLength(5);

    await user.click(screen.getAllByTestId("reminder-offset-remove")[0]);
    expect(screen.queryByTestId("reminder-error")).toBeNull();
    expect(chips()).toEqual(["10 min avant", "15 min avant", "30 min avant", "1 h avant"]);
    await user.clear(screen.getByTestId("reminder-offset-value"));
    await user.selectOptions(screen.getByTestId("reminder-offset-unit"), "hours");
    await user.type(screen.getByTestId("reminder-offset-value"), "1{Enter}");
    expect(screen.getByTestId("reminder-error")).toHaveTextContent("Ce rappel existe déjà.");

    await user.clear(screen.getByTestId("reminder-offset-value"));
    await user.type(screen.getByTestId("reminder-offset-value"), "8 jours{Enter}");
    expect(screen.getByTestId("reminder-error")).toHaveTextContent("Indiquez un nombre entier");
    expect(screen.getByTestId("reminder-offset-value")).toHaveFocus();
  });

  it("does not save quiet hours with one end, nor an impossible time", async () => {
    const { backend, user } = await show();

    await user.type(screen.getByTestId("reminder-quiet-start"), "20:00");
    await user.click(screen.getByTestId("reminder-save"));
    expect(await screen.findByTestId("reminder-error")).toHaveTextContent(
      "Indiquez le début et la fin des heures calmes",
    );
    expect(screen.getByTestId("reminder-quiet-end")).toHaveFocus();

    await user.type(screen.getByTestId("reminder-quiet-end"), "20:00");
    await user.click(screen.getByTestId("reminder-save"));
    expect(await screen.findByTestId("reminder-error")).toHaveTextContent("commencent et finissent à la même heure");

    await user.clear(screen.getByTestId("reminder-quiet-end"));
    await user.type(screen.getByTestId("reminder-quiet-end"), "25:00");
    await user.click(screen.getByTestId("reminder-save"));
    expect(await screen.findByTestId("reminder-error")).toHaveTextContent("Heure invalide");
    expect(screen.getByTestId("reminder-quiet-end")).toHaveAttribute("aria-invalid", "true");

    expect(backend.calls.map(([c]) => c)).not.toContain("set_reminder_prefs");
  });

  it("shows the backend's refusal as it comes", async () => {
    const backend = new MockBackend({ account, data: practice() });
    backend.setReminderPrefs = async () => {
      throw { code: "invalidInput", message: "Un rappel se donne entre 1 minute et 7 jours avant (0 min)." };
    };
    await renderView(RemindersSection, backend);
    const user = userEvent.setup();

    await user.click(await screen.findByTestId("reminder-save"));

    expect(await screen.findByTestId("reminder-error")).toHaveTextContent(
      "Les préférences n’ont pas été enregistrées : Un rappel se donne entre 1 minute et 7 jours avant (0 min).",
    );
  });

  it("turns « Ne pas déranger » on for an hour or until tomorrow, and off, keeping unsaved edits", async () => {
    const { backend, user } = await show();
    const status = screen.getByTestId("dnd-status");
    expect(status).toHaveTextContent("Désactivé");
    await user.click(screen.getByTestId("reminder-alerts"));

    await user.click(screen.getByTestId("dnd-hour"));
    await waitFor(() => expect(status).toHaveTextContent("Activé jusqu’à 10:00."));
    expect(status).toHaveAttribute("data-active", "true");

    await user.click(screen.getByTestId("dnd-tomorrow"));
    await waitFor(() => expect(status.textContent?.replace(/\u00a0/g, " ")).toContain("Activé jusqu’au ven. 27 nov. à 07:00."));
    expect(backend.reminders.dndUntil).toBe("2026-11-27T06:00:00Z");

    await user.click(screen.getByTestId("dnd-off"));
    await waitFor(() => expect(status).toHaveTextContent("Désactivé"));
    expect(backend.calls.filter(([c]) => c === "set_do_not_disturb").map(([, a]) => a)).toEqual([
      { choice: "oneHour" },
      { choice: "untilTomorrow" },
      { choice: "off" },
    ]);
    // The alerts box unticked before is still unticked (not saved yet).
    expect(screen.getByTestId("reminder-alerts")).not.toBeChecked();
  });

  it("says when the preferences cannot be read, and reads them again", async () => {
    const backend = new MockBackend({ account, data: practice() });
    const read = backend.reminderPrefs.bind(backend);
    backend.reminderPrefs = async () => {
      throw { code: "internal", message: "database is locked" };
    };
    await renderView(RemindersSection, backend);
    const user = userEvent.setup();

    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
    backend.reminderPrefs = read;
    await user.click(screen.getByRole("button", { name: "Réessayer" }));

    expect(await screen.findByTestId("reminder-save")).toBeInTheDocument();
  });

  it("speaks English", async () => {
    setLocale("en");
    await show({ reminders: { offsets: [90], dndUntil: "2026-11-26T09:00:00Z" } });

    expect(chips()).toEqual(["1 h 30 before"]);
    expect(screen.getByTestId("dnd-status")).toHaveTextContent("On until 10:00.");
  });
});
