import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import type { AccountState, ErrorCode } from "../ipc/bindings";
import { LINKED_EMAIL } from "../ipc/demo-data";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";

/** Renders the app on a mock backend and waits until start-up has finished. */
async function startApp(options: MockOptions = {}) {
  const backend = new MockBackend(options);
  render(App, { backend });
  await screen.findByTestId("view-agenda");
  return { backend, user: userEvent.setup() };
}

const reconnect: AccountState = { state: "reconnectNeeded", email: LINKED_EMAIL, demo: false };

beforeEach(() => history.replaceState(null, "", "/"));
afterEach(() => setLocale("fr"));

describe("onboarding", () => {
  it("welcomes a user without an account in Agenda, Rendez-vous and Réglages", async () => {
    const { user } = await startApp();

    for (const id of ["agenda", "bookings", "settings"]) {
      await user.click(screen.getByTestId(`nav-${id}`));
      const card = within(screen.getByTestId(`view-${id}`)).getByTestId("onboarding");
      expect(card).toHaveTextContent("Bienvenue dans RDV Compagnon");
      expect(within(card).getByTestId("link-google")).toHaveTextContent("Lier mon compte Google");
      expect(within(card).getByTestId("start-demo")).toHaveTextContent("Essayer le mode démo");
      // The privacy promise is on the card, not hidden in a menu.
      expect(card).toHaveTextContent("restent sur cet ordinateur et chez Google");
    }
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "noAccount");
    expect(screen.queryByTestId("sync-now")).toBeNull();
  });

  it("shows progress during the demo start-up, then the agenda and the bookings", async () => {
    const { backend, user } = await startApp({ holdLinking: true });

    await user.click(screen.getByTestId("start-demo"));
    expect(await screen.findByTestId("demo-progress")).toHaveTextContent("Préparation du mode démo");
    expect(screen.getByTestId("link-google")).toBeDisabled();
    backend.finishLinking();

    // The agenda fills with bookings, availability and other events.
    const calendar = await screen.findByTestId("agenda-calendar", {}, { timeout: 3000 });
    await waitFor(() => expect(calendar.querySelector("[data-kind='booking']")).not.toBeNull());
    expect(screen.queryByTestId("onboarding")).toBeNull();
    expect(screen.getByTestId("demo-badge")).toHaveTextContent("Mode démo");
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "idle");
    expect(backend.calls.map(([command]) => command)).toContain("start_demo");

    await user.click(screen.getByTestId("nav-bookings"));
    expect((await screen.findAllByTestId("booking-row")).length).toBeGreaterThan(0);
  });

  it("asks to finish in the browser while linking, and Annuler stops it quietly", async () => {
    const { backend, user } = await startApp({ delayMs: 60_000 });

    await user.click(screen.getByTestId("link-google"));
    const progress = await screen.findByTestId("link-progress");
    expect(progress).toHaveTextContent("Terminez la connexion dans votre navigateur…");

    await user.click(within(progress).getByTestId("cancel-linking"));

    await waitFor(() => expect(screen.queryByTestId("link-progress")).toBeNull());
    expect(backend.calls.map(([command]) => command)).toContain("cancel_linking");
    // Cancelling on purpose is not an error.
    expect(screen.queryByTestId("account-error")).toBeNull();
    expect(screen.getByTestId("link-google")).toBeEnabled();
  });

  it("links the account and shows its data", async () => {
    const { user } = await startApp();

    await user.click(screen.getByTestId("link-google"));

    const calendar = await screen.findByTestId("agenda-calendar");
    await waitFor(() => expect(calendar.querySelector("[data-kind='booking']")).not.toBeNull());
    expect(screen.queryByTestId("demo-badge")).toBeNull();
  });

  it.each<[ErrorCode, string, string]>([
    ["oauthDenied", "Vous avez refusé l’accès à votre agenda", "cliquez sur « Continuer »"],
    ["oauthCancelled", "La connexion n’a pas abouti", "5 minutes"],
    ["offline", "Pas de connexion Internet", "Vérifiez votre connexion"],
    ["keychainLocked", "Le trousseau du système est verrouillé", "Déverrouillez le trousseau"],
    ["keychainUnavailable", "Le trousseau du système est indisponible", "Installez ou activez"],
    ["notConfigured", "ne peut pas encore se connecter à Google", "Essayer le mode démo"],
    ["internal", "La liaison a échoué", "contactez l’assistance"],
  ])("explains the %s link failure and what to do", async (code, title, advice) => {
    const { user } = await startApp({ linkError: { code, message: "détail technique" } });

    await user.click(screen.getByTestId("link-google"));

    const error = await screen.findByTestId("account-error");
    expect(error).toHaveAttribute("data-code", code);
    expect(error).toHaveTextContent(title);
    expect(error).toHaveTextContent(advice);
    expect(error).toHaveTextContent("détail technique");
    // The user can start again from the same card.
    expect(screen.getByTestId("link-google")).toBeEnabled();
  });

  it("explains a failed demo start-up", async () => {
    const { user } = await startApp({ demoError: { code: "keychainLocked", message: "locked" } });

    await user.click(screen.getByTestId("start-demo"));

    const error = await screen.findByTestId("account-error");
    expect(error).toHaveTextContent("Le mode démo n’a pas pu démarrer");
    expect(error).toHaveTextContent("Déverrouillez le trousseau");
  });

  it("speaks English when the UI does", async () => {
    await startApp({ language: "en" });

    const card = screen.getByTestId("onboarding");
    expect(card).toHaveTextContent("Welcome to RDV Compagnon");
    expect(within(card).getByTestId("link-google")).toHaveTextContent("Link my Google account");
  });
});

