/**
 * A patient's contact details as shown. Their `tel:` and `mailto:` links are not built here: the
 * backend sends them (`Patient.phoneLink`, `Patient.emailLink`, from `rdv_core::contact`).
 */

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
