import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { AccountState, AppointmentType, PracticeConfig } from "../ipc/bindings";
import { LINKED_EMAIL, demoData } from "../ipc/demo-data";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { renderView } from "../testing/render";
import AvailabilityView from "./AvailabilityView.svelte";
import { emptyConfig } from "./model";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const account: AccountState = { state: "linked", email: LINKED_EMAIL, demo: false };
const COLLEAGUE = "cabinet.martin.kine@gmail.com";

const type = (id: string, name: string, more: Partial<AppointmentType> = {}): AppointmentType => ({
  id,
  name,
  durationMinutes: 30,
  colour: "#1E88E5",
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  bookableOnline: true,
  ...more,
});

/** Monday and Thursday mornings, Tuesday afternoon; a consultation and a phone-only assessment. */
function practice(): PracticeConfig {
  return {
    ...emptyConfig(),
    appointmentTypes: [
      type("consultation", "Consultation"),
      type("bilan", "Bilan", { durationMinutes: 60, colour: "#8E24AA", bookableOnline: false }),
    ],
    templates: [
      {
        id: "semaine",
        name: "Semaine type",
        weeks: "toutes",
        ranges: [
          { days: ["lundi", "jeudi"], start: "09:00", end: "12:00" },
          { days: ["mardi"], start: "14:00", end: "16:00", types: ["consultation"] },
        ],
      },
    ],
  };
}

async function show(options: MockOptions = {}) {
  const backend = new MockBackend({ account, now: () => new Date(), ...options });
  const rendered = await renderView(AvailabilityView, backend);
  await screen.findByTestId("availability-status");
  return { ...rendered, user: userEvent.setup() };
}

/** The last configuration sent to `save_availability`. */
function lastSaved(backend: MockBackend): PracticeConfig {
  const saves = backend.calls.filter(([command]) => command === "save_availability");
  expect(saves.length).toBeGreaterThan(0);
  return (saves[saves.length - 1][1] as { config: PracticeConfig }).config;
}

