import { render, screen, within } from "@testing-library/svelte";
import { expect, it } from "vitest";
import AvailabilityView from "./AvailabilityView.svelte";

it("shows the availability view's title and an empty state explaining what will appear", () => {
  render(AvailabilityView);

  const view = screen.getByTestId("view-availability");
  expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Disponibilités");
  expect(within(view).getByTestId("empty-state")).toHaveTextContent("Aucune plage de disponibilité");
});
