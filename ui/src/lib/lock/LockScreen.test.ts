import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { Booking } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedBackend, recordedError, type Routes } from "../ipc/recorded-transport";

/** The PIN the `lock` world set. */
const PIN = "2468";
/** The demo practice's first patients: none may be in the page while locked. */
const PATIENTS = recorded<Booking[]>("upcoming_bookings")
  .slice(0, 4)
  .flatMap((b) => [b.patient.firstName!, b.patient.lastName!]);
const FIRST = `${PATIENTS[0]} ${PATIENTS[1]}`;

const locked: Routes = { lock_status: "lock:lock_status/locked" };
const withPin: Routes = { lock_status: "lock:lock_status/unlocked", lock_app: "lock:lock_app" };

/** The demo practice's app on recorded answers, opened on `hash`. */
function startApp(routes: Routes = {}, hash = "#bookings") {
  history.replaceState(null, "", `/${hash}`);
  const { backend, transport } = recordedBackend(routes);
  render(App, { backend });
  return { transport, user: userEvent.setup() };
}

function expectNoPatientData() {
  const text = document.body.textContent ?? "";
  for (const name of PATIENTS) expect(text, name).not.toContain(name);
  expect(screen.queryByTestId("view-bookings")).toBeNull();
  expect(screen.queryByTestId("nav-agenda")).toBeNull();
}

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
  history.replaceState(null, "", "/");
});

describe("lock screen", () => {
  it("is all there is when the app starts locked: no view, no sidebar, no patient", async () => {
    startApp(locked);

    const lock = await screen.findByTestId("lock-screen");
    expect(within(lock).getByRole("heading", { level: 1 })).toHaveTextContent("Application verrouillée");
    expect(lock).toHaveTextContent("RDV Compagnon");
    expect(screen.getByTestId("lock-pin")).toHaveFocus();
    expect(screen.getByTestId("lock-pin")).toHaveAttribute("type", "password");
    expectNoPatientData();
  });

  it("replaces the views as soon as the backend says the app locked", async () => {
    const { transport } = startApp({ lock_status: ["lock:lock_status/unlocked", "lock:lock_status/locked"] });
    expect((await screen.findAllByText(FIRST)).length).toBeGreaterThan(0);

    transport.emit(BACKEND_EVENTS.lockChanged, true);

    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expectNoPatientData();
  });

  it("shows up when any command is refused because the app is locked", async () => {
    const { transport, user } = startApp(withPin, "#settings");
    await screen.findByTestId("view-settings");
    // Locked without the event reaching the window (missed while the app was hidden).
    transport.route("upcoming_bookings", "upcoming_bookings/locked");
    transport.route("lock_status", "lock:lock_status/locked");

    await user.click(screen.getByTestId("nav-bookings"));

    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect(transport.callsTo("upcoming_bookings")).toContainEqual({ query: null });
    expectNoPatientData();
  });

  it("says why a PIN is refused, then unlocks with the right one and reloads the data", async () => {
    const { transport, user } = startApp({ ...locked, unlock_app: ["lock:unlock_app/wrong-1", "lock:unlock_app"] });
    const field = await screen.findByTestId("lock-pin");

    await user.type(field, "1111{Enter}");
    expect(await screen.findByTestId("lock-error")).toHaveTextContent(
      recordedError("lock:unlock_app/wrong-1").message,
    );
    expect(field).toHaveValue("");
    expect(field).toHaveFocus();
    expect(screen.getByTestId("lock-screen")).toBeInTheDocument();

    const before = transport.sent.length;
    transport.route("lock_status", "lock:lock_status/unlocked");
    await user.type(field, PIN);
    await user.click(screen.getByTestId("lock-submit"));

    expect((await screen.findAllByText(FIRST)).length).toBeGreaterThan(0);
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    const after = transport.sent.slice(before).map(({ command }) => command);
    expect(after[0]).toBe("unlock_app");
    expect(after).toContain("upcoming_bookings");
    expect(after).toContain("outbox_items");
    expect(transport.callsTo("unlock_app")).toEqual([{ pin: "1111" }, { pin: PIN }]);
  });

  it("asks for the PIN when Enter is pressed on an empty field, without calling the backend", async () => {
    const { transport, user } = startApp(locked);
    const field = await screen.findByTestId("lock-pin");

    await user.type(field, "{Enter}");

    expect(screen.getByTestId("lock-error")).toHaveTextContent("Saisissez votre code.");
    expect(transport.callsTo("unlock_app")).toEqual([]);
  });

  it("keeps digits only in the PIN field", async () => {
    const { user } = startApp(locked);
    const field = await screen.findByTestId("lock-pin");

    await user.type(field, "2a4b6c8");

    expect(field).toHaveValue("2468");
  });

  it("counts down the wait the backend gives after too many wrong PINs, then lets the user try again", async () => {
    vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date", "setInterval", "clearInterval"] });
    const { transport, user } = startApp({
      ...locked,
      unlock_app: ["lock:unlock_app/wrong-1", "lock:unlock_app/wrong-2", "lock:unlock_app/wrong-3"],
    });
    const field = await screen.findByTestId("lock-pin");

    for (const wrong of ["1111", "2222"]) await user.type(field, `${wrong}{Enter}`);
    // After the third, the backend's status has the wait.
    transport.route("lock_status", "lock:lock_status/waiting");
    await user.type(field, "3333{Enter}");

    const error = await screen.findByTestId("lock-error");
    await waitFor(() => expect(error).toHaveTextContent("Nouvel essai possible dans 30 s."));
    expect(error).toHaveTextContent(recordedError("lock:unlock_app/wrong-3").message);
    expect(screen.getByTestId("lock-submit")).toBeDisabled();

    vi.advanceTimersByTime(10_000);
    await waitFor(() => expect(screen.getByTestId("lock-error")).toHaveTextContent("dans 20 s."));

    vi.advanceTimersByTime(20_000);
    await waitFor(() => expect(screen.queryByTestId("lock-error")).toBeNull());
    expect(screen.getByTestId("lock-submit")).toBeEnabled();

    transport.route("unlock_app", "lock:unlock_app");
    transport.route("lock_status", "lock:lock_status/unlocked");
    await user.type(field, `${PIN}{Enter}`);
    expect((await screen.findAllByText(FIRST)).length).toBeGreaterThan(0);
  });

  it("starts the countdown of a wait already running when the screen appears", async () => {
    vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date", "setInterval", "clearInterval"] });
    startApp({ lock_status: "lock:lock_status/waiting" });

    const error = await screen.findByTestId("lock-error");
    expect(error).toHaveTextContent("Nouvel essai possible dans 30 s.");
    expect(screen.getByTestId("lock-submit")).toBeDisabled();
  });
});

