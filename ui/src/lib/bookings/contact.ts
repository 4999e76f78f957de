/** Click-to-call and click-to-mail links for a patient's contact details. */

/** `tel:` link: the number without spaces, dots, dashes or brackets (`tel:+33612345678`). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

/** `mailto:` link for an address. */
export function mailtoHref(email: string): string {
  return `mailto:${encodeURI(email.trim())}`;
}

/**
 * A phone number as people in France write it: `+33612345678` → `06 12 34 56 78`.
 * Foreign and unusual numbers are left as they are.
 */
export function displayPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  const national = /^\+33(\d{9})$/.exec(digits)?.[1] ?? /^0(\d{9})$/.exec(digits)?.[1];
  if (!national) return phone.trim();
  return `0${national}`.replace(/(\d{2})(?=\d)/g, "$1 ");
}