const savedPractice = { [LINKED_EMAIL]: { config: practice(), published: true } };

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("Disponibilités", () => {
  it("welcomes a user without an account", async () => {
    await renderView(AvailabilityView);
    const view = screen.getByTestId("view-availability");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Disponibilités");
    expect(within(view).getByTestId("onboarding")).toBeInTheDocument();
  });

  it("says so when the account edits no calendar's availability", async () => {
    const data = demoData(NOW, LINKED_EMAIL);
    data.calendars = data.calendars.map((c) => ({ ...c, accessRole: "reader" as const }));
    await renderView(AvailabilityView, { account, data });
    expect(await screen.findByTestId("empty-state")).toHaveTextContent(
      "Aucun agenda dont vous gérez les disponibilités",
    );
  });

  it("shows the weekly template on a Monday-to-Sunday grid, in the types' colours, and the publish status", async () => {
    await show({ availability: savedPractice });

    expect(screen.getByTestId("availability-status")).toHaveTextContent(/^Publié le 25 nov\. 2026/);
    expect(screen.getByTestId("availability-tab-week")).toHaveAttribute("aria-selected", "true");
    const grid = screen.getByTestId("week-grid");
    const headers = [...grid.querySelectorAll(".fc-col-header-cell")].map((th) => th.textContent);
    expect(headers).toEqual(["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]);
    const labels = [...grid.querySelectorAll(".fc-timegrid-slot-label-cushion")].map((l) => l.textContent);
    expect(labels[0]).toBe("07:00");
    expect(labels).toContain("20:00");
    const tuesday = await screen.findByTestId("range-block-1-mardi");
    expect(tuesday).toHaveTextContent("14:00 - 16:00");
    expect(tuesday).toHaveTextContent("Consultation");
    expect(tuesday).toHaveStyle({ backgroundColor: "#1E88E5" });
    expect(screen.getByTestId("range-block-0-jeudi")).toHaveTextContent("Tous les motifs");
  });
});

describe("unsaved edits", () => {
  it("are still there after a visit to another view", async () => {
    const { backend, unmount, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("template-weeks-paires"));
    unmount();

    await renderView(AvailabilityView, backend);
    expect(await screen.findByTestId("availability-dirty")).toHaveTextContent("Modifications non enregistrées");
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();
  });

  it("are given up only after a confirmation when switching calendars", async () => {
    const { user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("template-weeks-paires"));

    await user.selectOptions(screen.getByTestId("availability-calendar"), COLLEAGUE);
    expect(screen.getByTestId("calendar-switch-dialog")).toHaveAttribute("open");
    await user.click(screen.getByTestId("calendar-switch-dialog-cancel"));
    expect(screen.getByTestId("availability-calendar")).toHaveValue(LINKED_EMAIL);
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();

    await user.selectOptions(screen.getByTestId("availability-calendar"), COLLEAGUE);
    await user.click(screen.getByTestId("calendar-switch-dialog-confirm"));
    expect(await screen.findByTestId("availability-role-notice")).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("availability-calendar"), LINKED_EMAIL);
    await waitFor(() => expect(screen.getByTestId("template-weeks-toutes")).toBeChecked());
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
  });
});

describe("Motifs", () => {
  it("adds a type after checking its fields, with an id made from its name", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-tab-types"));
    await user.click(screen.getByTestId("type-add"));

    await user.clear(screen.getByTestId("type-duration"));
    await user.type(screen.getByTestId("type-duration"), "0");
    await user.clear(screen.getByTestId("type-buffer-after"));
    await user.type(screen.getByTestId("type-buffer-after"), "-5");
    await user.click(screen.getByTestId("type-save"));
    expect(screen.getByTestId("type-name-error")).toHaveTextContent("Donnez un nom au motif.");
    expect(screen.getByTestId("type-duration-error")).toHaveTextContent("Au moins 1.");
    expect(screen.getByTestId("type-buffer-after-error")).toHaveTextContent("0 ou plus.");
    expect(screen.queryByTestId("type-row-premiere-consultation")).toBeNull();

    await user.type(screen.getByTestId("type-name"), "Première consultation");
    expect(screen.getByText("Identifiant : premiere-consultation", { normalizer: (s) => s.replace(/\s+/g, " ") })).toBeInTheDocument();
    await user.clear(screen.getByTestId("type-duration"));
    await user.type(screen.getByTestId("type-duration"), "45");
    await user.clear(screen.getByTestId("type-buffer-after"));
    await user.type(screen.getByTestId("type-buffer-after"), "15");
    await user.type(screen.getByTestId("type-interval"), "15");
    await user.type(screen.getByTestId("type-max-per-day"), "2");
    await user.click(screen.getByTestId("type-save"));

    const row = screen.getByTestId("type-row-premiere-consultation");
    expect(row).toHaveTextContent("Première consultation");
    expect(row).toHaveTextContent("45 min");
    expect(screen.getByTestId("availability-dirty")).toHaveTextContent("Modifications non enregistrées");

    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() => expect(screen.queryByTestId("availability-dirty")).toBeNull());
    expect(lastSaved(backend).appointmentTypes[2]).toEqual({
      id: "premiere-consultation",
      name: "Première consultation",
      durationMinutes: 45,
      colour: "#43A047",
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      minNoticeMinutes: 0,
      slotIntervalMinutes: 15,
      maxPerDay: 2,
      bookableOnline: true,
    });
  });

  it("edits a type and keeps its id", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-tab-types"));
    await user.click(screen.getByTestId("type-edit-bilan"));
    expect(screen.getByTestId("type-name")).toHaveValue("Bilan");
    expect(screen.getByTestId("type-online")).not.toBeChecked();

    await user.clear(screen.getByTestId("type-name"));
    await user.type(screen.getByTestId("type-name"), "Bilan complet");
    await user.clear(screen.getByTestId("type-duration"));
    await user.type(screen.getByTestId("type-duration"), "90");
    await user.click(screen.getByTestId("type-save"));
    expect(screen.getByTestId("type-row-bilan")).toHaveTextContent("Bilan complet");
    expect(screen.getByTestId("type-phone-only-bilan")).toHaveTextContent("Par téléphone uniquement");

    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(lastSaved(backend).appointmentTypes[1]).toMatchObject({ id: "bilan", name: "Bilan complet", durationMinutes: 90 }));
  });

  it("asks before deleting a type, naming the ranges that use it", async () => {
    const { user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-tab-types"));
    await user.click(screen.getByTestId("type-delete-consultation"));

    const dialog = screen.getByTestId("type-delete-dialog");
    expect(dialog).toHaveTextContent("Supprimer le motif « Consultation » ?");
    expect(within(dialog).getByTestId("type-delete-uses")).toHaveTextContent(
      /Semaine type : mardi, 14:00 – 16:00.*réservée à ce motif, elle sera supprimée/,
    );
    await user.click(within(dialog).getByTestId("type-delete-dialog-cancel"));
    expect(screen.getByTestId("type-row-consultation")).toBeInTheDocument();

    await user.click(screen.getByTestId("type-delete-consultation"));
    await user.click(screen.getByTestId("type-delete-dialog-confirm"));
    expect(screen.queryByTestId("type-row-consultation")).toBeNull();
    await user.click(screen.getByTestId("availability-tab-week"));
    // The Tuesday range was for the consultation only: it went with it.
    expect(screen.queryByTestId("range-row-1")).toBeNull();
  });
});

