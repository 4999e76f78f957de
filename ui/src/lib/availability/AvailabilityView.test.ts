import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { AvailabilityState, ConfigProblem, PracticeConfig, PublishPreview } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded, renderRecordedAgain } from "../testing/render";
import AvailabilityView from "./AvailabilityView.svelte";
import { SEVERAL_TYPES_COLOUR } from "./week-grid";

/** The demo practice's availability (recorded), and its calendar. */
const DEMO = recorded<AvailabilityState>("availability:get_availability");
const CALENDAR = DEMO.calendarId;

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(AvailabilityView, {
    get_availability: "availability:get_availability",
    // The forms ask the core before changing the draft: nothing wrong, unless a test says.
    check_availability: "availability:check_availability/sound",
    // Nothing booked in the time a draft would take away, unless a test says.
    bookings_affected: "sheet:bookings_affected/none",
    ...routes,
  });
  await screen.findByTestId("availability-status");
  return { ...rendered, user: userEvent.setup() };
}

/** The configuration sent to `save_availability` last. */
function lastSaved(sent: Record<string, unknown>[]): PracticeConfig {
  expect(sent.length).toBeGreaterThan(0);
  return sent[sent.length - 1].config as PracticeConfig;
}

/** The configuration of a recorded answer. */
const configOf = (label: string) => recorded<AvailabilityState>(label).config;

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("Disponibilités", () => {
  it("welcomes a user without an account", async () => {
    await renderRecorded(AvailabilityView, { account_status: "account_status/none" });
    const view = screen.getByTestId("view-availability");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Disponibilités");
    expect(within(view).getByTestId("onboarding")).toBeInTheDocument();
  });

  it("shows the weekly template on a Monday-to-Sunday grid, in the types' colours, and the publish status", async () => {
    await show();

    expect(screen.getByTestId("availability-status")).toHaveTextContent(/^Publié le 2 mars 2026/);
    expect(screen.getByTestId("availability-tab-week")).toHaveAttribute("aria-selected", "true");
    const grid = screen.getByTestId("week-grid");
    const headers = [...grid.querySelectorAll(".fc-col-header-cell")].map((th) => th.textContent);
    expect(headers).toEqual(["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]);
    const labels = [...grid.querySelectorAll(".fc-timegrid-slot-label-cushion")].map((l) => l.textContent);
    expect(labels[0]).toBe("07:00");
    expect(labels).toContain("20:00");
    // Wednesday afternoon is for the consultation and the follow-up only.
    const wednesday = await screen.findByTestId("range-block-3-mercredi");
    expect(wednesday).toHaveTextContent("14:00 - 18:00");
    expect(wednesday).toHaveTextContent("Consultation");
    expect(wednesday).toHaveStyle({ backgroundColor: SEVERAL_TYPES_COLOUR });
    expect(screen.getByTestId("range-block-0-jeudi")).toHaveTextContent("Tous les motifs");
  });
});

describe("unsaved edits", () => {
  it("are still there after a visit to another view", async () => {
    const { backend, unmount, user } = await show();
    await user.click(screen.getByTestId("template-weeks-paires"));
    unmount();

    await renderRecordedAgain(AvailabilityView, backend);
    expect(await screen.findByTestId("availability-dirty")).toHaveTextContent("Modifications non enregistrées");
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();
  });
});

describe("a secretary", () => {
  /** The practice's secretary: her own calendar first, Dr Laurent's shared with her as writer. */
  const secretary: Routes = {
    account_status: "desk:account_status",
    list_calendars: "desk:list_calendars",
    get_availability: ["desk:get_availability/own", "desk:get_availability"],
  };

  async function asSecretary(routes: Routes = {}) {
    const rendered = await show({ ...secretary, ...routes });
    await rendered.user.selectOptions(screen.getByTestId("availability-calendar"), CALENDAR);
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

  it("keeps the edit and shows the core's refusal when a save would open new time", async () => {
    const { transport, user } = await asSecretary({ save_availability: "desk:save_availability/new-time" });
    await user.click(screen.getByTestId("range-edit-0"));
    const dialog = screen.getByTestId("range-dialog");
    // Adding a day is not offered; lengthening the hours is refused by the core.
    expect(within(dialog).getByTestId("range-edit-day-mercredi")).toBeDisabled();
    await user.clear(within(dialog).getByTestId("range-edit-end"));
    await user.type(within(dialog).getByTestId("range-edit-end"), "13:00");
    await user.click(within(dialog).getByTestId("range-dialog-save"));
    await user.click(screen.getByTestId("availability-save"));

    const error = await screen.findByTestId("availability-save-error");
    expect(error).toHaveTextContent(recordedError("desk:save_availability/new-time").message);
    expect(error).toHaveTextContent("rien n’est perdu");
    expect(screen.getByTestId("availability-dirty")).toBeInTheDocument();
    expect(screen.getByTestId("range-row-0")).toHaveTextContent("09:00 – 13:00");
    expect(lastSaved(transport.callsTo("save_availability")).templates[0].ranges[0].end).toBe("13:00");
  });

  it("gives up unsaved edits only after a confirmation when switching calendars", async () => {
    const { transport, user } = await asSecretary();
    await user.click(screen.getByTestId("template-weeks-paires"));
    transport.route("get_availability", "desk:get_availability/own");

    const own = recorded<AvailabilityState>("desk:get_availability/own").calendarId;
    await user.selectOptions(screen.getByTestId("availability-calendar"), own);
    expect(screen.getByTestId("calendar-switch-dialog")).toHaveAttribute("open");
    await user.click(screen.getByTestId("calendar-switch-dialog-cancel"));
    expect(screen.getByTestId("availability-calendar")).toHaveValue(CALENDAR);
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();

    await user.selectOptions(screen.getByTestId("availability-calendar"), own);
    await user.click(screen.getByTestId("calendar-switch-dialog-confirm"));
    await waitFor(() => expect(screen.queryByTestId("availability-role-notice")).toBeNull());
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
  });
});

describe("Motifs", () => {
  it("adds a type with an id made from its name, and saves it", async () => {
    const { transport, user } = await show({
      save_availability: "availability:save_availability/type-added",
      check_availability: "availability:check_availability/sound",
    });
    await user.click(screen.getByTestId("availability-tab-types"));
    await user.click(screen.getByTestId("type-add"));

    await user.type(screen.getByTestId("type-name"), "Bilan");
    expect(screen.getByText("Identifiant : bilan", { normalizer: (s) => s.replace(/\s+/g, " ") })).toBeInTheDocument();
    await user.clear(screen.getByTestId("type-duration"));
    await user.type(screen.getByTestId("type-duration"), "45");
    await user.clear(screen.getByTestId("type-buffer-after"));
    await user.type(screen.getByTestId("type-buffer-after"), "15");
    await user.type(screen.getByTestId("type-interval"), "15");
    await user.type(screen.getByTestId("type-max-per-day"), "2");
    await user.click(screen.getByTestId("type-save"));

    const row = screen.getByTestId("type-row-bilan");
    expect(row).toHaveTextContent("Bilan");
    expect(row).toHaveTextContent("45 min");
    expect(screen.getByTestId("availability-dirty")).toHaveTextContent("Modifications non enregistrées");

    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() => expect(screen.queryByTestId("availability-dirty")).toBeNull());
    expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/type-added"));
  });

  it("shows the core's problems with a type beside their fields, and adds nothing", async () => {
    const { transport, user } = await show({ check_availability: "availability:check_availability/type-problems" });
    const problems = recorded<ConfigProblem[]>("availability:check_availability/type-problems");
    const place = `appointmentTypes[${DEMO.config.appointmentTypes.length}]`;
    const told = (field: string) => problems.find((p) => p.path === `${place}.${field}`)!;
    await user.click(screen.getByTestId("availability-tab-types"));
    await user.click(screen.getByTestId("type-add"));
    await user.type(screen.getByTestId("type-name"), DEMO.config.appointmentTypes[0].name);
    await user.clear(screen.getByTestId("type-duration"));
    await user.type(screen.getByTestId("type-duration"), "1500");
    await user.click(screen.getByTestId("type-save"));

    await waitFor(() => expect(screen.getByTestId("type-name-error")).toHaveTextContent(told("name").message));
    expect(told("name").code).toBe("type.duplicateName");
    expect(screen.getByTestId("type-duration-error")).toHaveTextContent(told("durationMinutes").message);
    const sent = transport.callsTo("check_availability").at(-1)!.config as PracticeConfig;
    expect(sent.appointmentTypes.at(-1)).toMatchObject({ name: DEMO.config.appointmentTypes[0].name, durationMinutes: 1500 });
    expect(screen.getByTestId("type-name")).toBeInTheDocument();
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
  });

  it("edits a type and keeps its id, saved with Ctrl+S", async () => {
    const { transport, user } = await show({
      save_availability: "availability:save_availability/type-edited",
      check_availability: "availability:check_availability/sound",
    });
    await user.click(screen.getByTestId("availability-tab-types"));
    await user.click(screen.getByTestId("type-edit-suivi"));
    expect(screen.getByTestId("type-name")).toHaveValue("Suivi");

    await user.clear(screen.getByTestId("type-name"));
    await user.type(screen.getByTestId("type-name"), "Suivi court");
    await user.clear(screen.getByTestId("type-duration"));
    await user.type(screen.getByTestId("type-duration"), "15");
    await user.click(screen.getByTestId("type-save"));
    expect(screen.getByTestId("type-row-suivi")).toHaveTextContent("Suivi court");

    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() =>
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/type-edited")),
    );
    await waitFor(() => expect(screen.queryByTestId("availability-dirty")).toBeNull());
  });

  it("asks before deleting a type, naming the ranges that use it", async () => {
    const { user } = await show();
    await user.click(screen.getByTestId("availability-tab-types"));
    await user.click(screen.getByTestId("type-delete-suivi"));

    const dialog = screen.getByTestId("type-delete-dialog");
    expect(dialog).toHaveTextContent("Supprimer le motif « Suivi » ?");
    expect(within(dialog).getByTestId("type-delete-uses")).toHaveTextContent("Semaine type : mercredi, 14:00 – 18:00");
    await user.click(within(dialog).getByTestId("type-delete-dialog-cancel"));
    expect(screen.getByTestId("type-row-suivi")).toBeInTheDocument();

    await user.click(screen.getByTestId("type-delete-suivi"));
    await user.click(screen.getByTestId("type-delete-dialog-confirm"));
    expect(screen.queryByTestId("type-row-suivi")).toBeNull();
    expect(screen.getByTestId("availability-dirty")).toBeInTheDocument();
  });
});

describe("Semaine type", () => {
  it("adds a range through the form, with its days, hours and types", async () => {
    const { transport, user } = await show({ save_availability: "availability:save_availability/range-added" });

    await user.click(screen.getByTestId("range-add"));
    await user.click(screen.getByTestId("range-day-mercredi"));
    await user.type(screen.getByTestId("range-start"), "8h");
    await user.type(screen.getByTestId("range-end"), "12:00");
    await user.click(screen.getByTestId("range-types-some"));
    await user.click(screen.getByTestId("range-type-suivi"));
    await user.click(screen.getByTestId("range-save"));

    expect(screen.queryByTestId("range-add-form")).toBeNull();
    expect(await screen.findByTestId("range-block-6-mercredi")).toHaveTextContent("08:00 - 12:00");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/range-added")),
    );
  });

  it("edits one day of a range from its block", async () => {
    const { transport, user } = await show({ save_availability: "availability:save_availability/thursday-apart" });

    await user.click(await screen.findByTestId("range-block-0-jeudi"));
    const dialog = screen.getByTestId("range-dialog");
    expect(within(dialog).getByTestId("range-edit-start")).toHaveValue("09:00");
    await user.click(within(dialog).getByTestId("range-scope-day"));
    await user.clear(within(dialog).getByTestId("range-edit-end"));
    await user.type(within(dialog).getByTestId("range-edit-end"), "11h");
    await user.click(within(dialog).getByTestId("range-dialog-save"));

    // Thursday left the range for one of its own, after it.
    expect(screen.getByTestId("range-row-1")).toHaveTextContent("jeudi09:00 – 11:00");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(
        configOf("availability:save_availability/thursday-apart"),
      ),
    );
  });

  it("copies a day's ranges to other days", async () => {
    const { transport, user } = await show({ save_availability: "availability:save_availability/saturday-copied" });
    await user.click(screen.getByTestId("day-copy"));
    await user.selectOptions(screen.getByTestId("copy-from"), "samedi");
    await user.click(screen.getByTestId("copy-to-dimanche"));
    await user.click(screen.getByTestId("copy-apply"));

    expect(await screen.findByTestId("range-block-5-dimanche")).toHaveTextContent("09:00 - 12:00");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(
        configOf("availability:save_availability/saturday-copied"),
      ),
    );
  });

  it("alternates weeks: odd weeks for one template, even weeks for a second one", async () => {
    const { transport, user } = await show({ save_availability: "availability:save_availability/alternate" });
    expect(screen.getByTestId("week-parity-hint")).toHaveTextContent("semaine 10 (paire)");

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
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/alternate")),
    );
  });
});

