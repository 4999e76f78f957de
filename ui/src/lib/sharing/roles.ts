/** *Partage*: the roles an owner can give, in the words of a practice, and whom an entry names. */
import { t, type MessageKey } from "../i18n/i18n.svelte";
import { GRANTABLE_ROLES } from "../ipc/bindings";
import type { AccessRole, CalendarInfo, ShareEntry } from "../ipc/bindings";

/** The roles offered when sharing, most useful first: the core's list (generated in bindings.ts). */
export { GRANTABLE_ROLES };

/** A role the owner can give. */
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Short names: *Secrétaire*, *Consultation*, *Disponibilités seulement*, *Propriétaire*. */
export const SHARE_ROLE_NAMES: Record<AccessRole, MessageKey> = {
  owner: "sharing.roles.owner",
  writer: "sharing.roles.writer",
  reader: "sharing.roles.reader",
  freeBusyReader: "sharing.roles.freeBusyReader",
};

/** What a role given to someone lets them do. */
export const SHARE_ROLE_EXPLANATIONS: Record<GrantableRole, MessageKey> = {
  writer: "sharing.explain.writer",
  reader: "sharing.explain.reader",
  freeBusyReader: "sharing.explain.freeBusyReader",
};

/** What the linked account may do on a calendar someone else shared with it. */
export const ALLOWED_TO_YOU: Record<AccessRole, MessageKey> = {
  owner: "sharing.sharedWithYou.allows.owner",
  writer: "sharing.sharedWithYou.allows.writer",
  reader: "sharing.sharedWithYou.allows.reader",
  freeBusyReader: "sharing.sharedWithYou.allows.freeBusyReader",
};

/** Whether a role can be chosen in the role menus. */
export function isGrantable(role: AccessRole): role is GrantableRole {
  return (GRANTABLE_ROLES as readonly AccessRole[]).includes(role);
}

/** Who an entry names: an address, or everyone in the domain, or everyone. */
export function entryName(entry: ShareEntry): string {
  if (entry.scope === "group" && entry.email) return t("sharing.scopes.group", { email: entry.email });
  if (entry.email) return entry.email;
  return entry.scope === "domain" ? t("sharing.scopes.domain") : t("sharing.scopes.default");
}

/** The calendars whose sharing the account manages (the core's `canShare`) and the others, primary first. */
export function splitCalendars(calendars: readonly CalendarInfo[]): {
  owned: CalendarInfo[];
  sharedWithYou: CalendarInfo[];
} {
  const byName = (a: CalendarInfo, b: CalendarInfo) =>
    Number(b.primary) - Number(a.primary) || a.summary.localeCompare(b.summary, "fr");
  return {
    owned: calendars.filter((c) => c.canShare).sort(byName),
    sharedWithYou: calendars.filter((c) => !c.canShare).sort(byName),
  };
}
