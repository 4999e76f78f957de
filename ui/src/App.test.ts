import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import { setLocale } from "./lib/i18n/i18n.svelte";
import { BACKEND_EVENTS } from "./lib/ipc/backend";
import type { AppInfo, Booking } from "./lib/ipc/bindings";
import { RECORDED_AT, recorded, recordedBackend, recordedError, type Routes } from "./lib/ipc/recorded-transport";

const NAV = [
  { id: "agenda", fr: "Agenda", en: "Agenda" },
  { id: "bookings", fr: "Rendez-vous", en: "Appointments" },
  { id: "availability", fr: "Disponibilités", en: "Availability" },
  { id: "sharing", fr: "Partage", en: "Sharing" },
  { id: "settings", fr: "Réglages", en: "Settings" },
] as const;

/** Before any account: the welcome screen. */
const NO_ACCOUNT: Routes = {
  account_status: "account_status/none",
  sync_status: "sync_status/none",
  site_state: "site_state/none",
};

/** Renders the app on recorded answers and waits until start-up has finished. */
async function startApp(routes: Routes = NO_ACCOUNT) {
  const { backend, transport } = recordedBackend(routes);
  render(App, { backend });
  await screen.findByTestId("view-agenda");
  return { transport, user: userEvent.setup() };
}

async function openSettings(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId("nav-settings"));
  return screen.getByTestId("view-settings");
}

beforeEach(() => {
  vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] });
  history.replaceState(null, "", "/");
});
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("App shell", () => {
  it("starts in French on the agenda, with the five entries in the sidebar", async () => {
    await startApp();

    for (const { id, fr } of NAV) {
      expect(screen.getByTestId(`nav-${id}`)).toHaveTextContent(fr);
    }
    expect(screen.getByTestId("nav-agenda")).toHaveAttribute("aria-current", "page");
    expect(document.documentElement.lang).toBe("fr");
  });

  it("starts in the language saved by the backend", async () => {
    await startApp({ ...NO_ACCOUNT, get_settings: "account:get_settings/en" });

    expect(screen.getByTestId("nav-bookings")).toHaveTextContent("Appointments");
    expect(document.documentElement.lang).toBe("en");
  });

  it("shows each view with its title when its sidebar entry is clicked", async () => {
    const { user } = await startApp();

    for (const { id, fr } of NAV) {
      await user.click(screen.getByTestId(`nav-${id}`));

      const view = screen.getByTestId(`view-${id}`);
      expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent(fr);
      expect(screen.getByTestId(`nav-${id}`)).toHaveAttribute("aria-current", "page");
      // Only one view is on screen at a time.
      expect(document.querySelectorAll("[data-testid^='view-']")).toHaveLength(1);
      // Without an account, every view welcomes the user.
      expect(within(view).getByTestId("onboarding")).toBeInTheDocument();
    }
  });

  it("switches views with Ctrl+1 to Ctrl+5", async () => {
    const { user } = await startApp();

    await user.keyboard("{Control>}5{/Control}");
    expect(screen.getByTestId("view-settings")).toBeInTheDocument();

    await user.keyboard("{Control>}2{/Control}");
    expect(screen.getByTestId("view-bookings")).toBeInTheDocument();
  });

  it("moves the focus between sidebar entries with the arrow keys", async () => {
    const { user } = await startApp();
    screen.getByTestId("nav-agenda").focus();

    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("nav-bookings")).toHaveFocus();

    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(screen.getByTestId("nav-settings")).toHaveFocus();
  });
});