describe("Semaine type", () => {
  it("adds a range through the form, with its days, hours and types", async () => {
    const { backend, user } = await show({
      availability: { [LINKED_EMAIL]: { config: { ...practice(), templates: [] } } },
    });

    await user.click(screen.getByTestId("range-add"));
    await user.click(screen.getByTestId("range-save"));
    expect(screen.getByText("Cochez au moins un jour.")).toBeInTheDocument();

    await user.click(screen.getByTestId("range-day-mercredi"));
    await user.click(screen.getByTestId("range-day-lundi"));
    await user.type(screen.getByTestId("range-start"), "14h");
    await user.type(screen.getByTestId("range-end"), "9:00");
    await user.click(screen.getByTestId("range-save"));
    expect(screen.getByText(/La fin doit être après le début/)).toBeInTheDocument();

    await user.clear(screen.getByTestId("range-end"));
    await user.type(screen.getByTestId("range-end"), "18:30");
    await user.click(screen.getByTestId("range-types-some"));
    await user.click(screen.getByTestId("range-type-bilan"));
    await user.click(screen.getByTestId("range-save"));

    expect(screen.queryByTestId("range-add-form")).toBeNull();
    expect(await screen.findByTestId("range-block-0-mercredi")).toHaveTextContent("14:00 - 18:30");
    expect(screen.getByTestId("range-row-0")).toHaveTextContent("lundi, mercredi");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(backend).templates).toEqual([
        {
          id: "semaine-type",
          name: "Semaine type",
          weeks: "toutes",
          ranges: [{ days: ["lundi", "mercredi"], start: "14:00", end: "18:30", types: ["consultation"] }],
        },
      ]),
    );
  });

  it("edits one day of a range from its block, and deletes a range", async () => {
    const { backend, user } = await show({ availability: savedPractice });

    await user.click(await screen.findByTestId("range-block-0-jeudi"));
    const dialog = screen.getByTestId("range-dialog");
    expect(within(dialog).getByTestId("range-edit-start")).toHaveValue("09:00");
    await user.click(within(dialog).getByTestId("range-scope-day"));
    await user.clear(within(dialog).getByTestId("range-edit-end"));
    await user.type(within(dialog).getByTestId("range-edit-end"), "11h");
    await user.click(within(dialog).getByTestId("range-dialog-save"));

    // Thursday left the range for one of its own, after it: the Tuesday range is now third.
    expect(screen.getByTestId("range-row-1")).toHaveTextContent("jeudi09:00 – 11:00");
    expect(screen.getByTestId("range-row-2")).toHaveTextContent("mardi");
    await user.click(screen.getByTestId("range-edit-2"));
    await user.click(within(screen.getByTestId("range-dialog")).getByTestId("range-dialog-delete"));

    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(backend).templates[0].ranges).toEqual([
        { days: ["lundi"], start: "09:00", end: "12:00" },
        { days: ["jeudi"], start: "09:00", end: "11:00" },
      ]),
    );
  });

  it("copies a day's ranges to other days", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("day-copy"));
    await user.selectOptions(screen.getByTestId("copy-from"), "mardi");
    await user.click(screen.getByTestId("copy-to-vendredi"));
    await user.click(screen.getByTestId("copy-apply"));

    expect(await screen.findByTestId("range-block-1-vendredi")).toHaveTextContent("14:00 - 16:00");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(backend).templates[0].ranges[1]).toEqual({
        days: ["mardi", "vendredi"],
        start: "14:00",
        end: "16:00",
        types: ["consultation"],
      }),
    );
  });

  it("alternates weeks: odd weeks for one template, even weeks for a second one", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    expect(screen.getByTestId("week-parity-hint")).toHaveTextContent("semaine 48 (paire)");

    await user.click(screen.getByTestId("template-weeks-impaires"));
    expect(screen.getByTestId("template-weeks-impaires")).toBeChecked();
    await user.click(screen.getByTestId("template-weeks-toutes"));
    await user.click(screen.getByTestId("template-add"));
    expect(screen.getByTestId("template-new-name")).toHaveValue("Semaine A");
    expect(screen.getByTestId("template-alternate")).toBeChecked();
    await user.clear(screen.getByTestId("template-new-name"));
    await user.type(screen.getByTestId("template-new-name"), "Semaine B");
    await user.click(screen.getByTestId("template-create"));

    // The new template is shown, empty, for even weeks.
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();
    expect(screen.queryByTestId("range-list")).toBeNull();
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(backend).templates.map((t) => [t.id, t.name, t.weeks])).toEqual([
        ["semaine", "Semaine type", "impaires"],
        ["semaine-b", "Semaine B", "paires"],
      ]),
    );
  });
});

