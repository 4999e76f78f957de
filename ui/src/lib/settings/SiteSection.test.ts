import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AccountState } from "../ipc/bindings";
import { DEMO_EMAIL } from "../ipc/demo-data";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { DEMO_SITE } from "../ipc/mock-site";
import { account, practice } from "../testing/practice";
import { renderView } from "../testing/render";
import SiteSection from "./SiteSection.svelte";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const demo: AccountState = { state: "linked", email: DEMO_EMAIL, demo: true };

async function show(options: MockOptions = {}) {
  const backend = new MockBackend({ account, data: practice(), ...options });
  const rendered = await renderView(SiteSection, backend);
  return { ...rendered, user: userEvent.setup() };
}

const linked = { site: { linked: true } } satisfies MockOptions;
const commands = (backend: MockBackend) => backend.calls.map(([command]) => command);

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("Réglages → Site de réservation: linking", () => {
  it("tests the credentials and shows the site's refusal, then links with good ones", async () => {
    const { backend, user } = await show();
    const button = await screen.findByTestId("site-link");
    expect(screen.getByTestId("site-password")).toHaveAttribute("type", "password");
    // Not in demo mode: no demo site.
    expect(screen.queryByTestId("site-link-demo")).toBeNull();

    // Nothing typed: said here, nothing asked of the site.
    await user.click(button);
    expect(screen.getByTestId("site-error")).toHaveTextContent("Indiquez l’adresse du site");
    expect(commands(backend)).not.toContain("link_site");

    await user.type(screen.getByTestId("site-url"), "https://cabinet-laurent.fr");
    await user.type(screen.getByTestId("site-user"), "claire");
    await user.type(screen.getByTestId("site-password"), "wrong");
    await user.click(button);
    expect(await screen.findByTestId("site-error")).toHaveTextContent(
      "Le site refuse l'identifiant ou le mot de passe d'application",
    );
    expect(backend.site.linked).toBe(false);

    await user.clear(screen.getByTestId("site-password"));
    await user.type(screen.getByTestId("site-password"), "abcd EFGH ijkl MNOP qrst UVWX");
    await user.click(button);

    const status = await screen.findByTestId("site-status");
    expect(status).toHaveTextContent("cabinet-laurent.fr");
    expect(status).toHaveTextContent("claire");
    expect(status).toHaveTextContent("26 nov. 2026");
    expect(screen.queryByTestId("site-error")).toBeNull();
    expect(backend.calls).toContainEqual([
      "link_site",
      { url: "https://cabinet-laurent.fr", user: "claire", appPassword: "abcd EFGH ijkl MNOP qrst UVWX" },
    ]);
    // The texts and the usage come with it.
    expect(await screen.findByTestId("sms-confirmation")).toBeInTheDocument();
    expect(await screen.findByTestId("sms-usage")).toBeInTheDocument();
  });

  it("disables the button while the credentials are tested", async () => {
    const { user } = await show({ delayMs: 200 });
    await user.type(await screen.findByTestId("site-url"), "https://cabinet.fr");
    await user.type(screen.getByTestId("site-user"), "claire");
    await user.type(screen.getByTestId("site-password"), "abcdefghijklmnopqrstuvwx");
    await user.click(screen.getByTestId("site-link"));
    expect(screen.getByTestId("site-link")).toBeDisabled();
    expect(await screen.findByTestId("site-status")).toBeInTheDocument();
  });

  it("offers the demo site in demo mode only, and links it", async () => {
    const { backend, user } = await show({ account: demo, data: undefined });
    await user.click(await screen.findByTestId("site-link-demo"));
    expect(await screen.findByTestId("site-status")).toHaveTextContent(DEMO_SITE.name);
    expect(commands(backend)).toContain("link_demo_site");
  });

  it("synchronises, then unlinks after confirmation", async () => {
    const { backend, user } = await show(linked);
    await user.click(await screen.findByTestId("site-sync"));
    expect(await screen.findByTestId("site-synced")).toHaveTextContent(/^Synchronisé\s: \d+ réservations? mises? à jour\.$/);

    await user.click(screen.getByTestId("site-unlink"));
    expect(backend.site.linked).toBe(true);
    await user.click(screen.getByTestId("site-unlink-dialog-confirm"));
    expect(await screen.findByTestId("site-link")).toBeInTheDocument();
    expect(backend.site.linked).toBe(false);
  });
});

