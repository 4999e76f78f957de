import { render, screen, within } from "@testing-library/svelte";
import { expect, it } from "vitest";
import SharingView from "./SharingView.svelte";

it("shows the sharing view's title and an empty state explaining what will appear", () => {
  render(SharingView);

  const view = screen.getByTestId("view-sharing");
  expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Partage");
  expect(within(view).getByTestId("empty-state")).toHaveTextContent("Votre agenda n’est partagé avec personne");
});