describe("a secretary", () => {
  async function asSecretary() {
    const rendered = await show();
    await rendered.user.selectOptions(screen.getByTestId("availability-calendar"), COLLEAGUE);
    await screen.findByTestId("availability-role-notice");
    return rendered;
  }

  it("is told only the owner opens availability, and cannot create any", async () => {
    await asSecretary();
    expect(screen.getByTestId("availability-role-notice")).toHaveTextContent(
      "seul le titulaire de l’agenda peut ouvrir de nouvelles disponibilités",
    );
    expect(screen.getByTestId("range-add")).toBeDisabled();
    expect(screen.getByTestId("template-add")).toBeDisabled();
    expect(screen.getByTestId("day-copy")).toBeDisabled();
    expect(screen.getByTestId("week-grid").querySelector(".fc-timegrid-body")).not.toBeNull();
    await userEvent.click(screen.getByTestId("availability-tab-exceptions"));
    expect(screen.getByTestId("opening-add")).toBeDisabled();
    expect(screen.getByTestId("closure-add")).toBeEnabled();
  });

  it("keeps the edit and shows the refusal when a save would open new time", async () => {
    const { user } = await asSecretary();
    await user.click(screen.getByTestId("range-edit-0"));
    const dialog = screen.getByTestId("range-dialog");
    // Adding a day is not offered; lengthening the hours is refused by the backend.
    expect(within(dialog).getByTestId("range-edit-day-mercredi")).toBeDisabled();
    await user.clear(within(dialog).getByTestId("range-edit-end"));
    await user.type(within(dialog).getByTestId("range-edit-end"), "13:00");
    await user.click(within(dialog).getByTestId("range-dialog-save"));
    await user.click(screen.getByTestId("availability-save"));

    const error = await screen.findByTestId("availability-save-error");
    expect(error).toHaveTextContent("Seul le titulaire de l'agenda peut ouvrir de nouvelles disponibilités");
    expect(error).toHaveTextContent("rien n’est perdu");
    expect(screen.getByTestId("availability-dirty")).toBeInTheDocument();
    expect(screen.getByTestId("range-row-0")).toHaveTextContent("08:30 – 13:00");
  });
});

