import { describe, expect, it } from "vitest";
import type { AgendaEvent, CalendarInfo } from "../ipc/bindings";
import {
  HIDDEN_STORAGE_KEY,
  eventsOf,
  layoutOf,
  orderCalendars,
  readHidden,
  shiftDay,
  visibleCalendars,
  writeHidden,
} from "./columns";

const calendar = (id: string, summary: string, more: Partial<CalendarInfo> = {}): CalendarInfo => ({
  id,
  summary,
  color: "#3f51b5",
  timeZone: "Europe/Paris",
  accessRole: "writer",
  primary: false,
  selected: true,
  canManageAvailability: false,
  canShare: false,
  appointments: "alsoOwnEvents",
  ...more,
});

const claire = calendar("claire", "Claire Dubois", { primary: true, accessRole: "owner" });
const lea = calendar("lea", "Dr Léa Martin");
const bruno = calendar("bruno", "Bruno Arnaud");
const own = calendar("cabinet", "Zélie (cabinet)", { accessRole: "owner" });

describe("secretary mode columns", () => {
  it("orders the primary calendar first, then owned ones, then by name", () => {
    expect(orderCalendars([lea, own, bruno, claire]).map((c) => c.id)).toEqual([
      "claire",
      "cabinet",
      "bruno",
      "lea",
    ]);
  });

  it("leaves out the unticked calendars", () => {
    expect(visibleCalendars([lea, claire, bruno], new Set(["lea"])).map((c) => c.id)).toEqual([
      "claire",
      "bruno",
    ]);
  });

  it("splits only the day view, and only for several calendars", () => {
    expect(layoutOf("day", [claire, lea])).toBe("columns");
    expect(layoutOf("day", [claire])).toBe("single");
    expect(layoutOf("week", [claire, lea])).toBe("single");
    expect(layoutOf("list", [claire, lea])).toBe("single");
  });

  it("keeps the events of the given calendars only", () => {
    const event = (calendarId: string) => ({ calendarId }) as AgendaEvent;
    expect(eventsOf([event("claire"), event("lea"), event("x")], new Set(["lea", "x"]))).toEqual([
      event("lea"),
      event("x"),
    ]);
  });

  it("moves by a day in the day view, by a week otherwise", () => {
    expect(shiftDay("2026-11-26", "day", 1)).toBe("2026-11-27");
    expect(shiftDay("2026-11-26", "week", -1)).toBe("2026-11-19");
    expect(shiftDay("2026-11-30", "list", 1)).toBe("2026-12-07");
  });

  it("remembers the unticked calendars, and survives a broken or missing storage", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    };
    writeHidden(storage, new Set(["lea", "bruno"]));
    expect(store.get(HIDDEN_STORAGE_KEY)).toBe('["bruno","lea"]');
    expect(readHidden(storage)).toEqual(new Set(["bruno", "lea"]));

    store.set(HIDDEN_STORAGE_KEY, "{not json");
    expect(readHidden(storage)).toEqual(new Set());
    store.set(HIDDEN_STORAGE_KEY, '{"lea":true}');
    expect(readHidden(storage)).toEqual(new Set());
    expect(readHidden(undefined)).toEqual(new Set());
    expect(() =>
      writeHidden(
        {
          setItem: () => {
            throw new Error("quota");
          },
        },
        new Set(["lea"]),
      ),
    ).not.toThrow();
  });
});
