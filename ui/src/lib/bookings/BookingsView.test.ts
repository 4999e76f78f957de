import { render, screen, within } from "@testing-library/svelte";
import { expect, it } from "vitest";
import BookingsView from "./BookingsView.svelte";

it("shows the bookings view's title and an empty state explaining what will appear", () => {
  render(BookingsView);

  const view = screen.getByTestId("view-bookings");
  expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Rendez-vous");
  expect(within(view).getByTestId("empty-state")).toHaveTextContent("Aucun rendez-vous à venir");
});