describe("Exceptions", () => {
  it("shows the month's holidays and opens one anyway", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-tab-exceptions"));

    const armistice = await screen.findByTestId("holiday-2026-11-11");
    expect(armistice).toHaveTextContent("Armistice 1918");
    expect(screen.getByTestId("holiday-state-2026-11-11")).toHaveTextContent("fermé");
    expect(await screen.findByTestId("month-holiday-2026-11-11")).toHaveClass("rdv-holiday-closed");

    await user.click(screen.getByTestId("holiday-toggle-2026-11-11"));
    await waitFor(() => expect(screen.getByTestId("holiday-state-2026-11-11")).toHaveTextContent("ouvert"));
    await waitFor(() =>
      expect(screen.getByTestId("month-holiday-2026-11-11")).toHaveTextContent("Armistice 1918 (ouvert)"),
    );
    expect(screen.getByTestId("holiday-toggle-2026-11-11")).toHaveTextContent("Fermer ce jour-là");

    // Clicking the holiday on the month closes it again.
    await user.click(screen.getByTestId("month-holiday-2026-11-11"));
    await waitFor(() => expect(screen.getByTestId("holiday-state-2026-11-11")).toHaveTextContent("fermé"));
    await user.click(screen.getByTestId("holiday-toggle-2026-11-11"));
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() => expect(lastSaved(backend).holidays.overrides).toEqual(["2026-11-11"]));
  });

  it("adds a closure over several days, with a label", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-tab-exceptions"));
    await user.click(screen.getByTestId("closure-add"));

    await fireEvent.input(screen.getByTestId("closure-from"), { target: { value: "2026-12-24" } });
    await fireEvent.input(screen.getByTestId("closure-until"), { target: { value: "2026-12-20" } });
    await user.click(screen.getByTestId("closure-save"));
    expect(screen.getByText("La date de fin est avant la date de début.")).toBeInTheDocument();

    await fireEvent.input(screen.getByTestId("closure-until"), { target: { value: "2027-01-03" } });
    await user.type(screen.getByTestId("closure-label"), "Vacances de Noël");
    await user.click(screen.getByTestId("closure-save"));

    expect(screen.getByTestId("closure-0")).toHaveTextContent("Vacances de Noël");
    expect(screen.getByTestId("closure-0")).toHaveTextContent("du 24 déc. 2026 au 3 janv. 2027");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(backend).exceptions.closures).toEqual([
        { from: "2026-12-24", until: "2027-01-03", label: "Vacances de Noël" },
      ]),
    );
  });

  it("adds an extra opening for some types", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-tab-exceptions"));
    await user.click(screen.getByTestId("opening-add"));
    await fireEvent.input(screen.getByTestId("opening-date"), { target: { value: "2026-12-19" } });
    await user.type(screen.getByTestId("opening-start"), "9h");
    await user.type(screen.getByTestId("opening-end"), "13h");
    await user.click(screen.getByTestId("opening-types-some"));
    await user.click(screen.getByTestId("opening-type-bilan"));
    await user.click(screen.getByTestId("opening-save"));

    expect(screen.getByTestId("opening-0")).toHaveTextContent("samedi 19 décembre 2026, 09:00 – 13:00");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(backend).exceptions.openings).toEqual([
        { date: "2026-12-19", start: "09:00", end: "13:00", types: ["consultation"] },
      ]),
    );
  });
});