describe("Exceptions", () => {
  it("shows the holidays as the core decides them and opens one anyway", async () => {
    const { transport, user } = await show({
      save_availability: "availability:save_availability/easter-open",
    });
    await user.click(screen.getByTestId("availability-tab-exceptions"));
    await user.click(screen.getByTestId("month-next"));

    const easter = await screen.findByTestId("holiday-2026-04-06");
    expect(easter).toHaveTextContent("Lundi de Pâques");
    expect(screen.getByTestId("holiday-state-2026-04-06")).toHaveTextContent("fermé");

    transport.route("availability_holidays", "availability:availability_holidays/easter-open");
    await user.click(screen.getByTestId("holiday-toggle-2026-04-06"));
    await waitFor(() => expect(screen.getByTestId("holiday-state-2026-04-06")).toHaveTextContent("ouvert"));
    expect(screen.getByTestId("holiday-toggle-2026-04-06")).toHaveTextContent("Fermer ce jour-là");
    expect(transport.callsTo("availability_holidays").at(-1)).toMatchObject({
      config: { holidays: { overrides: ["2026-04-06"] } },
    });

    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/easter-open")),
    );
  });

  it("adds a closure over several days, with a label", async () => {
    const { transport, user } = await show({ save_availability: "availability:save_availability/closure" });
    await user.click(screen.getByTestId("availability-tab-exceptions"));
    await user.click(screen.getByTestId("closure-add"));

    await fireEvent.input(screen.getByTestId("closure-from"), { target: { value: "2026-12-24" } });
    await fireEvent.input(screen.getByTestId("closure-until"), { target: { value: "2027-01-03" } });
    await user.type(screen.getByTestId("closure-label"), "Vacances de Noël");
    await user.click(screen.getByTestId("closure-save"));

    expect(screen.getByTestId("closure-0")).toHaveTextContent("Vacances de Noël");
    expect(screen.getByTestId("closure-0")).toHaveTextContent("du 24 déc. 2026 au 3 janv. 2027");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/closure")),
    );
    await waitFor(() => expect(screen.queryByTestId("availability-dirty")).toBeNull());
  });

  it("shows the core's problem with a closure's dates, and adds nothing", async () => {
    const { transport, user } = await show({ check_availability: "availability:check_availability/closure-reversed" });
    const [problem] = recorded<ConfigProblem[]>("availability:check_availability/closure-reversed");
    expect(problem.code).toBe("closure.periodReversed");
    await user.click(screen.getByTestId("availability-tab-exceptions"));
    await user.click(screen.getByTestId("closure-add"));

    await fireEvent.input(screen.getByTestId("closure-from"), { target: { value: "2027-01-03" } });
    await fireEvent.input(screen.getByTestId("closure-until"), { target: { value: "2026-12-24" } });
    await user.click(screen.getByTestId("closure-save"));

    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent(problem.message));
    const sent = transport.callsTo("check_availability").at(-1)!.config as PracticeConfig;
    expect(sent.exceptions.closures.at(-1)).toMatchObject({ from: "2027-01-03", until: "2026-12-24" });
    expect(screen.queryByTestId("closure-0")).toBeNull();
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
  });

  it("shows the core's problem with a template's period beside its dates", async () => {
    const { transport } = await show({ check_availability: "availability:check_availability/period-reversed" });
    const [problem] = recorded<ConfigProblem[]>("availability:check_availability/period-reversed");
    expect(problem.code).toBe("template.periodReversed");

    await fireEvent.change(screen.getByTestId("template-valid-from"), { target: { value: "2026-06-01" } });
    await fireEvent.change(screen.getByTestId("template-valid-until"), { target: { value: "2026-05-01" } });

    await waitFor(() => expect(screen.getByTestId("template-period-problem")).toHaveTextContent(problem.message));
    expect(screen.getByTestId("template-valid-until")).toHaveAttribute("aria-invalid", "true");
    const sent = transport.callsTo("check_availability").at(-1)!.config as PracticeConfig;
    expect(sent.templates[0]).toMatchObject({ validFrom: "2026-06-01", validUntil: "2026-05-01" });
  });

  it("adds an extra opening for some types", async () => {
    const { transport, user } = await show({ save_availability: "availability:save_availability/opening" });
    await user.click(screen.getByTestId("availability-tab-exceptions"));
    await user.click(screen.getByTestId("opening-add"));
    await fireEvent.input(screen.getByTestId("opening-date"), { target: { value: "2026-03-14" } });
    await user.type(screen.getByTestId("opening-start"), "9h");
    await user.type(screen.getByTestId("opening-end"), "13h");
    await user.click(screen.getByTestId("opening-types-some"));
    await user.click(screen.getByTestId("opening-type-suivi"));
    await user.click(screen.getByTestId("opening-save"));

    expect(screen.getByTestId("opening-0")).toHaveTextContent("samedi 14 mars 2026, 09:00 – 13:00");
    await user.click(screen.getByTestId("availability-save"));
    await waitFor(() =>
      expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/opening")),
    );
  });
});

