import type { MessageKey } from "../i18n/i18n.svelte";
import type { AccessRole } from "../ipc/bindings";

/** The role of the linked account on a calendar, in the words of a practice. */
export const ROLE_LABELS: Record<AccessRole, MessageKey> = {
  owner: "calendars.roles.owner",
  writer: "calendars.roles.writer",
  reader: "calendars.roles.reader",
  freeBusyReader: "calendars.roles.freeBusyReader",
};