describe("Aperçu patient", () => {
  it("shows the slots of the chosen week per type, and the DST change of 28 March 2027", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-tab-preview"));
    await screen.findByTestId("preview-type-consultation");

    await fireEvent.change(screen.getByTestId("preview-date"), { target: { value: "2027-03-25" } });
    expect(screen.getByTestId("preview-title")).toHaveTextContent("Semaine du 22 mars au 28 mars 2027");
    expect(screen.getByTestId("preview-dst")).toHaveTextContent(
      "Changement d’heure le dimanche 28 mars 2027 : à 02:00, les horloges passent à 03:00 (heure d’été)",
    );
    await waitFor(() =>
      expect(backend.calls).toContainEqual([
        "preview_slots",
        expect.objectContaining({ calendarId: LINKED_EMAIL, day: "2027-03-22" }),
      ]),
    );
    const monday = await screen.findByTestId("preview-day-consultation-2027-03-22");
    await waitFor(() => expect(monday).toHaveTextContent("09:00"));
    expect(monday).toHaveTextContent("11:30");
    expect(screen.getByTestId("preview-day-consultation-2027-03-23")).toHaveTextContent("14:00");
    expect(screen.getByTestId("preview-phone-only-bilan")).toHaveTextContent("Par téléphone uniquement");
    // The assessment is not offered on Tuesday afternoons (consultation only).
    expect(screen.getByTestId("preview-day-bilan-2027-03-23")).not.toHaveTextContent("14:00");

    await user.click(screen.getByTestId("preview-next"));
    expect(screen.getByTestId("preview-title")).toHaveTextContent("29 mars au 4 avril 2027");
    expect(screen.queryByTestId("preview-dst")).toBeNull();
  });

  it("previews unsaved edits, and says when a week offers nothing", async () => {
    const { user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("template-delete"));
    await user.click(screen.getByTestId("template-delete-dialog-confirm"));
    await user.click(screen.getByTestId("availability-tab-preview"));

    expect(await screen.findByTestId("preview-empty")).toHaveTextContent("Aucun créneau proposé cette semaine");
    expect(screen.getByTestId("preview-draft-note")).toBeInTheDocument();
  });
});

