import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { recordedError } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import StartupSection from "./StartupSection.svelte";

describe("Réglages → Démarrage", () => {
  it("starts the app with the session, minimised in the tray, when ticked", async () => {
    const { transport } = await renderRecorded(StartupSection, {
      autostart_status: "settings:autostart_status",
      set_autostart: "settings:set_autostart/on",
    });
    const box = screen.getByTestId("settings-autostart");
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).not.toBeChecked();
    expect(screen.getByText("Lancer au démarrage de la session")).toBeInTheDocument();
    expect(screen.getByText(/démarre réduite dans la zone de notification/)).toBeInTheDocument();

    await userEvent.setup().click(box);

    await waitFor(() => expect(box).toBeChecked());
    expect(transport.callsTo("set_autostart")).toEqual([{ enabled: true }]);
  });

  it("shows what the system says when it cannot be changed", async () => {
    await renderRecorded(StartupSection, {
      autostart_status: "settings:autostart_status/on",
      set_autostart: "settings:set_autostart/refused",
    });
    const box = screen.getByTestId("settings-autostart");
    await waitFor(() => expect(box).toBeChecked());

    await userEvent.setup().click(box);

    expect(await screen.findByRole("alert")).toHaveTextContent(
      recordedError("settings:set_autostart/refused").message,
    );
    expect(box).toBeChecked();
  });

  it("says when the setting cannot be read", async () => {
    await renderRecorded(StartupSection, { autostart_status: "settings:autostart_status/unreadable" });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      recordedError("settings:autostart_status/unreadable").message,
    );
  });
});
