import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MockBackend } from "../ipc/mock-backend";
import { renderView } from "../testing/render";
import StartupSection from "./StartupSection.svelte";

describe("Réglages → Démarrage", () => {
  it("starts the app with the session, minimised in the tray, when ticked", async () => {
    const backend = new MockBackend();
    await renderView(StartupSection, backend);
    const box = screen.getByTestId("settings-autostart");
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).not.toBeChecked();
    expect(screen.getByText("Lancer au démarrage de la session")).toBeInTheDocument();
    expect(screen.getByText(/démarre réduite dans la zone de notification/)).toBeInTheDocument();

    await userEvent.setup().click(box);

    await waitFor(() => expect(box).toBeChecked());
    expect(backend.calls).toContainEqual(["set_autostart", { enabled: true }]);
    expect(backend.autostart).toBe(true);
  });

  it("shows what the system says when it cannot be changed", async () => {
    const backend = new MockBackend({ autostart: true });
    await renderView(StartupSection, backend);
    const box = screen.getByTestId("settings-autostart");
    await waitFor(() => expect(box).toBeChecked());
    backend.autostartError = { code: "internal", message: "cannot write ~/.config/autostart" };

    await userEvent.setup().click(box);

    expect(await screen.findByRole("alert")).toHaveTextContent("cannot write ~/.config/autostart");
    expect(box).toBeChecked();
  });

  it("says when the setting cannot be read", async () => {
    await renderView(StartupSection, new MockBackend({ autostartError: { code: "internal", message: "no D-Bus" } }));
    expect(await screen.findByRole("alert")).toHaveTextContent("no D-Bus");
  });
});
