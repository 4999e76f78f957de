import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { ErasureMatch, ErasureReport, RetentionState } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import PrivacySection from "./PrivacySection.svelte";

/**
 * The demo practice with past bookings of Paul Roux (300, 130 and 100 days ago) and Jeanne
 * Martin (200 and 20 days ago), booked two weeks before, and of Lucie Blanc (25 days ago, booked
 * 140 days ago), recorded in the `privacy` world.
 */
async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(PrivacySection, {
    retention_state: "privacy:retention_state",
    retention_preview: "privacy:retention_preview",
    ...routes,
  });
  await screen.findByTestId("retention-days");
  return { ...rendered, user: userEvent.setup() };
}

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  setLocale("fr");
});

describe("Réglages → Données personnelles: retention", () => {
  it("explains the rule, says the purge is on by default and shows the core's dry run", async () => {
    await show();

    const section = screen.getByTestId("settings-retention");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("Données personnelles");
    expect(section).toHaveTextContent("au plus tard 90, 120 ou 240 jours après la prise du rendez-vous");
    expect(section).toHaveTextContent("jamais avant que le rendez-vous et son rappel soient passés");
    expect(section).toHaveTextContent("art. 8.3");
    expect(screen.getByTestId("retention-days")).toHaveValue("120");
    expect(screen.getByRole("option", { name: "120 jours (par défaut)" })).toBeInTheDocument();
    expect(screen.getByTestId("retention-status")).toHaveTextContent("Purge automatique activée");

    const preview = await screen.findByTestId("retention-preview");
    const { count } = recorded<{ count: number }>("privacy:retention_preview");
    expect(count).toBe(1);
    expect(preview).toHaveAttribute("data-count", "1");
    expect(preview).toHaveTextContent("1 rendez-vous pris il y a plus de 120 jours, et passés");
    expect(screen.getByText("Rendez-vous du 5 févr. 2026 au 5 févr. 2026 ; le créneau et le motif restent.")).toBeInTheDocument();
    expect(screen.getByTestId("retention-log")).toHaveTextContent("Aucune purge pour l’instant.");
  });

  it("runs the dry run again for another period", async () => {
    const { transport, user } = await show({
      set_retention_days: ["privacy:set_retention_days/90", "privacy:set_retention_days/240"],
      retention_preview: ["privacy:retention_preview", "privacy:retention_preview/90", "privacy:retention_preview/240"],
    });
    await screen.findByTestId("retention-preview");

    await user.selectOptions(screen.getByTestId("retention-days"), "90");
    await waitFor(() => expect(transport.callsTo("retention_preview")).toHaveLength(2));
    await user.selectOptions(screen.getByTestId("retention-days"), "240");
    await waitFor(() => expect(transport.callsTo("retention_preview")).toHaveLength(3));
    expect(screen.getByTestId("retention-days")).toHaveValue("240");
    expect(transport.callsTo("set_retention_days")).toEqual([{ days: 90 }, { days: 240 }]);
  });

  it("logs the first purge in counts only, and keeps the dry run available", async () => {
    const { transport } = await show({ retention_state: "privacy:retention_state/first-purge" });

    const state = recorded<RetentionState>("privacy:retention_state/first-purge");
    const entries = within(screen.getByTestId("retention-log")).getAllByTestId("retention-log-entry");
    expect(entries).toHaveLength(state.log.length);
    expect(entries[0]).toHaveAttribute("data-kind", "retention");
    expect(entries[0]).toHaveTextContent("2 mars 2026");
    expect(entries[0]).toHaveTextContent("Purge (pris avant le 2 nov. 2025)");
    expect(entries[0]).toHaveTextContent(String(state.log[0].bookings));
    // Dates and counts, never who.
    expect(screen.getByTestId("retention-log")).not.toHaveTextContent(/Paul|Jeanne|Lucie|Roux|Martin|Blanc/);
    expect(screen.queryByTestId("retention-confirm")).toBeNull();
    expect(await screen.findByTestId("retention-preview")).toBeInTheDocument();
    expect(transport.callsTo("retention_preview")).toHaveLength(1);
  });

  it("erases past contact details in Google only after a confirmation that the slots stay", async () => {
    const { transport, user } = await show({ scrub_google_past: "privacy:scrub_google_past" });

    await user.click(screen.getByTestId("retention-scrub"));
    const dialog = screen.getByTestId("retention-scrub-dialog");
    expect(dialog).toHaveTextContent("pris il y a plus de 120 jours, et passés");
    expect(dialog).toHaveTextContent("Le créneau horaire et le motif sont conservés");
    await user.click(within(dialog).getByTestId("retention-scrub-dialog-cancel"));
    expect(transport.callsTo("scrub_google_past")).toEqual([]);

    await user.click(screen.getByTestId("retention-scrub"));
    await user.click(screen.getByTestId("retention-scrub-dialog-confirm"));

    expect(recorded<number>("privacy:scrub_google_past")).toBe(2);
    expect(await screen.findByTestId("retention-scrub-result")).toHaveTextContent(
      "2 anciens rendez-vous anonymisés dans Google Agenda.",
    );
  });

  it("says why Google could not be changed", async () => {
    const { user } = await show({ scrub_google_past: "privacy:scrub_google_past/offline" });

    await user.click(screen.getByTestId("retention-scrub"));
    await user.click(screen.getByTestId("retention-scrub-dialog-confirm"));

    expect(await screen.findByTestId("retention-scrub-error")).toHaveTextContent(
      `L’effacement dans Google Agenda a échoué : ${recordedError("privacy:scrub_google_past/offline").message}`,
    );
  });
});

