import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { AccountState } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedBackend, recordedError, type Routes } from "../ipc/recorded-transport";

/** Before any account: the welcome screen. */
const NO_ACCOUNT: Routes = {
  account_status: "account_status/none",
  sync_status: "sync_status/none",
  site_state: "site_state/none",
};
/** The demo account, whose saved access Google refused. */
const RECONNECT: Routes = {
  account_status: "account:account_status/reconnect",
  upcoming_bookings: "account:upcoming_bookings/reconnect",
};
const EMAIL = recorded<AccountState & { email: string }>("account_status").email;

/** Renders the app on recorded answers and waits until start-up has finished. */
async function startApp(routes: Routes = NO_ACCOUNT) {
  const { backend, transport } = recordedBackend(routes);
  render(App, { backend });
  await screen.findByTestId("view-agenda");
  return { transport, user: userEvent.setup() };
}

beforeEach(() => {
  vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] });
  history.replaceState(null, "", "/");
});
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

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
    const { transport, user } = await startApp();
    const finish = transport.hold("start_demo");

    await user.click(screen.getByTestId("start-demo"));
    expect(await screen.findByTestId("demo-progress")).toHaveTextContent("Préparation du mode démo");
    expect(screen.getByTestId("link-google")).toBeDisabled();
    // From now on the backend answers as the linked demo practice.
    transport.route("account_status", "account_status");
    transport.route("sync_status", "sync_status");
    transport.route("site_state", "site_state");
    finish();
    // The core reports the first sync as it goes.
    await waitFor(() => expect(screen.queryByTestId("demo-progress")).toBeNull());
    transport.emit(BACKEND_EVENTS.syncStatus, recorded("sync_now"));

    // The agenda fills with bookings, availability and other events.
    const calendar = await screen.findByTestId("agenda-calendar", {}, { timeout: 3000 });
    await waitFor(() => expect(calendar.querySelector("[data-kind='booking']")).not.toBeNull());
    expect(screen.queryByTestId("onboarding")).toBeNull();
    expect(screen.getByTestId("demo-badge")).toHaveTextContent("Mode démo");
    await waitFor(() => expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "idle"));
    expect(transport.callsTo("start_demo")).toHaveLength(1);

    await user.click(screen.getByTestId("nav-bookings"));
    expect((await screen.findAllByTestId("booking-row")).length).toBeGreaterThan(0);
  });

  it("asks to finish in the browser while linking, and Annuler asks the backend to stop it", async () => {
    const { transport, user } = await startApp({
      ...NO_ACCOUNT,
      link_google_account: "account:link_google_account/not-configured",
      cancel_linking: "account:cancel_linking",
    });
    // The browser is open: the link has not answered yet.
    transport.hold("link_google_account");

    await user.click(screen.getByTestId("link-google"));
    const progress = await screen.findByTestId("link-progress");
    expect(progress).toHaveTextContent("Terminez la connexion dans votre navigateur…");

    await user.click(within(progress).getByTestId("cancel-linking"));

    await waitFor(() => expect(transport.callsTo("cancel_linking")).toHaveLength(1));
    expect(screen.queryByTestId("account-error")).toBeNull();
  });

  it("explains why this installation cannot link a Google account, and what to do", async () => {
    const { user } = await startApp({ ...NO_ACCOUNT, link_google_account: "account:link_google_account/not-configured" });

    await user.click(screen.getByTestId("link-google"));

    const error = await screen.findByTestId("account-error");
    expect(error).toHaveAttribute("data-code", "notConfigured");
    expect(error).toHaveTextContent("ne peut pas encore se connecter à Google");
    expect(error).toHaveTextContent("Essayer le mode démo");
    expect(error).toHaveTextContent(recordedError("account:link_google_account/not-configured").message);
    // The user can start again from the same card.
    expect(screen.getByTestId("link-google")).toBeEnabled();
  });

  it("explains a failed demo start-up", async () => {
    const { user } = await startApp({ ...NO_ACCOUNT, start_demo: "account:start_demo/keychain-locked" });

    await user.click(screen.getByTestId("start-demo"));

    const error = await screen.findByTestId("account-error");
    expect(error).toHaveAttribute("data-code", "keychainLocked");
    expect(error).toHaveTextContent("Le mode démo n’a pas pu démarrer");
    expect(error).toHaveTextContent("Déverrouillez le trousseau");
  });

  it("speaks English when the UI does", async () => {
    await startApp({ ...NO_ACCOUNT, get_settings: "account:get_settings/en" });

    const card = screen.getByTestId("onboarding");
    expect(card).toHaveTextContent("Welcome to RDV Compagnon");
    expect(within(card).getByTestId("link-google")).toHaveTextContent("Link my Google account");
  });
});