describe("Aperçu patient", () => {
  it("shows the core's slots of the chosen week per type, and the change to summer time", async () => {
    const { transport, user } = await show({
      preview_slots: ["preview_slots", "availability:preview_slots/dst-week"],
    });
    await user.click(screen.getByTestId("availability-tab-preview"));
    const monday = await screen.findByTestId("preview-day-consultation-2026-03-02");
    const first = recorded<{ types: { typeId: string; slots: { start: string }[] }[] }>("preview_slots").types[0];
    await waitFor(() => expect(monday).toHaveTextContent(first.slots[0].start.slice(11, 16)));
    expect(transport.callsTo("preview_slots")[0]).toMatchObject({ calendarId: CALENDAR, day: "2026-03-02" });

    await fireEvent.change(screen.getByTestId("preview-date"), { target: { value: "2026-03-25" } });
    expect(screen.getByTestId("preview-title")).toHaveTextContent("Semaine du 23 mars au 29 mars 2026");
    await waitFor(() =>
      expect(transport.callsTo("preview_slots").at(-1)).toMatchObject({ calendarId: CALENDAR, day: "2026-03-23" }),
    );
    // The change of the clocks is the core's (`clockChange` of the week's preview).
    expect(await screen.findByTestId("preview-dst")).toHaveTextContent(
      "Changement d’heure le dimanche 29 mars 2026 : à 02:00, les horloges passent à 03:00 (heure d’été)",
    );
    expect(await screen.findByTestId("preview-day-consultation-2026-03-23")).toBeInTheDocument();

    await user.click(screen.getByTestId("preview-next"));
    expect(screen.getByTestId("preview-title")).toHaveTextContent("30 mars au 5 avril 2026");
    expect(screen.queryByTestId("preview-dst")).toBeNull();
  });

  it("previews unsaved edits, and says when a week offers nothing", async () => {
    const { transport, user } = await show({ preview_slots: "availability:preview_slots/no-template" });
    await user.click(screen.getByTestId("template-delete"));
    await user.click(screen.getByTestId("template-delete-dialog-confirm"));
    await user.click(screen.getByTestId("availability-tab-preview"));

    expect(await screen.findByTestId("preview-empty")).toHaveTextContent("Aucun créneau proposé cette semaine");
    expect(screen.getByTestId("preview-draft-note")).toBeInTheDocument();
    expect((transport.callsTo("preview_slots")[0].config as PracticeConfig).templates).toEqual([]);
  });
});

