import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { Patient } from "../ipc/bindings";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import type { MockPastBooking } from "../ipc/mock-privacy";
import { account, CLAIRE, practice } from "../testing/practice";
import { renderView } from "../testing/render";
import PrivacySection from "./PrivacySection.svelte";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");

const jeanne: Patient = { firstName: "Jeanne", lastName: "Martin", phone: "+33612345678", email: "jeanne.martin@orange.fr" };
const paul: Patient = { firstName: "Paul", lastName: "Roux", phone: "0698765432", email: "paul.roux@free.fr" };

function past(id: string, daysAgo: number, patient: Patient): MockPastBooking {
  const start = new Date(NOW.getTime() - daysAgo * 86_400_000);
  return {
    calendarId: CLAIRE,
    eventId: id,
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    appointmentType: "suivi",
    patient,
  };
}

/** Three bookings past 120 days (one past 240), one past 90 only, one recent. */
const history = [
  past("a", 300, paul),
  past("b", 200, jeanne),
  past("c", 130, paul),
  past("d", 100, paul),
  past("e", 20, jeanne),
];

async function show(options: MockOptions = {}) {
  const backend = new MockBackend({ account, data: practice(), pastBookings: history, ...options });
  const rendered = await renderView(PrivacySection, backend);
  await screen.findByTestId("retention-days");
  return { ...rendered, user: userEvent.setup() };
}

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("Réglages → Données personnelles: retention", () => {
  it("explains the rule and shows the first dry run before any purge", async () => {
    const { backend } = await show();

    const section = screen.getByTestId("settings-retention");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("Données personnelles");
    expect(section).toHaveTextContent("au plus tard 90, 120 ou 240 jours après le rendez-vous");
    expect(section).toHaveTextContent("art. 8.3");
    expect(screen.getByTestId("retention-days")).toHaveValue("120");
    expect(screen.getByRole("option", { name: "120 jours (par défaut)" })).toBeInTheDocument();
    expect(screen.getByTestId("retention-status")).toHaveTextContent("pas encore activée");

    const preview = await screen.findByTestId("retention-preview");
    expect(preview).toHaveTextContent(
      "Aperçu : 3 rendez-vous de plus de 120 jours perdront nom, téléphone, e-mail.",
    );
    expect(section).toHaveTextContent("Rendez-vous du 30 janv. 2026 au 19 juil. 2026");
    expect(screen.getByTestId("retention-log")).toHaveTextContent("Aucune purge pour l’instant.");
    // Nothing purged by looking.
    expect(backend.retention.confirmed).toBe(false);
    expect(backend.retention.log).toEqual([]);
  });

  it("runs the dry run again for another period", async () => {
    const { backend, user } = await show();
    await screen.findByTestId("retention-preview");

    await user.selectOptions(screen.getByTestId("retention-days"), "90");
    await waitFor(() => expect(screen.getByTestId("retention-preview")).toHaveAttribute("data-count", "4"));
    await user.selectOptions(screen.getByTestId("retention-days"), "240");
    await waitFor(() => expect(screen.getByTestId("retention-preview")).toHaveTextContent("1 rendez-vous de plus de 240 jours"));

    expect(backend.calls.filter(([c]) => c === "set_retention_days").map(([, a]) => a)).toEqual([
      { days: 90 },
      { days: 240 },
    ]);
  });

  it("turns on the automatic purge once confirmed, which purges now and logs counts only", async () => {
    const { backend, user } = await show();

    await user.click(await screen.findByTestId("retention-confirm"));

    expect(await screen.findByTestId("retention-purged")).toHaveTextContent("3 rendez-vous anonymisés");
    expect(screen.getByTestId("retention-status")).toHaveTextContent("Purge automatique activée");
    expect(screen.queryByTestId("retention-preview")).toBeNull();
    expect(screen.queryByTestId("retention-confirm")).toBeNull();
    const [entry] = within(screen.getByTestId("retention-log")).getAllByTestId("retention-log-entry");
    expect(entry).toHaveAttribute("data-kind", "retention");
    expect(entry).toHaveTextContent("26 nov. 2026");
    expect(entry).toHaveTextContent("Purge (terminés avant le 29 juil. 2026)");
    expect(entry).toHaveTextContent("3");
    // Dates and counts, never who.
    expect(screen.getByTestId("retention-log")).not.toHaveTextContent(/Paul|Jeanne|Roux|Martin/);
    expect(backend.retention.confirmed).toBe(true);
  });

  it("shows no dry run once purges are on", async () => {
    const { backend } = await show({ retention: { confirmed: true } });
    expect(screen.getByTestId("retention-status")).toHaveTextContent("Purge automatique activée");
    expect(screen.queryByTestId("retention-preview")).toBeNull();
    expect(backend.calls.map(([c]) => c)).not.toContain("retention_preview");
  });

  it("erases past contact details in Google only after a confirmation that the slots stay", async () => {
    const { backend, user } = await show();

    await user.click(screen.getByTestId("retention-scrub"));
    const dialog = screen.getByTestId("retention-scrub-dialog");
    expect(dialog).toHaveTextContent("plus de 120 jours");
    expect(dialog).toHaveTextContent("Le créneau horaire et le motif sont conservés");
    await user.click(within(dialog).getByTestId("retention-scrub-dialog-cancel"));
    expect(backend.calls.map(([c]) => c)).not.toContain("scrub_google_past");

    await user.click(screen.getByTestId("retention-scrub"));
    await user.click(screen.getByTestId("retention-scrub-dialog-confirm"));

    expect(await screen.findByTestId("retention-scrub-result")).toHaveTextContent(
      "3 anciens rendez-vous anonymisés dans Google Agenda.",
    );
  });

  it("says why Google could not be changed", async () => {
    const { user } = await show({ offline: true });

    await user.click(screen.getByTestId("retention-scrub"));
    await user.click(screen.getByTestId("retention-scrub-dialog-confirm"));

    expect(await screen.findByTestId("retention-scrub-error")).toHaveTextContent("pas de connexion Internet");
  });
});