describe("Publier", () => {
  it("saves, shows the plan, publishes with its fingerprint and reports progress and the result", async () => {
    const { backend, user } = await show({ availability: savedPractice, publishStepMs: 40 });
    await user.click(screen.getByTestId("range-edit-0"));
    await user.clear(screen.getByTestId("range-edit-end"));
    await user.type(screen.getByTestId("range-edit-end"), "12:30");
    await user.click(screen.getByTestId("range-dialog-save"));

    await user.click(screen.getByTestId("availability-publish"));
    const dialog = await screen.findByTestId("publish-dialog");
    await waitFor(() => expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent("2 créneaux modifiés"));
    expect(lastSaved(backend).templates[0].ranges[0].end).toBe("12:30");
    expect(within(dialog).getByTestId("publish-window")).toHaveTextContent("Du lundi 23 novembre 2026 au dimanche 21 février 2027");
    const lines = within(dialog).getAllByTestId("publish-change");
    expect(lines[0]).toHaveTextContent("Modifié");
    expect(lines[0]).toHaveTextContent("chaque lundi, 09:00 – 12:30, chaque semaine");
    expect(lines[0]).toHaveTextContent("horaires");

    const plan = await backend.planPublish(LINKED_EMAIL);
    await user.click(within(dialog).getByTestId("publish-confirm"));
    expect(await screen.findByTestId("publish-progress")).toHaveTextContent(/Publication… [0-2]\/2/);
    expect(await screen.findByTestId("publish-result")).toHaveTextContent(
      "Publié : 2 modifications envoyées à Google Agenda",
    );
    expect(backend.calls).toContainEqual([
      "publish_availability",
      { calendarId: LINKED_EMAIL, fingerprint: plan.fingerprint, confirmRemoval: false },
    ]);
    await waitFor(() => expect(screen.getByTestId("availability-status")).toHaveTextContent(/^Publié le 26 nov\. 2026/));
  });

  it("says « Aucun changement » when Google is up to date, with nothing to confirm", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-publish"));

    const dialog = await screen.findByTestId("publish-dialog");
    expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent("Aucun changement");
    expect(within(dialog).queryByTestId("publish-confirm")).toBeNull();
    expect(within(dialog).getByTestId("publish-cancel")).toHaveTextContent("Fermer");
    await user.click(within(dialog).getByTestId("publish-cancel"));
    expect(dialog).not.toHaveAttribute("open");
    expect(screen.getByTestId("publish-result")).toHaveTextContent("Déjà à jour");
    expect(backend.calls.some(([command]) => command === "publish_availability")).toBe(false);
    expect(backend.calls.some(([command]) => command === "save_availability")).toBe(false);
  });

  it("shows the new plan when the calendar changed since the preview", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("template-weeks-impaires"));
    await user.click(screen.getByTestId("availability-publish"));
    const dialog = await screen.findByTestId("publish-dialog");
    await waitFor(() => expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent("3 créneaux modifiés"));

    backend.simulateRemoteChange(LINKED_EMAIL);
    await user.click(within(dialog).getByTestId("publish-confirm"));
    expect(await within(dialog).findByTestId("publish-plan-changed")).toHaveTextContent("Votre agenda a changé depuis l’aperçu");
    expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent("1 créneau ajouté, 2 modifiés");

    await user.click(within(dialog).getByTestId("publish-confirm"));
    expect(await screen.findByTestId("publish-result")).toHaveTextContent("Publié : 3 modifications");
  });

  it("asks a second, explicit confirmation before a publish that removes most of what is published", async () => {
    // The removal is the core's verdict (plan.removal); the mock only replays one.
    const removal = {
      deleted: 2,
      published: 2,
      created: 0,
      message: "Cette publication supprime toutes les disponibilités publiées (2 plages) et n'en crée aucune : les patients ne pourront plus réserver ces créneaux.",
      messageEn: "This publish deletes all the published availability (2 ranges) and creates none: patients will no longer be able to book those times.",
    };
    const { backend, user } = await show({ availability: savedPractice, publishRemoval: removal });
    await user.click(screen.getByTestId("template-weeks-impaires"));
    await user.click(screen.getByTestId("availability-publish"));
    const dialog = await screen.findByTestId("publish-dialog");
    const warning = await within(dialog).findByTestId("publish-removal");
    expect(warning).toHaveTextContent("supprime toutes les disponibilités publiées (2 plages)");

    // The first confirmation only asks the second one: nothing is sent yet.
    await user.click(within(dialog).getByTestId("publish-confirm"));
    expect(within(dialog).getByTestId("publish-removal-second")).toHaveTextContent("Confirmez une seconde fois");
    expect(backend.calls.some(([command]) => command === "publish_availability")).toBe(false);
    const second = within(dialog).getByTestId("publish-confirm-removal");
    expect(second).toHaveTextContent("Oui, supprimer 2 plages");

    await user.click(second);
    expect(await screen.findByTestId("publish-result")).toHaveTextContent("Publié");
    const sent = backend.calls.filter(([command]) => command === "publish_availability");
    expect(sent).toHaveLength(1);
    expect(sent[0][1]).toMatchObject({ confirmRemoval: true });
  });

  it("blocks publishing while the saved configuration has problems", async () => {
    const config = practice();
    config.templates[0].ranges.push({ days: ["lundi"], start: "11:00", end: "13:00" });
    await show({ availability: { [LINKED_EMAIL]: { config } } });

    const problems = screen.getByTestId("availability-problems");
    expect(problems).toHaveTextContent("1 problème à corriger");
    expect(within(problems).getByTestId("availability-problem")).toHaveTextContent("se chevauchent le lundi");
    expect(screen.getByTestId("availability-publish")).toBeDisabled();
    // The range it names is marked, on the grid and in the list.
    expect(screen.getByTestId("range-row-2")).toHaveClass("problem");
    expect(await screen.findByTestId("range-block-2-lundi")).toHaveClass("rdv-range-problem");
    expect(screen.getByTestId("availability-publish")).toHaveAccessibleDescription(
      "La publication attend que ces problèmes soient corrigés.",
    );
  });

  it("speaks of the problems in English in the English interface", async () => {
    setLocale("en");
    const config = practice();
    config.templates[0].ranges.push({ days: ["lundi"], start: "11:00", end: "13:00" });
    await show({ availability: { [LINKED_EMAIL]: { config } } });

    const problem = within(screen.getByTestId("availability-problems")).getByTestId("availability-problem");
    // The mock's English message: the code and the place.
    expect(problem).toHaveTextContent("range.overlap (templates[0].ranges[2])");
    expect(problem).not.toHaveTextContent("chevauchent");
  });

  it("keeps everything when Google cannot be reached", async () => {
    const { user } = await show({ availability: savedPractice, offline: true });
    await user.click(screen.getByTestId("template-weeks-paires"));
    await user.click(screen.getByTestId("availability-publish"));

    expect(await screen.findByTestId("availability-publish-error")).toHaveTextContent(
      "Pas de connexion Internet : rien n’a été publié",
    );
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();
    // Saved first, then refused: nothing is left unsaved.
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
  });

  it("summarises the plan in English from its counts", async () => {
    setLocale("en");
    const { user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("template-weeks-paires"));
    await user.click(screen.getByTestId("availability-publish"));
    const dialog = await screen.findByTestId("publish-dialog");
    await waitFor(() => expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent("3 slots changed"));
    expect(within(dialog).getByTestId("publish-confirm")).toHaveTextContent("Publish (3)");
  });
});