describe("reconnect banner", () => {
  it("stays above every view while Google refuses the saved access", async () => {
    const { user } = await startApp({ account: reconnect });

    for (const id of ["agenda", "bookings", "availability", "sharing", "settings"]) {
      await user.click(screen.getByTestId(`nav-${id}`));
      expect(screen.getByTestId("reconnect-banner")).toHaveTextContent(
        `Reconnexion nécessaire : Google a refusé l’accès enregistré pour ${LINKED_EMAIL}.`,
      );
    }
    // The cached data is still shown, not the welcome card.
    await user.click(screen.getByTestId("nav-bookings"));
    expect((await screen.findAllByTestId("booking-row")).length).toBeGreaterThan(0);
    expect(screen.queryByTestId("onboarding")).toBeNull();
  });

  it("relinks in one click and disappears", async () => {
    const { backend, user } = await startApp({ account: reconnect, holdLinking: true });

    await user.click(screen.getByTestId("relink"));
    // While the browser is open the banner stays, with the progress under it.
    expect(await screen.findByTestId("link-progress")).toBeInTheDocument();
    expect(screen.getByTestId("reconnect-banner")).toBeInTheDocument();
    backend.finishLinking();

    await waitFor(() => expect(screen.queryByTestId("reconnect-banner")).toBeNull());
    expect(backend.calls.map(([command]) => command)).toContain("link_google_account");
    expect(backend.account).toEqual({ state: "linked", email: LINKED_EMAIL, demo: false });
  });

  it("appears when the backend reports the refusal while the app runs", async () => {
    const { backend } = await startApp({
      account: { state: "linked", email: LINKED_EMAIL, demo: false },
    });
    expect(screen.queryByTestId("reconnect-banner")).toBeNull();

    backend.emitAccountState(reconnect);

    expect(await screen.findByTestId("reconnect-banner")).toBeInTheDocument();
  });
});

describe("Réglages → Compte Google", () => {
  async function openAccount(options: MockOptions) {
    const started = await startApp(options);
    await started.user.click(screen.getByTestId("nav-settings"));
    return { ...started, card: await screen.findByTestId("account-card") };
  }

  it("shows the linked account", async () => {
    const { card } = await openAccount({
      account: { state: "linked", email: LINKED_EMAIL, demo: false },
    });

    expect(within(card).getByTestId("account-email")).toHaveTextContent(LINKED_EMAIL);
    expect(card).toHaveTextContent("Lié");
    expect(within(card).queryByTestId("account-demo-badge")).toBeNull();
  });

  it("marks the demo account", async () => {
    const { card } = await openAccount({
      account: { state: "linked", email: "demo@example.fr", demo: true },
    });
    expect(within(card).getByTestId("account-demo-badge")).toBeInTheDocument();
    expect(screen.getByTestId("demo-badge")).toBeInTheDocument();
  });

  it("asks before unlinking; Annuler changes nothing", async () => {
    const { backend, user, card } = await openAccount({
      account: { state: "linked", email: LINKED_EMAIL, demo: false },
    });

    await user.click(within(card).getByTestId("unlink"));
    const dialog = screen.getByTestId("confirm-unlink");
    expect(dialog).toHaveAttribute("open");
    expect(dialog).toHaveTextContent("Délier le compte Google ?");
    expect(dialog).toHaveTextContent("supprimer les données en cache");
    expect(dialog).toHaveTextContent("Votre agenda Google n’est pas modifié");

    await user.click(within(dialog).getByTestId("confirm-unlink-cancel"));

    expect(dialog).not.toHaveAttribute("open");
    expect(backend.calls.map(([command]) => command)).not.toContain("unlink_account");
    expect(screen.getByTestId("account-card")).toBeInTheDocument();
  });

  it("unlinks once confirmed, and welcomes the user again", async () => {
    const { backend, user, card } = await openAccount({
      account: { state: "linked", email: LINKED_EMAIL, demo: false },
    });

    await user.click(within(card).getByTestId("unlink"));
    await user.click(
      within(screen.getByTestId("confirm-unlink")).getByTestId("confirm-unlink-confirm"),
    );

    expect(await screen.findByTestId("onboarding")).toBeInTheDocument();
    expect(backend.calls.filter(([command]) => command === "unlink_account")).toHaveLength(1);
    expect(screen.queryByTestId("account-card")).toBeNull();
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "noAccount");
  });

  it("says why unlinking failed and keeps the account", async () => {
    const { user, card } = await openAccount({
      account: { state: "linked", email: LINKED_EMAIL, demo: false },
      unlinkError: { code: "keychainLocked", message: "collection is locked" },
    });

    await user.click(within(card).getByTestId("unlink"));
    await user.click(
      within(screen.getByTestId("confirm-unlink")).getByTestId("confirm-unlink-confirm"),
    );

    const error = await screen.findByTestId("account-error");
    expect(error).toHaveTextContent("Le compte n’a pas pu être délié");
    expect(error).toHaveTextContent("collection is locked");
    expect(screen.getByTestId("account-card")).toBeInTheDocument();
  });
});
