import { render, screen, within } from "@testing-library/svelte";
import { expect, it } from "vitest";
import AgendaView from "./AgendaView.svelte";

it("shows the agenda view's title and an empty state explaining what will appear", () => {
  render(AgendaView);

  const view = screen.getByTestId("view-agenda");
  expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Agenda");
  expect(within(view).getByTestId("empty-state")).toHaveTextContent("Votre agenda est vide");
});
