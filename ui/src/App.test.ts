import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { setLocale } from "./lib/i18n/i18n.svelte";
import { MockBackend, type MockOptions } from "./lib/ipc/mock-backend";
import { CLAIRE, account, practice } from "./lib/testing/practice";

const NAV = [
  { id: "agenda", fr: "Agenda", en: "Agenda" },
  { id: "bookings", fr: "Rendez-vous", en: "Appointments" },
  { id: "availability", fr: "Disponibilités", en: "Availability" },
  { id: "sharing", fr: "Partage", en: "Sharing" },
  { id: "settings", fr: "Réglages", en: "Settings" },
] as const;

/** Renders the app on a mock backend and waits until start-up has finished. */
async function startApp(options: MockOptions = {}) {
  const backend = new MockBackend(options);
  render(App, { backend });
  await screen.findByTestId("view-agenda");
  return { backend, user: userEvent.setup() };
}

async function openSettings(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId("nav-settings"));
  return screen.getByTestId("view-settings");
}

beforeEach(() => history.replaceState(null, "", "/"));
afterEach(() => setLocale("fr"));

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
    await startApp({ language: "en" });

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

  it("falls back to French and says so when the settings cannot be read", async () => {
    await startApp({ settingsError: { code: "internal", message: "database is locked" } });

    expect(screen.getByRole("alert")).toHaveTextContent("database is locked");
    expect(screen.getByTestId("nav-settings")).toHaveTextContent("Réglages");
  });
});

describe("Settings view", () => {
  it("switches the whole UI to English and saves the choice", async () => {
    const { backend, user } = await startApp();
    const view = await openSettings(user);

    await user.selectOptions(within(view).getByTestId("language-select"), "en");

    expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toBeInTheDocument();
    expect(screen.getByTestId("nav-bookings")).toHaveTextContent("Appointments");
    expect(document.documentElement.lang).toBe("en");
    expect(backend.calls).toContainEqual(["set_language", { language: "en" }]);
    expect(backend.settings.language).toBe("en");
  });

  it("keeps the current language and says why when it cannot be saved", async () => {
    const { user } = await startApp({
      languageError: { code: "internal", message: "disk full" },
    });
    const view = await openSettings(user);
    const select = within(view).getByTestId("language-select");

    await user.selectOptions(select, "en");

    expect(await within(view).findByRole("alert")).toHaveTextContent("disk full");
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
    const { backend, user } = await startApp({
      keychain: { state: "locked", message: "Secret Service: collection is locked" },
    });
    await openSettings(user);

    const status = await screen.findByTestId("keychain-status");
    expect(status).toHaveAttribute("data-state", "locked");
    expect(status).toHaveTextContent("Secret Service: collection is locked");
    expect(status).toHaveTextContent("Déverrouillez le trousseau de votre session");

    backend.keychain = { state: "available" };
    await user.click(within(status).getByRole("button", { name: "Réessayer" }));
    await tick();

    expect(screen.getByTestId("keychain-status")).toHaveAttribute("data-state", "available");
  });

  it("confirms a test notification was sent", async () => {
    const { backend, user } = await startApp();
    await openSettings(user);

    await user.click(screen.getByTestId("test-notification"));

    const result = await screen.findByTestId("test-notification-result");
    expect(result).toHaveAttribute("data-outcome", "ok");
    expect(backend.calls).toContainEqual(["send_test_notification", undefined]);
  });

  it("shows why a test notification failed", async () => {
    const { user } = await startApp({
      notificationError: { code: "notificationsUnavailable", message: "no notification daemon" },
    });
    await openSettings(user);

    await user.click(screen.getByTestId("test-notification"));

    const result = await screen.findByTestId("test-notification-result");
    expect(result).toHaveAttribute("data-outcome", "error");
    expect(result).toHaveTextContent("no notification daemon");
  });

  it("shows the version and folders from the backend", async () => {
    const { user } = await startApp({
      appInfo: { name: "RDV Compagnon", version: "9.8.7", dataDir: "/data", logDir: "/logs" },
    });
    await openSettings(user);

    expect(await screen.findByTestId("app-version")).toHaveTextContent("9.8.7");
    expect(screen.getByTestId("app-data-dir")).toHaveTextContent("/data");
    expect(screen.getByTestId("app-log-dir")).toHaveTextContent("/logs");
  });
});

describe("a booking opened from the tray or a reminder (open-booking)", () => {
  it("goes to the agenda and opens the booking's details, from any view", async () => {
    const { backend, user } = await startApp({ account, data: practice() });
    await openSettings(user);

    backend.emitOpenBooking({ calendarId: CLAIRE, id: "lucas" });

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent("Lucas Bernard");
    expect(screen.getByTestId("nav-agenda")).toHaveAttribute("aria-current", "page");
    expect(window.location.hash).toBe("#agenda");
  });

  it("opens it once the app is unlocked when it came while locked", async () => {
    const backend = new MockBackend({ account, data: practice(), lock: { pin: "2468", locked: true } });
    render(App, { backend });
    const user = userEvent.setup();
    await screen.findByTestId("lock-screen");

    backend.emitOpenBooking({ calendarId: CLAIRE, id: "lucas" });
    expect(screen.queryByTestId("booking-details")).toBeNull();
    await user.type(screen.getByTestId("lock-pin"), "2468{Enter}");

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent("Lucas Bernard");
  });
});