describe("Settings view", () => {
  it("switches the whole UI to English and saves the choice", async () => {
    const { transport, user } = await startApp({ ...NO_ACCOUNT, set_language: "set_language/en" });
    const view = await openSettings(user);

    await user.selectOptions(within(view).getByTestId("language-select"), "en");

    expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toBeInTheDocument();
    expect(screen.getByTestId("nav-bookings")).toHaveTextContent("Appointments");
    expect(document.documentElement.lang).toBe("en");
    expect(transport.callsTo("set_language")).toEqual([{ language: "en" }]);
  });

  it("keeps the current language and says why when it cannot be saved", async () => {
    const { user } = await startApp({ ...NO_ACCOUNT, set_language: "account:set_language/unknown" });
    const view = await openSettings(user);
    const select = within(view).getByTestId("language-select");

    await user.selectOptions(select, "en");

    expect(await within(view).findByRole("alert")).toHaveTextContent(
      recordedError("account:set_language/unknown").message,
    );
    expect(select).toHaveValue("fr");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Réglages");
  });

  it("shows that the keychain is available", async () => {
    const { user } = await startApp();
    await openSettings(user);

    const status = await screen.findByTestId("keychain-status");
    expect(status).toHaveAttribute("data-state", "available");
    expect(status).toHaveTextContent("Le trousseau du système est disponible");
  });

  it("explains a locked keychain and checks again on request", async () => {
    const { user } = await startApp({
      ...NO_ACCOUNT,
      keychain_status: ["account:keychain_status/locked", "account:keychain_status"],
    });
    await openSettings(user);

    const status = await screen.findByTestId("keychain-status");
    expect(status).toHaveAttribute("data-state", "locked");
    expect(status).toHaveTextContent("test keychain locked");
    expect(status).toHaveTextContent("Déverrouillez le trousseau de votre session");

    await user.click(within(status).getByRole("button", { name: "Réessayer" }));

    expect(await screen.findByTestId("keychain-status")).toHaveAttribute("data-state", "available");
  });

  it("confirms a test notification was sent", async () => {
    const { transport, user } = await startApp({ ...NO_ACCOUNT, send_test_notification: "account:send_test_notification" });
    await openSettings(user);

    await user.click(screen.getByTestId("test-notification"));

    const result = await screen.findByTestId("test-notification-result");
    expect(result).toHaveAttribute("data-outcome", "ok");
    expect(transport.callsTo("send_test_notification")).toHaveLength(1);
  });

  it("shows why a test notification failed", async () => {
    const { user } = await startApp({
      ...NO_ACCOUNT,
      send_test_notification: "account:send_test_notification/unavailable",
    });
    await openSettings(user);

    await user.click(screen.getByTestId("test-notification"));

    const result = await screen.findByTestId("test-notification-result");
    expect(result).toHaveAttribute("data-outcome", "error");
    expect(result).toHaveTextContent(recordedError("account:send_test_notification/unavailable").message);
  });

  it("shows the version and folders from the backend", async () => {
    const info = recorded<AppInfo>("app_info");
    const { user } = await startApp();
    await openSettings(user);

    expect(await screen.findByTestId("app-version")).toHaveTextContent(info.version);
    expect(screen.getByTestId("app-data-dir")).toHaveTextContent(info.dataDir);
    expect(screen.getByTestId("app-log-dir")).toHaveTextContent(info.logDir);
  });
});

describe("a booking opened from the tray or a reminder (open-booking)", () => {
  const [alice] = recorded<Booking[]>("upcoming_bookings");
  const name = `${alice.patient.firstName} ${alice.patient.lastName}`;

  it("goes to the agenda and opens the booking's details, from any view", async () => {
    const { transport, user } = await startApp({});
    await openSettings(user);

    transport.emit(BACKEND_EVENTS.openBooking, { calendarId: alice.calendarId, id: alice.id });

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent(name);
    expect(screen.getByTestId("nav-agenda")).toHaveAttribute("aria-current", "page");
    expect(window.location.hash).toBe("#agenda");
  });

  it("opens it once the app is unlocked when it came while locked", async () => {
    const { backend, transport } = recordedBackend({
      lock_status: "lock:lock_status/locked",
      unlock_app: "lock:unlock_app",
    });
    render(App, { backend });
    const user = userEvent.setup();
    await screen.findByTestId("lock-screen");

    transport.emit(BACKEND_EVENTS.openBooking, { calendarId: alice.calendarId, id: alice.id });
    expect(screen.queryByTestId("booking-details")).toBeNull();
    transport.route("lock_status", "lock:lock_status/unlocked");
    await user.type(screen.getByTestId("lock-pin"), "2468{Enter}");

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent(name);
  });
});
