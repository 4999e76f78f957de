/**
 * *Partage* as `rdv_app::sharing` does it, simulated for {@link MockBackend}: Google Calendar's
 * ACL per calendar, the address check of `rdv_core::email::normalize` (with its French
 * messages) and the list as the Rust side returns it (owners first, then by address).
 *
 * A faithful simulation, not the reference: the Rust core decides in the app.
 */
import type { AccessRole, ShareEntry } from "./bindings";

/** One ACL rule of a calendar, as Google holds it. */
export interface AclRule {
  /** Google's rule id: `user:<email>`, `group:<email>`, `domain:<name>`, `default`. */
  ruleId: string;
  /** `user`, `group`, `domain` or `default`. */
  scope: string;
  /** The scope's value (an address for `user` and `group`, a domain name for `domain`). */
  value: string | null;
  role: AccessRole;
}

/** The messages of the Rust side, for the same situations. */
export const SHARING_MESSAGES = {
  notOwner: "Seul le propriétaire de l'agenda peut voir et modifier son partage.",
  unknownCalendar: "Cet agenda n'est pas (ou plus) accessible avec ce compte.",
  ownRole:
    "Le partage en tant que propriétaire ne se fait pas depuis l'app : choisissez Secrétaire, Consultation ou Disponibilités seulement.",
  yourself: "C'est votre propre adresse : vous avez déjà tous les droits sur cet agenda.",
  empty: "Saisissez une adresse e-mail.",
  space: "Une adresse e-mail ne contient pas d'espace.",
  invalid: (address: string) =>
    `« ${address} » n'est pas une adresse e-mail valide (exemple : secretariat@cabinet.fr).`,
  incompleteDomain: (domain: string) =>
    `Le domaine « ${domain} » est incomplet : il faut un nom comme cabinet.fr ou gmail.com.`,
};

// RFC 5322 `atext` (letters beyond ASCII allowed, as RFC 6531 does) and dot-atoms.
const ATEXT = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LOCAL_PART = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`, "u");
const QUOTED_LOCAL_PART = /^"(?:[^"\\\r\n]|\\.)*"$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/**
 * The address `input` trimmed and lower-cased, or why it cannot be one — the rules of
 * `rdv_core::email::normalize`: RFC 5321/5322 syntax plus what a Google account always has, a
 * domain with a dot.
 */
export function normalizeEmail(input: string): { email: string } | { error: string } {
  const address = input.trim();
  if (address === "") return { error: SHARING_MESSAGES.empty };
  if (/\s/u.test(address)) return { error: SHARING_MESSAGES.space };
  const at = address.lastIndexOf("@");
  const local = at > 0 ? address.slice(0, at) : "";
  const domain = at > 0 ? address.slice(at + 1) : "";
  const invalid = { error: SHARING_MESSAGES.invalid(address) };
  if (!local || !domain || local.length > 64 || address.length > 254) return invalid;
  if (!LOCAL_PART.test(local) && !QUOTED_LOCAL_PART.test(local)) return invalid;
  if (domain.startsWith("[")) {
    if (!/^\[[^[\]\\]*\]$/.test(domain)) return invalid;
    return { error: SHARING_MESSAGES.incompleteDomain(domain) };
  }
  if (!domain.split(".").every((label) => LABEL.test(label) && label.length <= 63)) return invalid;
  if (!domain.includes(".")) return { error: SHARING_MESSAGES.incompleteDomain(domain) };
  return { email: address.toLowerCase() };
}

/** The rule that makes `email` a user of the calendar with `role`. */
export function userRule(email: string, role: AccessRole): AclRule {
  return { ruleId: `user:${email}`, scope: "user", value: email, role };
}

/** The ACL as `list_sharing` returns it: owners first, then by address; `isYou` for `me`. */
export function shareEntries(rules: readonly AclRule[], me: string | null): ShareEntry[] {
  const entries = rules.map((rule): ShareEntry => {
    const email = rule.scope === "user" || rule.scope === "group" ? rule.value : null;
    return {
      ruleId: rule.ruleId,
      email,
      scope: rule.scope,
      role: rule.role,
      isYou: email !== null && me !== null && email.toLowerCase() === me.toLowerCase(),
    };
  });
  // Rust sorts `(role != owner, email)`; `None` sorts before any address.
  const rank = (e: ShareEntry) => (e.role === "owner" ? 0 : 1);
  return entries.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.email === null ? (b.email === null ? 0 : -1) : b.email === null ? 1 : a.email < b.email ? -1 : a.email > b.email ? 1 : 0),
  );
}