describe("Publier", () => {
  it("saves, shows the core's plan, publishes with its fingerprint and reports progress and the result", async () => {
    const { transport, user } = await show({
      save_availability: "availability:save_availability/friday-later",
      plan_publish: "availability:plan_publish/friday-later",
      publish_availability: "availability:publish_availability/friday-later",
    });
    await user.click(screen.getByTestId("range-edit-4"));
    await user.clear(screen.getByTestId("range-edit-end"));
    await user.type(screen.getByTestId("range-edit-end"), "12:30");
    await user.click(screen.getByTestId("range-dialog-save"));

    await user.click(screen.getByTestId("availability-publish"));
    const dialog = await screen.findByTestId("publish-dialog");
    const plan = recorded<PublishPreview>("availability:plan_publish/friday-later");
    await waitFor(() => expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent(plan.summaryFr));
    expect(lastSaved(transport.callsTo("save_availability"))).toEqual(configOf("availability:save_availability/friday-later"));
    expect(within(dialog).getByTestId("publish-window")).toHaveTextContent("Du lundi 2 mars 2026 au dimanche 31 mai 2026");
    expect(within(dialog).getAllByTestId("publish-change")).toHaveLength(plan.changes.length);

    const release = transport.hold("publish_availability");
    transport.route("get_availability", "availability:get_availability/published");
    await user.click(within(dialog).getByTestId("publish-confirm"));
    transport.emit("publish-progress", { calendarId: CALENDAR, done: 3, total: plan.writes });
    expect(await screen.findByTestId("publish-progress")).toHaveTextContent(`Publication… 3/${plan.writes}`);
    release();
    expect(await screen.findByTestId("publish-result")).toHaveTextContent(
      `Publié : ${recorded<{ writes: number }>("availability:publish_availability/friday-later").writes} modifications envoyées à Google Agenda`,
    );
    expect(transport.callsTo("publish_availability")).toEqual([
      { calendarId: CALENDAR, fingerprint: plan.fingerprint, confirmRemoval: false },
    ]);
  });

  it("says « Aucun changement » when Google is up to date, with nothing to confirm", async () => {
    const { transport, user } = await show({ plan_publish: "availability:plan_publish/up-to-date" });
    await user.click(screen.getByTestId("availability-publish"));

    const dialog = await screen.findByTestId("publish-dialog");
    expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent("Aucun changement");
    expect(within(dialog).queryByTestId("publish-confirm")).toBeNull();
    expect(within(dialog).getByTestId("publish-cancel")).toHaveTextContent("Fermer");
    await user.click(within(dialog).getByTestId("publish-cancel"));
    expect(dialog).not.toHaveAttribute("open");
    expect(screen.getByTestId("publish-result")).toHaveTextContent("Déjà à jour");
    expect(transport.callsTo("publish_availability")).toEqual([]);
    expect(transport.callsTo("save_availability")).toEqual([]);
  });

  it("asks a second, explicit confirmation before a publish the core says removes what is published", async () => {
    const { transport, user } = await show({
      save_availability: "availability:save_availability/odd-weeks",
      plan_publish: "availability:plan_publish/odd-weeks",
      publish_availability: "availability:publish_availability/odd-weeks",
    });
    const removal = recorded<PublishPreview>("availability:plan_publish/odd-weeks").removal!;
    await user.click(screen.getByTestId("template-weeks-impaires"));
    await user.click(screen.getByTestId("availability-publish"));
    const dialog = await screen.findByTestId("publish-dialog");
    const warning = await within(dialog).findByTestId("publish-removal");
    expect(warning).toHaveTextContent(removal.message);

    // The first confirmation only asks the second one: nothing is sent yet.
    await user.click(within(dialog).getByTestId("publish-confirm"));
    expect(within(dialog).getByTestId("publish-removal-second")).toHaveTextContent("Confirmez une seconde fois");
    expect(transport.callsTo("publish_availability")).toEqual([]);
    const second = within(dialog).getByTestId("publish-confirm-removal");
    expect(second).toHaveTextContent(`Oui, supprimer ${removal.deleted} plages`);

    await user.click(second);
    expect(await screen.findByTestId("publish-result")).toHaveTextContent("Publié");
    expect(transport.callsTo("publish_availability")).toEqual([expect.objectContaining({ confirmRemoval: true })]);
  });

  it("blocks publishing while the saved configuration has problems, and marks the range", async () => {
    await show({ get_availability: "availability:get_availability/overlap" });
    const [problem] = recorded<AvailabilityState>("availability:get_availability/overlap").problems;

    const problems = screen.getByTestId("availability-problems");
    expect(problems).toHaveTextContent("1 problème à corriger");
    expect(within(problems).getByTestId("availability-problem")).toHaveTextContent(problem.message);
    expect(screen.getByTestId("availability-publish")).toBeDisabled();
    // The range it names is marked, on the grid and in the list.
    expect(screen.getByTestId("range-row-6")).toHaveClass("problem");
    expect(await screen.findByTestId("range-block-6-lundi")).toHaveClass("rdv-range-problem");
    expect(screen.getByTestId("availability-publish")).toHaveAccessibleDescription(
      "La publication attend que ces problèmes soient corrigés.",
    );
  });

  it("speaks of the problems in English in the English interface", async () => {
    setLocale("en");
    await show({ get_availability: "availability:get_availability/overlap" });
    const [problem] = recorded<AvailabilityState>("availability:get_availability/overlap").problems;

    const shown = within(screen.getByTestId("availability-problems")).getByTestId("availability-problem");
    expect(shown).toHaveTextContent(problem.messageEn);
    expect(shown).not.toHaveTextContent("chevauchent");
  });

  it("keeps everything when Google cannot be reached", async () => {
    const { user } = await show({
      save_availability: "availability:save_availability/odd-weeks",
      plan_publish: "availability:plan_publish/offline",
    });
    await user.click(screen.getByTestId("template-weeks-impaires"));
    await user.click(screen.getByTestId("availability-publish"));

    expect(await screen.findByTestId("availability-publish-error")).toHaveTextContent(
      "Pas de connexion Internet : rien n’a été publié",
    );
    expect(screen.getByTestId("template-weeks-impaires")).toBeChecked();
    // Saved first, then refused: nothing is left unsaved.
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
    expect(recordedError("availability:plan_publish/offline").code).toBe("offline");
  });

  it("summarises the plan in English from its counts", async () => {
    setLocale("en");
    const { user } = await show({
      save_availability: "availability:save_availability/friday-later",
      plan_publish: "availability:plan_publish/friday-later",
    });
    const plan = recorded<PublishPreview>("availability:plan_publish/friday-later");
    await user.click(screen.getByTestId("range-edit-4"));
    await user.clear(screen.getByTestId("range-edit-end"));
    await user.type(screen.getByTestId("range-edit-end"), "12:30");
    await user.click(screen.getByTestId("range-dialog-save"));
    await user.click(screen.getByTestId("availability-publish"));
    const dialog = await screen.findByTestId("publish-dialog");
    await waitFor(() =>
      expect(within(dialog).getByTestId("publish-summary")).toHaveTextContent(`${plan.updates} slots changed`),
    );
    expect(within(dialog).getByTestId("publish-confirm")).toHaveTextContent(`Publish (${plan.writes})`);
  });
});

