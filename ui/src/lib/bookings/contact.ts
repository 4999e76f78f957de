/**
 * A patient's contact details as shown. Their `tel:` and `mailto:` links are not built here: the
 * backend sends them (`Patient.phoneLink`, `Patient.emailLink`, from `rdv_core::contact`).
 */

import { toIpcError, type Backend } from "../ipc/backend";

/**
 * The `onclick` of a patient's `tel:`/`mailto:` link: the web view cannot follow these itself,
 * so the link the backend built goes to the system through `open_contact_link` (which refuses
 * any other scheme). `onError` gets the backend's message when the system could not open it.
 */
export function openWithSystem(
  backend: Pick<Backend, "openContactLink">,
  onError: (message: string) => void,
): (event: MouseEvent) => void {
  return (event) => {
    const link = event.currentTarget as HTMLAnchorElement;
    event.preventDefault();
    backend.openContactLink(link.getAttribute("href") ?? "").catch((reason: unknown) => {
      onError(toIpcError(reason).message);
    });
  };
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