describe("locking after inactivity", () => {
  it("locks after the delay without activity; activity in the window postpones it", async () => {
    vi.useFakeTimers({ now: RECORDED_AT, shouldAdvanceTime: true });
    // The recorded delay: 600 s.
    const { transport } = startApp(withPin, "#settings");
    await screen.findByTestId("view-settings");

    await vi.advanceTimersByTimeAsync(500_000);
    fireEvent.pointerMove(window);
    await vi.advanceTimersByTimeAsync(500_000);
    fireEvent.keyDown(window, { key: "a" });
    await vi.advanceTimersByTimeAsync(500_000);
    expect(transport.callsTo("lock_app")).toEqual([]);

    await vi.advanceTimersByTimeAsync(100_000);
    expect(transport.callsTo("lock_app")).toEqual([{}]);
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
  });

  it("never locks without a PIN", async () => {
    vi.useFakeTimers({ now: RECORDED_AT, shouldAdvanceTime: true });
    const { transport } = startApp({}, "#settings");
    await screen.findByTestId("view-settings");

    await vi.advanceTimersByTimeAsync(8 * 3_600_000);

    expect(transport.callsTo("lock_app")).toEqual([]);
    expect(screen.queryByTestId("lock-screen")).toBeNull();
  });

  it("locks « Verrouiller maintenant » at once from Réglages", async () => {
    const { transport, user } = startApp(withPin, "#settings");

    await user.click(await screen.findByTestId("lock-now"));

    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect(transport.callsTo("lock_app")).toHaveLength(1);
  });
});