describe("Import and export", () => {
  it("imports a file, replacing the configuration", async () => {
    const { user } = await show({ import_availability: "availability:import_availability" });
    await user.click(screen.getByTestId("availability-import"));

    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent("Fichier importé.");
    expect(screen.getByTestId("template-select")).toHaveTextContent("Semaine d'hiver");
    expect(screen.queryByTestId("availability-dirty")).toBeNull();
  });

  it("asks before an import replaces unsaved edits", async () => {
    const { transport, user } = await show({ import_availability: "availability:import_availability" });
    await user.click(screen.getByTestId("template-weeks-paires"));
    await user.click(screen.getByTestId("availability-import"));

    expect(screen.getByTestId("import-confirm-dialog")).toHaveTextContent("vos modifications non enregistrées");
    await user.click(screen.getByTestId("import-confirm-dialog-cancel"));
    expect(transport.callsTo("import_availability")).toEqual([]);
    expect(screen.getByTestId("template-weeks-paires")).toBeChecked();

    await user.click(screen.getByTestId("availability-import"));
    await user.click(screen.getByTestId("import-confirm-dialog-confirm"));
    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent("Fichier importé.");
    expect(transport.callsTo("import_availability")).toEqual([{ calendarId: CALENDAR }]);
  });

  it("shows why the core refused a file, and nothing when the dialog is cancelled", async () => {
    const { user } = await show({
      import_availability: ["availability:import_availability/refused", "availability:import_availability/cancelled"],
    });
    await user.click(screen.getByTestId("availability-import"));
    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent(
      "ligne 7, colonne 19, champ appointmentTypes[0].durationMinutes",
    );

    await user.click(screen.getByTestId("availability-import"));
    await waitFor(() => expect(screen.queryByTestId("availability-io-message")).toBeNull());
  });

  it("exports to the path chosen, and says why it could not", async () => {
    const { user } = await show({
      export_availability: ["availability:export_availability", "availability:export_availability/refused"],
    });
    await user.click(screen.getByTestId("availability-export"));
    expect(await screen.findByTestId("availability-io-message")).toHaveTextContent(
      `Exporté vers ${recorded<string>("availability:export_availability")}`,
    );

    await user.click(screen.getByTestId("availability-export"));
    await waitFor(() =>
      expect(screen.getByTestId("availability-io-message")).toHaveTextContent(
        `Export impossible : ${recordedError("availability:export_availability/refused").message}`,
      ),
    );
  });
});
