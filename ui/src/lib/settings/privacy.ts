/** Réglages → Données personnelles: the retention periods and the erasure request's checks. */
import type { MessageKey } from "../i18n/i18n.svelte";
import type { ErasureMatch } from "../ipc/bindings";

/** Who an erasure request is about, as `find_person` and `erase_person` take it. */
export interface ErasureQuery {
  email: string | null;
  phone: string | null;
}

/**
 * The request from the two fields, trimmed (`null` when empty). Whether it names someone (an
 * address, a phone of enough digits) is the Rust core's to say: `find_person` refuses it.
 */
export function erasureQuery(email: string, phone: string): ErasureQuery {
  const [address, number] = [email.trim(), phone.trim()];
  return { email: address || null, phone: number || null };
}

/** Where a match was found, in display order. */
export function placesOf(match: ErasureMatch): MessageKey[] {
  const places: MessageKey[] = [];
  if (match.inCache) places.push("settings.erasure.inCache");
  if (match.inCalendar) places.push("settings.erasure.inCalendar");
  if (match.inSite) places.push("settings.erasure.inSite");
  return places;
}