describe("Réglages → Données personnelles: erasure request", () => {
  it("finds a person's bookings, erases them after a confirmation, and gives the report to copy", async () => {
    const { backend, user } = await show();

    await user.type(screen.getByTestId("erasure-email"), "Paul.Roux@free.fr");
    await user.click(screen.getByTestId("erasure-search"));

    const matches = await screen.findAllByTestId("erasure-match");
    expect(matches).toHaveLength(3);
    expect(matches[0]).toHaveTextContent("30 janv. 2026, 09:00");
    expect(matches[0]).toHaveTextContent("Suivi");
    expect(matches[0]).toHaveTextContent("Copie locale");
    expect(matches[0]).toHaveTextContent("Google Agenda");
    expect(backend.calls).toContainEqual(["find_person", { email: "Paul.Roux@free.fr", phone: null }]);

    await user.click(screen.getByTestId("erasure-erase"));
    expect(screen.getByTestId("erasure-dialog")).toHaveTextContent("effacés de 3 rendez-vous");
    await user.click(screen.getByTestId("erasure-confirm"));

    const report = await screen.findByTestId("erasure-report");
    expect(report).toHaveAttribute("readonly");
    expect((report as HTMLTextAreaElement).value).toContain("Suite à votre demande, vos données personnelles");
    expect(screen.getByTestId("erasure-counts")).toHaveTextContent("Google Agenda : 3");
    expect(screen.getByTestId("erasure-counts")).toHaveTextContent("Copie locale : 3");
    expect(screen.getByTestId("erasure-counts")).toHaveTextContent("Site de réservation : non relié");
    expect(backend.calls).toContainEqual(["erase_person", { email: "Paul.Roux@free.fr", phone: null }]);

    await user.click(screen.getByTestId("erasure-copy"));
    // user-event's clipboard stands for the system's.
    expect(await navigator.clipboard.readText()).toBe((report as HTMLTextAreaElement).value);
    expect(await screen.findByTestId("erasure-copied")).toHaveTextContent("Compte rendu copié.");
    // The erasure is in the log, as a count.
    await waitFor(() => expect(backend.retention.log[0]).toMatchObject({ kind: "erasure", bookings: 3 }));

    await user.click(screen.getByTestId("erasure-again"));
    expect(screen.getByTestId("erasure-email")).toHaveValue("");
  });

  it("says when the erasure is not finished and which place was not reached, and why", async () => {
    const { backend, user } = await show();
    vi.spyOn(backend, "erasePerson").mockResolvedValue({
      erasedAt: "2026-11-26T08:00:00Z",
      complete: false,
      calendarEvents: 0,
      cachedBookings: 0,
      siteRecords: null,
      parts: [
        { place: "calendar", label: "Cabinet", step: "pending", count: 2, reason: "injoignable (pas de connexion)" },
        { place: "cache", label: "Copie locale de l'application", step: "pending", count: 1, reason: "attend les agendas" },
      ],
      report: "Effacement commencé le 26/11/2026 à 08:00 UTC et pas encore terminé",
    });
    await user.type(screen.getByTestId("erasure-email"), "paul.roux@free.fr{Enter}");
    await user.click(await screen.findByTestId("erasure-erase"));
    await user.click(screen.getByTestId("erasure-confirm"));

    expect(await screen.findByTestId("erasure-pending")).toHaveTextContent("N’envoyez pas encore le compte rendu");
    const open = screen.getByTestId("erasure-open-parts");
    expect(open).toHaveTextContent("Cabinet : pas encore effacé — injoignable (pas de connexion)");
    expect(open).toHaveTextContent("Copie locale de l'application : pas encore effacé — attend les agendas");
  });

  it("selects the report for Ctrl+C when the clipboard cannot be written", async () => {
    const { user } = await show();
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
    const { backend, user } = await show();

    await user.type(screen.getByTestId("erasure-phone"), "06 12 34 56 78{Enter}");
    await screen.findAllByTestId("erasure-match");
    await user.click(screen.getByTestId("erasure-erase"));
    await user.click(screen.getByTestId("erasure-dialog-cancel"));

    expect(backend.calls.map(([c]) => c)).not.toContain("erase_person");
    expect(screen.getAllByTestId("erasure-match").length).toBeGreaterThan(0);
  });

  it("asks for an email or a phone, and shows the backend's word on a bad address", async () => {
    const { backend, user } = await show();

    await user.click(screen.getByTestId("erasure-search"));
    expect(screen.getByTestId("erasure-error")).toHaveTextContent("Indiquez l’adresse e-mail ou le numéro de téléphone");
    expect(screen.getByTestId("erasure-email")).toHaveFocus();

    await user.type(screen.getByTestId("erasure-phone"), "0612{Enter}");
    expect(screen.getByTestId("erasure-error")).toHaveTextContent("au moins 6 chiffres");
    expect(backend.calls.map(([c]) => c)).not.toContain("find_person");

    await user.clear(screen.getByTestId("erasure-phone"));
    await user.type(screen.getByTestId("erasure-email"), "paul@free{Enter}");
    expect(await screen.findByTestId("erasure-error")).toHaveTextContent("Le domaine « free » est incomplet");
  });

  it("says so when nobody matches, and forgets the results when the fields change", async () => {
    const { user } = await show();

    await user.type(screen.getByTestId("erasure-email"), "inconnu@example.fr{Enter}");
    expect(await screen.findByTestId("erasure-none")).toHaveTextContent("Aucun rendez-vous trouvé");
    expect(screen.queryByTestId("erasure-erase")).toBeNull();

    await user.type(screen.getByTestId("erasure-email"), "x");
    expect(screen.queryByTestId("erasure-none")).toBeNull();
  });

  it("needs Google: offline, the search says so", async () => {
    const { user } = await show({ offline: true });

    await user.type(screen.getByTestId("erasure-email"), "paul.roux@free.fr{Enter}");

    expect(await screen.findByTestId("erasure-error")).toHaveTextContent("pas de connexion Internet");
  });

  it("needs a linked account", async () => {
    await renderView(PrivacySection, new MockBackend());
    await screen.findByTestId("retention-days");
    expect(screen.getByTestId("settings-retention")).toHaveTextContent(
      "Liez votre compte Google pour traiter une demande d’effacement.",
    );
    expect(screen.queryByTestId("erasure-search")).toBeNull();
    expect(screen.queryByTestId("retention-scrub")).toBeNull();
  });
});
