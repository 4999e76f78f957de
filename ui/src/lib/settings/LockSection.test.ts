import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import LockSection from "./LockSection.svelte";

/** Without a PIN (a new installation). */
const noPin: Routes = { lock_status: "settings:lock_status/none" };
/** With the PIN 2468, locking after 10 min. */
const pinSet: Routes = { lock_status: "settings:lock_status/pin-set" };

async function show(routes: Routes) {
  const rendered = await renderRecorded(LockSection, routes);
  await screen.findByTestId("lock-state");
  return { ...rendered, user: userEvent.setup() };
}

afterEach(() => setLocale("fr"));

describe("Réglages → Verrouillage", () => {
  it("explains that without a PIN the app does not lock, and cannot lock now", async () => {
    await show(noPin);

    const section = screen.getByTestId("settings-lock");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("Verrouillage");
    expect(section).toHaveTextContent("Sans code, l’application ne se verrouille pas.");
    expect(screen.getByTestId("lock-state")).toHaveTextContent("Aucun code défini");
    expect(screen.getByTestId("lock-now")).toBeDisabled();
    expect(screen.queryByTestId("lock-current-pin")).toBeNull();
    expect(screen.queryByTestId("lock-remove-pin")).toBeNull();
    expect(screen.getByTestId("lock-delay")).toHaveValue(10);
  });

  it("sets a PIN typed twice, digits only, masked", async () => {
    const { transport, lock, user } = await show({ ...noPin, set_lock_pin: "settings:set_lock_pin" });
    const pin = screen.getByTestId("lock-new-pin");
    expect(pin).toHaveAttribute("type", "password");

    await user.type(pin, "24x68");
    expect(pin).toHaveValue("2468");
    await user.type(screen.getByTestId("lock-confirm-pin"), "2468");
    await user.click(screen.getByTestId("lock-save-pin"));

    expect(await screen.findByTestId("lock-pin-done")).toHaveTextContent(
      "Code enregistré : l’application se verrouillera après 10 min sans activité.",
    );
    expect(transport.callsTo("set_lock_pin")).toEqual([{ current: null, pin: "2468" }]);
    expect(lock.pinSet).toBe(true);
    expect(screen.getByTestId("lock-state")).toHaveTextContent("se verrouille à chaque démarrage et après 10 min sans activité");
    expect(screen.getByTestId("lock-now")).toBeEnabled();
    expect(screen.getByTestId("lock-new-pin")).toHaveValue("");
  });

  it("shows the core's refusal of a PIN under the new one, and stops two different ones before asking", async () => {
    const { transport, user } = await show({ ...noPin, set_lock_pin: "settings:set_lock_pin/short" });

    await user.type(screen.getByTestId("lock-new-pin"), "246");
    await user.type(screen.getByTestId("lock-confirm-pin"), "246");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(await screen.findByTestId("lock-pin-error")).toHaveTextContent(
      recordedError("settings:set_lock_pin/short").message,
    );
    expect(screen.getByTestId("lock-new-pin")).toHaveFocus();
    expect(transport.callsTo("set_lock_pin")).toEqual([{ current: null, pin: "246" }]);

    await user.type(screen.getByTestId("lock-new-pin"), "8");
    await user.clear(screen.getByTestId("lock-confirm-pin"));
    await user.type(screen.getByTestId("lock-confirm-pin"), "2469");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(screen.getByTestId("lock-pin-error")).toHaveTextContent("Les deux codes saisis ne sont pas identiques.");
    expect(screen.getByTestId("lock-confirm-pin")).toHaveAttribute("aria-invalid", "true");
    expect(transport.callsTo("set_lock_pin")).toHaveLength(1);
  });

  it("changes the PIN only with the current one, and says when it is wrong", async () => {
    const { transport, user } = await show({
      ...pinSet,
      set_lock_pin: ["settings:set_lock_pin/wrong-current", "settings:set_lock_pin/changed"],
    });
    expect(screen.getByTestId("lock-save-pin")).toHaveTextContent("Changer le code");

    await user.type(screen.getByTestId("lock-new-pin"), "1357");
    await user.type(screen.getByTestId("lock-confirm-pin"), "1357");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(screen.getByTestId("lock-pin-error")).toHaveTextContent("Saisissez votre code actuel.");

    await user.type(screen.getByTestId("lock-current-pin"), "1111");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(await screen.findByTestId("lock-pin-error")).toHaveTextContent(
      recordedError("settings:set_lock_pin/wrong-current").message,
    );
    expect(screen.getByTestId("lock-current-pin")).toHaveFocus();

    // The wrong PIN is gone, the new one is still there.
    expect(screen.getByTestId("lock-current-pin")).toHaveValue("");
    expect(screen.getByTestId("lock-new-pin")).toHaveValue("1357");
    await user.type(screen.getByTestId("lock-current-pin"), "2468{Enter}");

    await screen.findByTestId("lock-pin-done");
    expect(transport.callsTo("set_lock_pin")).toEqual([
      { current: "1111", pin: "1357" },
      { current: "2468", pin: "1357" },
    ]);
  });

  it("removes the PIN with the current one: the app no longer locks", async () => {
    const { transport, lock, user } = await show({ ...pinSet, remove_lock_pin: "settings:remove_lock_pin" });

    await user.click(screen.getByTestId("lock-remove-pin"));
    expect(screen.getByTestId("lock-pin-error")).toHaveTextContent("Saisissez votre code actuel.");

    await user.type(screen.getByTestId("lock-current-pin"), "1357");
    await user.click(screen.getByTestId("lock-remove-pin"));

    expect(await screen.findByTestId("lock-pin-done")).toHaveTextContent("Code supprimé");
    expect(transport.callsTo("remove_lock_pin")).toEqual([{ current: "1357" }]);
    expect(lock.pinSet).toBe(false);
    expect(screen.getByTestId("lock-state")).toHaveTextContent("Aucun code défini");
    expect(screen.queryByTestId("lock-remove-pin")).toBeNull();
  });

  it("sends the inactivity delay in seconds and shows the core's refusal of one out of range", async () => {
    const { transport, lock, user } = await show({
      ...pinSet,
      set_lock_delay: ["settings:set_lock_delay/zero", "settings:set_lock_delay/15min"],
    });
    const delay = screen.getByTestId("lock-delay");

    await user.clear(delay);
    await user.click(screen.getByTestId("lock-delay-save"));
    expect(screen.getByTestId("lock-delay-error")).toHaveTextContent("Indiquez un nombre entier de minutes.");
    expect(transport.callsTo("set_lock_delay")).toEqual([]);

    await user.type(delay, "0");
    await user.click(screen.getByTestId("lock-delay-save"));
    await waitFor(() =>
      expect(screen.getByTestId("lock-delay-error")).toHaveTextContent(
        recordedError("settings:set_lock_delay/zero").message,
      ),
    );

    await user.clear(delay);
    await user.type(delay, "15{Enter}");
    await waitFor(() => expect(transport.callsTo("set_lock_delay")).toEqual([{ seconds: 0 }, { seconds: 900 }]));
    await waitFor(() => expect(lock.delaySeconds).toBe(900));
    expect(screen.getByTestId("lock-state")).toHaveTextContent("après 15 min sans activité");
  });

  it("shows a delay of seconds (set by tests) as it is", async () => {
    await show({ lock_status: "settings:lock_status/5s" });
    expect(screen.getByTestId("lock-state")).toHaveTextContent("après 5 s sans activité");
    expect(screen.getByTestId("lock-delay")).toHaveValue(1);
  });

  it("locks now", async () => {
    const { transport, lock, user } = await show({ ...pinSet, lock_app: "settings:lock_app" });

    await user.click(screen.getByTestId("lock-now"));

    await waitFor(() => expect(lock.locked).toBe(true));
    expect(transport.callsTo("lock_app")).toHaveLength(1);
  });
});