describe("Import and export", () => {
  it("imports a file, replacing the configuration", async () => {
    const { user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-import"));

    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent("Fichier importé.");
    expect(screen.getByTestId("template-select")).toHaveTextContent("Samedi matin, une semaine sur deux");
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
  });

  it("asks before an import replaces unsaved edits", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("template-weeks-paires"));
    await user.click(screen.getByTestId("availability-import"));

    expect(screen.getByTestId("import-confirm-dialog")).toHaveTextContent("vos modifications non enregistrées");
    await user.click(screen.getByTestId("import-confirm-dialog-cancel"));
    expect(backend.calls.some(([command]) => command === "import_availability")).toBe(false);
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();

    await user.click(screen.getByTestId("availability-import"));
    await user.click(screen.getByTestId("import-confirm-dialog-confirm"));
    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent("Fichier importé.");
  });

  it("shows why a file was refused, and nothing when the dialog is cancelled", async () => {
    const { backend, user } = await show({
      availability: savedPractice,
      importResult: {
        code: "invalidInput",
        message: "Fichier non importé — fichier TOML illisible, ligne 4, colonne 19, champ appointmentTypes[0].durationMinutes",
      },
    });
    await user.click(screen.getByTestId("availability-import"));
    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent(
      "ligne 4, colonne 19, champ appointmentTypes[0].durationMinutes",
    );

    backend.importResult = null;
    await user.click(screen.getByTestId("availability-import"));
    await waitFor(() => expect(screen.queryByTestId("availability-io-message")).toBeNull());
  });

  it("exports to the path chosen", async () => {
    const { backend, user } = await show({ availability: savedPractice });
    await user.click(screen.getByTestId("availability-export"));
    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent(
      "Exporté vers /home/demo/Documents/disponibilites.toml",
    );

    backend.exportResult = { code: "invalidInput", message: "Impossible d'écrire le fichier : disque plein" };
    await user.click(screen.getByTestId("availability-export"));
    await waitFor(() =>
      expect(screen.getByTestId("availability-io-message")).toHaveTextContent("Export impossible : Impossible d'écrire le fichier"),
    );
  });
});
