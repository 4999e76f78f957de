import { expect, it } from "vitest";
import type { CalendarInfo } from "../ipc/bindings";
import { editableCalendars } from "./calendars";

const calendar = (id: string, accessRole: CalendarInfo["accessRole"], primary = false): CalendarInfo => ({
  id,
  summary: id,
  color: "#000000",
  timeZone: "Europe/Paris",
  accessRole,
  primary,
  selected: false,
});

it("lists the calendars one may edit, the primary first, then owned ones, then shared ones", () => {
  const list = editableCalendars([
    calendar("Z collègue", "writer"),
    calendar("Fériés", "reader"),
    calendar("B cabinet", "owner"),
    calendar("Salle", "freeBusyReader"),
    calendar("A moi", "owner", true),
  ]);
  expect(list.map((c) => c.id)).toEqual(["A moi", "B cabinet", "Z collègue"]);
});
