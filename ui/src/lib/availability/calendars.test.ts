import { expect, it } from "vitest";
import type { CalendarInfo } from "../ipc/bindings";
import { editableCalendars } from "./calendars";

// Which calendars may be managed is the core's answer (`canManageAvailability`); this checks
// only that the view keeps those, in its order.
const calendar = (
  id: string,
  accessRole: CalendarInfo["accessRole"],
  canManageAvailability: boolean,
  primary = false,
): CalendarInfo => ({
  id,
  summary: id,
  color: "#000000",
  timeZone: "Europe/Paris",
  accessRole,
  primary,
  selected: false,
  canManageAvailability,
  canShare: false,
  appointments: "alsoOwnEvents",
});

it("lists the calendars the core lets one manage, the primary first, then owned ones, then shared ones", () => {
  const list = editableCalendars([
    calendar("Z collègue", "writer", true),
    calendar("Fériés", "reader", false),
    calendar("B cabinet", "owner", true),
    calendar("Salle", "freeBusyReader", false),
    calendar("A moi", "owner", true, true),
  ]);
  expect(list.map((c) => c.id)).toEqual(["A moi", "B cabinet", "Z collègue"]);
});
