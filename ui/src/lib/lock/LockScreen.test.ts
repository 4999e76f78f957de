import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { account, practice } from "../testing/practice";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const PIN = "2468";
/** Patients of the practice: none may be in the page while locked. */
const PATIENTS = ["Jeanne", "Martin", "Lucas", "Bernard", "Chloé", "Petit", "Manon", "Leroy"];

/** The app on Claire's practice, opened on `hash`. */
function startApp(options: MockOptions = {}, hash = "#bookings") {
  history.replaceState(null, "", `/${hash}`);
  const backend = new MockBackend({ account, data: practice(), ...options });
  render(App, { backend });
  return { backend, user: userEvent.setup() };
}

function expectNoPatientData() {
  const text = document.body.textContent ?? "";
  for (const name of PATIENTS) expect(text, name).not.toContain(name);
  expect(screen.queryByTestId("view-bookings")).toBeNull();
  expect(screen.queryByTestId("nav-agenda")).toBeNull();
}

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
  history.replaceState(null, "", "/");
});

describe("lock screen", () => {
  it("is all there is when the app starts locked: no view, no sidebar, no patient", async () => {
    startApp({ lock: { pin: PIN, locked: true } });

    const lock = await screen.findByTestId("lock-screen");
    expect(within(lock).getByRole("heading", { level: 1 })).toHaveTextContent("Application verrouillée");
    expect(lock).toHaveTextContent("RDV Compagnon");
    expect(screen.getByTestId("lock-pin")).toHaveFocus();
    expect(screen.getByTestId("lock-pin")).toHaveAttribute("type", "password");
    expectNoPatientData();
  });

  it("replaces the views as soon as the backend says the app locked", async () => {
    const { backend } = startApp({ lock: { pin: PIN } });
    expect(await screen.findByText("Jeanne Martin")).toBeInTheDocument();

    backend.simulateLock();

    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expectNoPatientData();
  });

  it("shows up when any command is refused because the app is locked", async () => {
    const { backend, user } = startApp({ lock: { pin: PIN } }, "#settings");
    await screen.findByTestId("view-settings");
    // Locked without the event reaching the window (missed while the app was hidden).
    backend.appLock.locked = true;

    await user.click(screen.getByTestId("nav-bookings"));

    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect(backend.calls).toContainEqual(["upcoming_bookings", { query: null }]);
    expectNoPatientData();
  });

  it("says why a PIN is refused, then unlocks with the right one and reloads the data", async () => {
    const { backend, user } = startApp({ lock: { pin: PIN, locked: true } });
    const field = await screen.findByTestId("lock-pin");

    await user.type(field, "1111{Enter}");
    expect(await screen.findByTestId("lock-error")).toHaveTextContent(
      "Code incorrect (2 essais avant une attente).",
    );
    expect(field).toHaveValue("");
    expect(field).toHaveFocus();
    expect(screen.getByTestId("lock-screen")).toBeInTheDocument();

    const before = backend.calls.length;
    await user.type(field, PIN);
    await user.click(screen.getByTestId("lock-submit"));

    expect(await screen.findByText("Jeanne Martin")).toBeInTheDocument();
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    const after = backend.calls.slice(before).map(([command]) => command);
    expect(after[0]).toBe("unlock_app");
    expect(after).toContain("upcoming_bookings");
    expect(after).toContain("outbox_items");
  });

  it("asks for the PIN when Enter is pressed on an empty field, without calling the backend", async () => {
    const { backend, user } = startApp({ lock: { pin: PIN, locked: true } });
    const field = await screen.findByTestId("lock-pin");

    await user.type(field, "{Enter}");

    expect(screen.getByTestId("lock-error")).toHaveTextContent("Saisissez votre code.");
    expect(backend.calls.map(([c]) => c)).not.toContain("unlock_app");
  });

  it("keeps digits only in the PIN field", async () => {
    const { user } = startApp({ lock: { pin: PIN, locked: true } });
    const field = await screen.findByTestId("lock-pin");

    await user.type(field, "2a4b6c8");

    expect(field).toHaveValue("2468");
  });

  it("counts down the wait after too many wrong PINs, then lets the user try again", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date", "setInterval", "clearInterval"] });
    const { user } = startApp({ lock: { pin: PIN, locked: true } });
    const field = await screen.findByTestId("lock-pin");

    for (const wrong of ["1111", "2222", "3333"]) await user.type(field, `${wrong}{Enter}`);

    const error = await screen.findByTestId("lock-error");
    await waitFor(() => expect(error).toHaveTextContent("Nouvel essai possible dans 30 s."));
    expect(error).toHaveTextContent("Code incorrect. Trop d'essais : réessayez dans 30 s.");
    expect(screen.getByTestId("lock-submit")).toBeDisabled();

    vi.advanceTimersByTime(10_000);
    await waitFor(() => expect(screen.getByTestId("lock-error")).toHaveTextContent("dans 20 s."));

    vi.advanceTimersByTime(20_000);
    await waitFor(() => expect(screen.queryByTestId("lock-error")).toBeNull());
    expect(screen.getByTestId("lock-submit")).toBeEnabled();

    await user.type(field, `${PIN}{Enter}`);
    expect(await screen.findByText("Jeanne Martin")).toBeInTheDocument();
  });

  it("starts the countdown of a wait already running when the screen appears", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date", "setInterval", "clearInterval"] });
    const backend = new MockBackend({ account, data: practice(), lock: { pin: PIN, locked: true } });
    for (const wrong of ["1", "2", "3"]) await backend.unlockApp(wrong).catch(() => undefined);
    vi.advanceTimersByTime(12_000);
    history.replaceState(null, "", "/#bookings");
    render(App, { backend });

    const error = await screen.findByTestId("lock-error");
    expect(error).toHaveTextContent("Nouvel essai possible dans 18 s.");
    expect(screen.getByTestId("lock-submit")).toBeDisabled();
  });
});

describe("locking after inactivity", () => {
  it("locks after the delay without activity; activity in the window postpones it", async () => {
    vi.useFakeTimers({ now: NOW, shouldAdvanceTime: true });
    const { backend } = startApp({ lock: { pin: PIN, delaySeconds: 60 } }, "#settings");
    await screen.findByTestId("view-settings");

    await vi.advanceTimersByTimeAsync(50_000);
    fireEvent.pointerMove(window);
    await vi.advanceTimersByTimeAsync(50_000);
    fireEvent.keyDown(window, { key: "a" });
    await vi.advanceTimersByTimeAsync(50_000);
    expect(backend.calls.map(([c]) => c)).not.toContain("lock_app");

    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls).toContainEqual(["lock_app", undefined]);
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
  });

  it("never locks without a PIN", async () => {
    vi.useFakeTimers({ now: NOW, shouldAdvanceTime: true });
    const { backend } = startApp({ lock: { delaySeconds: 60 } }, "#settings");
    await screen.findByTestId("view-settings");

    await vi.advanceTimersByTimeAsync(8 * 3_600_000);

    expect(backend.calls.map(([c]) => c)).not.toContain("lock_app");
    expect(screen.queryByTestId("lock-screen")).toBeNull();
  });

  it("locks « Verrouiller maintenant » at once from Réglages", async () => {
    const { backend, user } = startApp({ lock: { pin: PIN } }, "#settings");

    await user.click(await screen.findByTestId("lock-now"));

    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect(backend.appLock.locked).toBe(true);
  });
});