describe("Réglages → Données personnelles: erasure request", () => {
  it("finds a person's bookings, erases them after a confirmation, and gives the report to copy", async () => {
    const { transport, user } = await show({
      find_person: "privacy:find_person/paul",
      erase_person: "privacy:erase_person/paul",
    });

    await user.type(screen.getByTestId("erasure-email"), "Paul.Roux@free.fr");
    await user.click(screen.getByTestId("erasure-search"));

    const found = recorded<ErasureMatch[]>("privacy:find_person/paul");
    const matches = await screen.findAllByTestId("erasure-match");
    expect(matches).toHaveLength(found.length);
    expect(matches[0]).toHaveTextContent("6 mai 2025, 10:00");
    expect(matches[0]).toHaveTextContent("Suivi");
    expect(matches[0]).toHaveTextContent("Google Agenda");
    expect(transport.callsTo("find_person")).toEqual([{ email: "Paul.Roux@free.fr", phone: null }]);

    await user.click(screen.getByTestId("erasure-erase"));
    expect(screen.getByTestId("erasure-dialog")).toHaveTextContent(`effacés de ${found.length} rendez-vous`);
    await user.click(screen.getByTestId("erasure-confirm"));

    const erased = recorded<ErasureReport>("privacy:erase_person/paul");
    const report = await screen.findByTestId("erasure-report");
    expect(report).toHaveAttribute("readonly");
    expect((report as HTMLTextAreaElement).value).toBe(erased.report);
    expect(screen.getByTestId("erasure-counts")).toHaveTextContent(`Google Agenda : ${erased.calendarEvents}`);
    expect(screen.getByTestId("erasure-counts")).toHaveTextContent(`Copie locale : ${erased.cachedBookings}`);
    expect(screen.getByTestId("erasure-counts")).toHaveTextContent("Site de réservation : non relié");
    expect(transport.callsTo("erase_person")).toEqual([{ email: "Paul.Roux@free.fr", phone: null }]);

    await user.click(screen.getByTestId("erasure-copy"));
    // user-event's clipboard stands for the system's.
    expect(await navigator.clipboard.readText()).toBe(erased.report);
    expect(await screen.findByTestId("erasure-copied")).toHaveTextContent("Compte rendu copié.");

    await user.click(screen.getByTestId("erasure-again"));
    expect(screen.getByTestId("erasure-email")).toHaveValue("");
  });

  it("says when the erasure is not finished and which place was not reached, and why", async () => {
    const { user } = await show({
      find_person: "privacy:find_person/jeanne-phone",
      erase_person: "privacy:erase_person/offline",
    });
    await user.type(screen.getByTestId("erasure-phone"), "06 12 34 56 78{Enter}");
    await user.click(await screen.findByTestId("erasure-erase"));
    await user.click(screen.getByTestId("erasure-confirm"));

    expect(await screen.findByTestId("erasure-pending")).toHaveTextContent("N’envoyez pas encore le compte rendu");
    const open = screen.getByTestId("erasure-open-parts");
    for (const part of recorded<ErasureReport>("privacy:erase_person/offline").parts) {
      if (part.step === "pending") expect(open).toHaveTextContent(`${part.label} : pas encore effacé — ${part.reason}`);
    }
  });

  it("selects the report for Ctrl+C when the clipboard cannot be written", async () => {
    const { user } = await show({
      find_person: "privacy:find_person/paul",
      erase_person: "privacy:erase_person/paul",
    });
    await user.type(screen.getByTestId("erasure-email"), "paul.roux@free.fr{Enter}");
    await user.click(await screen.findByTestId("erasure-erase"));
    await user.click(screen.getByTestId("erasure-confirm"));
    const report = (await screen.findByTestId("erasure-report")) as HTMLTextAreaElement;
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));

    await user.click(screen.getByTestId("erasure-copy"));

    expect(await screen.findByText(/La copie a échoué/)).toBeInTheDocument();
    expect(report).toHaveFocus();
    expect(report.selectionEnd - report.selectionStart).toBe(report.value.length);
  });

  it("erases nothing when the dialog is cancelled", async () => {
    const { transport, user } = await show({ find_person: "privacy:find_person/jeanne-phone" });

    await user.type(screen.getByTestId("erasure-phone"), "06 12 34 56 78{Enter}");
    await screen.findAllByTestId("erasure-match");
    await user.click(screen.getByTestId("erasure-erase"));
    await user.click(screen.getByTestId("erasure-dialog-cancel"));

    expect(transport.callsTo("erase_person")).toEqual([]);
    expect(screen.getAllByTestId("erasure-match").length).toBeGreaterThan(0);
  });

  it("shows the core's word on a request that names nobody, under the field it is about", async () => {
    const { transport, user } = await show({
      find_person: [
        "privacy:find_person/none-given",
        "privacy:find_person/short-phone",
        "privacy:find_person/incomplete-domain",
      ],
    });

    await user.click(screen.getByTestId("erasure-search"));
    expect(await screen.findByTestId("erasure-error")).toHaveTextContent(
      recordedError("privacy:find_person/none-given").message,
    );
    expect(screen.getByTestId("erasure-email")).toHaveFocus();

    await user.type(screen.getByTestId("erasure-phone"), "0612{Enter}");
    await waitFor(() =>
      expect(screen.getByTestId("erasure-error")).toHaveTextContent(recordedError("privacy:find_person/short-phone").message),
    );
    expect(screen.getByTestId("erasure-phone")).toHaveFocus();

    await user.clear(screen.getByTestId("erasure-phone"));
    await user.type(screen.getByTestId("erasure-email"), "paul@free{Enter}");
    await waitFor(() =>
      expect(screen.getByTestId("erasure-error")).toHaveTextContent("Le domaine « free » est incomplet"),
    );
    expect(transport.callsTo("find_person")).toEqual([
      { email: null, phone: null },
      { email: null, phone: "0612" },
      { email: "paul@free", phone: null },
    ]);
  });

  it("says so when nobody matches, and forgets the results when the fields change", async () => {
    const { user } = await show({ find_person: "privacy:find_person/nobody" });

    await user.type(screen.getByTestId("erasure-email"), "inconnu@example.fr{Enter}");
    expect(await screen.findByTestId("erasure-none")).toHaveTextContent("Aucun rendez-vous trouvé");
    expect(screen.queryByTestId("erasure-erase")).toBeNull();

    await user.type(screen.getByTestId("erasure-email"), "x");
    expect(screen.queryByTestId("erasure-none")).toBeNull();
  });

  it("needs Google: offline, the search says so", async () => {
    const { user } = await show({ find_person: "privacy:find_person/offline" });

    await user.type(screen.getByTestId("erasure-email"), "jeanne.martin@orange.fr{Enter}");

    expect(await screen.findByTestId("erasure-error")).toHaveTextContent(
      `La recherche a échoué : ${recordedError("privacy:find_person/offline").message}`,
    );
  });

  it("needs a linked account", async () => {
    await renderRecorded(PrivacySection, { account_status: "account_status/none" });
    await screen.findByTestId("retention-days");
    expect(screen.getByTestId("settings-retention")).toHaveTextContent(
      "Liez votre compte Google pour traiter une demande d’effacement.",
    );
    expect(screen.queryByTestId("erasure-search")).toBeNull();
    expect(screen.queryByTestId("retention-scrub")).toBeNull();
  });
});