describe("reconnect banner", () => {
  it("stays above every view while Google refuses the saved access", async () => {
    const { user } = await startApp(RECONNECT);

    for (const id of ["agenda", "bookings", "availability", "sharing", "settings"]) {
      await user.click(screen.getByTestId(`nav-${id}`));
      expect(screen.getByTestId("reconnect-banner")).toHaveTextContent(
        `Reconnexion nécessaire : Google a refusé l’accès enregistré pour ${EMAIL}.`,
      );
    }
    // The cached data is still shown, not the welcome card.
    await user.click(screen.getByTestId("nav-bookings"));
    expect((await screen.findAllByTestId("booking-row")).length).toBeGreaterThan(0);
    expect(screen.queryByTestId("onboarding")).toBeNull();
  });

  it("relinks in one click, with the progress under the banner, and says why it failed", async () => {
    const { transport, user } = await startApp({
      ...RECONNECT,
      link_google_account: "account:link_google_account/not-configured",
    });
    const answer = transport.hold("link_google_account");

    await user.click(screen.getByTestId("relink"));
    // While the browser is open the banner stays, with the progress under it.
    expect(await screen.findByTestId("link-progress")).toBeInTheDocument();
    expect(screen.getByTestId("reconnect-banner")).toBeInTheDocument();
    answer();

    expect(await screen.findByTestId("account-error")).toHaveAttribute("data-code", "notConfigured");
    expect(screen.getByTestId("reconnect-banner")).toBeInTheDocument();
    expect(transport.callsTo("link_google_account")).toHaveLength(1);
  });

  it("appears when the backend reports the refusal while the app runs", async () => {
    const { transport } = await startApp({});
    expect(screen.queryByTestId("reconnect-banner")).toBeNull();

    transport.emit(BACKEND_EVENTS.accountState, recorded("account:account_status/reconnect"));

    expect(await screen.findByTestId("reconnect-banner")).toBeInTheDocument();
  });
});

describe("Réglages → Compte Google", () => {
  async function openAccount(routes: Routes = {}) {
    const started = await startApp(routes);
    await started.user.click(screen.getByTestId("nav-settings"));
    return { ...started, card: await screen.findByTestId("account-card") };
  }

  it("shows the linked account, marked as the demo's", async () => {
    const { card } = await openAccount();

    expect(within(card).getByTestId("account-email")).toHaveTextContent(EMAIL);
    expect(card).toHaveTextContent("Lié");
    expect(within(card).getByTestId("account-demo-badge")).toBeInTheDocument();
    expect(screen.getByTestId("demo-badge")).toBeInTheDocument();
  });

  it("asks before unlinking; Annuler changes nothing", async () => {
    const { transport, user, card } = await openAccount();

    await user.click(within(card).getByTestId("unlink"));
    const dialog = screen.getByTestId("confirm-unlink");
    expect(dialog).toHaveAttribute("open");
    expect(dialog).toHaveTextContent("Délier le compte Google ?");
    expect(dialog).toHaveTextContent("supprimer les données en cache");
    // The demo account: its made-up agenda goes with it.
    expect(dialog).toHaveTextContent("L’agenda fictif du mode démo sera effacé de cet ordinateur");

    await user.click(within(dialog).getByTestId("confirm-unlink-cancel"));

    expect(dialog).not.toHaveAttribute("open");
    expect(transport.callsTo("unlink_account")).toEqual([]);
    expect(screen.getByTestId("account-card")).toBeInTheDocument();
  });

  it("unlinks once confirmed, and welcomes the user again", async () => {
    const { transport, user, card } = await openAccount({ unlink_account: "account:unlink_account" });

    await user.click(within(card).getByTestId("unlink"));
    // The backend answers as it does once unlinked.
    transport.route("account_status", "account:account_status/unlinked");
    transport.route("sync_status", "sync_status/none");
    await user.click(within(screen.getByTestId("confirm-unlink")).getByTestId("confirm-unlink-confirm"));

    expect(await screen.findByTestId("onboarding")).toBeInTheDocument();
    expect(transport.callsTo("unlink_account")).toHaveLength(1);
    // The core reports the sync state it reset.
    transport.emit(BACKEND_EVENTS.syncStatus, recorded("sync_status/none"));
    expect(screen.queryByTestId("account-card")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "noAccount"));
  });

  it("says why unlinking failed and keeps the account", async () => {
    const { user, card } = await openAccount({ unlink_account: "account:unlink_account/keychain-locked" });

    await user.click(within(card).getByTestId("unlink"));
    await user.click(within(screen.getByTestId("confirm-unlink")).getByTestId("confirm-unlink-confirm"));

    const error = await screen.findByTestId("account-error");
    expect(error).toHaveTextContent("Le compte n’a pas pu être délié");
    expect(error).toHaveTextContent(recordedError("account:unlink_account/keychain-locked").message);
    expect(screen.getByTestId("account-card")).toBeInTheDocument();
  });
});