describe("Réglages → Site de réservation: SMS texts", () => {
  const plain =
    "Bonjour {prenom}, {praticien} vous attend le {date} a {heure}. Merci de prevenir en cas d'empechement.";

  it("counts live: an « ê » switches to UCS-2 and adds SMS; replacing it all comes back to GSM-7", async () => {
    const { user } = await show(linked);
    const reminder = await screen.findByTestId("sms-reminder");

    await user.clear(reminder);
    await user.type(reminder, plain.replace(/\{/g, "{{"));
    await waitFor(() => expect(screen.getByTestId("sms-reminder-encoding")).toHaveTextContent("GSM-7"));
    expect(screen.getByTestId("sms-reminder-segments")).toHaveTextContent("1 SMS");
    expect(screen.getByTestId("sms-reminder-preview")).toHaveTextContent("Bonjour Marie-Christine, Dr Claire Laurent");
    expect(screen.queryByTestId("sms-reminder-ucs2")).toBeNull();

    await user.clear(reminder);
    await user.type(reminder, plain.replace("empechement", "empêchement").replace(/\{/g, "{{"));
    await waitFor(() => expect(screen.getByTestId("sms-reminder-encoding")).toHaveTextContent("UCS-2"));
    expect(screen.getByTestId("sms-reminder-segments")).toHaveTextContent("2 SMS");
    expect(screen.getByTestId("sms-reminder-several")).toHaveTextContent("Ce message coûte 2 SMS ou plus");
    const list = screen.getByTestId("sms-reminder-ucs2");
    expect(within(list).getAllByRole("listitem")).toHaveLength(1);
    expect(list).toHaveTextContent("ê");
    expect(within(list).getByRole("button", { name: "Remplacer par e" })).toBeInTheDocument();

    await user.click(screen.getByTestId("sms-reminder-replace-all"));
    expect(reminder).toHaveValue(plain);
    await waitFor(() => expect(screen.getByTestId("sms-reminder-encoding")).toHaveTextContent("GSM-7"));
    expect(screen.getByTestId("sms-reminder-segments")).toHaveTextContent("1 SMS");
  });

  it("replaces one character in one click and inserts variables where the cursor is", async () => {
    const { user } = await show(linked);
    const confirmation = await screen.findByTestId("sms-confirmation");
    await user.clear(confirmation);
    await user.type(confirmation, "RDV l’après-midi avec ");
    const list = await screen.findByTestId("sms-confirmation-ucs2");
    await user.click(within(list).getByRole("button", { name: "Remplacer par '" }));
    expect(confirmation).toHaveValue("RDV l'après-midi avec ");

    await user.click(screen.getAllByRole("button", { name: "Insérer {praticien}" })[0]);
    expect(confirmation).toHaveValue("RDV l'après-midi avec {praticien}");
    await waitFor(() => expect(screen.getByTestId("sms-confirmation-encoding")).toHaveTextContent("GSM-7"));
  });

  it("refuses to validate while a text has problems", async () => {
    const { backend, user } = await show(linked);
    const cancellation = await screen.findByTestId("sms-cancellation");
    await user.clear(cancellation);
    await user.type(cancellation, "Votre RDV du {{date} est annulé. {{nom}");

    const problems = await screen.findByTestId("sms-cancellation-problems");
    expect(problems).toHaveTextContent("La variable {nom} n'existe pas");
    expect(problems).toHaveTextContent("Le texte doit indiquer qui l'envoie");
    expect(screen.getByTestId("sms-validate")).toBeDisabled();
    expect(screen.getByText("Corrigez les problèmes signalés avant de valider.")).toBeInTheDocument();
    expect(commands(backend)).not.toContain("validate_sms_texts");
  });

  it("sends the texts to the site once confirmed", async () => {
    const { backend, user } = await show(linked);
    const reminder = await screen.findByTestId("sms-reminder");
    await user.clear(reminder);
    await user.type(reminder, "Rappel : RDV demain a {{heure} avec {{praticien}.");
    await waitFor(() => expect(screen.getByTestId("sms-validate")).toBeEnabled());

    await user.click(screen.getByTestId("sms-validate"));
    expect(screen.getByTestId("sms-validate-dialog")).toHaveTextContent("Les patients recevront ces textes");
    expect(commands(backend)).not.toContain("validate_sms_texts");
    await user.click(screen.getByTestId("sms-validate-confirm"));

    expect(await screen.findByTestId("sms-result")).toHaveTextContent("Textes validés et envoyés au site.");
    expect(backend.site.texts.reminder).toBe("Rappel : RDV demain a {heure} avec {praticien}.");
    expect(backend.calls).toContainEqual([
      "validate_sms_texts",
      expect.objectContaining({ reminder: "Rappel : RDV demain a {heure} avec {praticien}." }),
    ]);
  });

  it("shows why the site refused the texts", async () => {
    const { backend, user } = await show(linked);
    await waitFor(() => expect(screen.getByTestId("sms-validate")).toBeEnabled());
    backend.site.offline = true;
    await user.click(screen.getByTestId("sms-validate"));
    await user.click(screen.getByTestId("sms-validate-confirm"));
    const result = await screen.findByTestId("sms-result");
    expect(result).toHaveTextContent("Les textes n’ont pas été envoyés");
    expect(result).toHaveAttribute("data-ok", "false");
  });
});

describe("Réglages → Site de réservation: SMS usage", () => {
  it("shows this month and the last: messages, SMS billed, cost and price per SMS", async () => {
    await show({
      site: {
        linked: true,
        usage: {
          current: { month: "2026-11", messages: 37, segments: 52, cost: "4.16", pricePerSegment: "0.08" },
          previous: { month: "2026-10", messages: 84, segments: 121, cost: "9.68", pricePerSegment: "0.08" },
        },
      },
    });
    const usage = await screen.findByTestId("sms-usage");
    const [current, previous] = within(usage).getAllByTestId("sms-usage-month");
    expect(current).toHaveTextContent(/novembre 2026 \(en cours\)/);
    expect(current).toHaveTextContent("37");
    expect(current).toHaveTextContent("52");
    expect(current).toHaveTextContent(/4,16\s€/);
    expect(current).toHaveTextContent(/0,08\s€/);
    expect(previous).toHaveTextContent("octobre 2026");
    expect(previous).toHaveTextContent(/9,68\s€/);
  });
});
