import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { renderView } from "../testing/render";
import LockSection from "./LockSection.svelte";

async function show(options: MockOptions = {}) {
  const backend = new MockBackend(options);
  const rendered = await renderView(LockSection, backend);
  await screen.findByTestId("lock-state");
  return { ...rendered, user: userEvent.setup() };
}

afterEach(() => setLocale("fr"));

describe("Réglages → Verrouillage", () => {
  it("explains that without a PIN the app does not lock, and cannot lock now", async () => {
    await show();

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
    const { backend, lock, user } = await show();
    const pin = screen.getByTestId("lock-new-pin");
    expect(pin).toHaveAttribute("type", "password");

    await user.type(pin, "24x68");
    expect(pin).toHaveValue("2468");
    await user.type(screen.getByTestId("lock-confirm-pin"), "2468");
    await user.click(screen.getByTestId("lock-save-pin"));

    expect(await screen.findByTestId("lock-pin-done")).toHaveTextContent(
      "Code enregistré : l’application se verrouillera après 10 min sans activité.",
    );
    expect(backend.calls).toContainEqual(["set_lock_pin", { current: null, pin: "2468" }]);
    expect(lock.pinSet).toBe(true);
    expect(screen.getByTestId("lock-state")).toHaveTextContent("se verrouille à chaque démarrage et après 10 min sans activité");
    expect(screen.getByTestId("lock-now")).toBeEnabled();
    expect(screen.getByTestId("lock-new-pin")).toHaveValue("");
  });

  it("refuses a short PIN and two different ones before asking the backend", async () => {
    const { backend, user } = await show();

    await user.type(screen.getByTestId("lock-new-pin"), "246");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(screen.getByTestId("lock-pin-error")).toHaveTextContent("Le code doit comporter de 4 à 8 chiffres.");
    expect(screen.getByTestId("lock-new-pin")).toHaveFocus();

    await user.type(screen.getByTestId("lock-new-pin"), "8");
    await user.type(screen.getByTestId("lock-confirm-pin"), "2469");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(screen.getByTestId("lock-pin-error")).toHaveTextContent("Les deux codes saisis ne sont pas identiques.");
    expect(screen.getByTestId("lock-confirm-pin")).toHaveAttribute("aria-invalid", "true");

    expect(backend.calls.map(([c]) => c)).not.toContain("set_lock_pin");
  });

  it("changes the PIN only with the current one, and says when it is wrong", async () => {
    const { backend, user } = await show({ lock: { pin: "2468" } });
    expect(screen.getByTestId("lock-save-pin")).toHaveTextContent("Changer le code");

    await user.type(screen.getByTestId("lock-new-pin"), "1357");
    await user.type(screen.getByTestId("lock-confirm-pin"), "1357");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(screen.getByTestId("lock-pin-error")).toHaveTextContent("Saisissez votre code actuel.");

    await user.type(screen.getByTestId("lock-current-pin"), "1111");
    await user.click(screen.getByTestId("lock-save-pin"));
    expect(await screen.findByTestId("lock-pin-error")).toHaveTextContent("Code incorrect (2 essais avant une attente).");
    expect(screen.getByTestId("lock-current-pin")).toHaveFocus();

    // The wrong PIN is gone, the new one is still there.
    expect(screen.getByTestId("lock-current-pin")).toHaveValue("");
    expect(screen.getByTestId("lock-new-pin")).toHaveValue("1357");
    await user.type(screen.getByTestId("lock-current-pin"), "2468{Enter}");

    await screen.findByTestId("lock-pin-done");
    expect(backend.appLock.pin).toBe("1357");
  });

  it("removes the PIN with the current one: the app no longer locks", async () => {
    const { backend, lock, user } = await show({ lock: { pin: "2468" } });

    await user.click(screen.getByTestId("lock-remove-pin"));
    expect(screen.getByTestId("lock-pin-error")).toHaveTextContent("Saisissez votre code actuel.");

    await user.type(screen.getByTestId("lock-current-pin"), "2468");
    await user.click(screen.getByTestId("lock-remove-pin"));

    expect(await screen.findByTestId("lock-pin-done")).toHaveTextContent("Code supprimé");
    expect(backend.calls).toContainEqual(["remove_lock_pin", { current: "2468" }]);
    expect(lock.pinSet).toBe(false);
    expect(screen.getByTestId("lock-state")).toHaveTextContent("Aucun code défini");
    expect(screen.queryByTestId("lock-remove-pin")).toBeNull();
  });

  it("saves the inactivity delay in minutes, from 1 to 240", async () => {
    const { backend, lock, user } = await show({ lock: { pin: "2468" } });
    const delay = screen.getByTestId("lock-delay");

    await user.clear(delay);
    await user.type(delay, "0");
    await user.click(screen.getByTestId("lock-delay-save"));
    expect(screen.getByTestId("lock-delay-error")).toHaveTextContent("de 1 à 240");

    await user.clear(delay);
    await user.type(delay, "241");
    await user.click(screen.getByTestId("lock-delay-save"));
    expect(screen.getByTestId("lock-delay-error")).toBeInTheDocument();
    expect(backend.calls.map(([c]) => c)).not.toContain("set_lock_delay");

    await user.clear(delay);
    await user.type(delay, "15{Enter}");
    await waitFor(() => expect(backend.calls).toContainEqual(["set_lock_delay", { seconds: 900 }]));
    expect(lock.delaySeconds).toBe(900);
    expect(screen.getByTestId("lock-state")).toHaveTextContent("après 15 min sans activité");
  });

  it("shows a delay of seconds (set by tests) as it is", async () => {
    await show({ lock: { pin: "2468", delaySeconds: 5 } });
    expect(screen.getByTestId("lock-state")).toHaveTextContent("après 5 s sans activité");
    expect(screen.getByTestId("lock-delay")).toHaveValue(1);
  });

  it("locks now", async () => {
    const { backend, lock, user } = await show({ lock: { pin: "2468" } });

    await user.click(screen.getByTestId("lock-now"));

    await waitFor(() => expect(lock.locked).toBe(true));
    expect(backend.calls).toContainEqual(["lock_app", undefined]);
  });
});
