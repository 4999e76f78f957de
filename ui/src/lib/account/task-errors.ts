import type { MessageKey } from "../i18n/i18n.svelte";
import type { ErrorCode } from "../ipc/bindings";
import type { AccountTask } from "./session.svelte";

/** What to tell the user about a failed account operation: what happened, what to do. */
export interface TaskErrorText {
  title: MessageKey;
  hint: MessageKey;
}

const LINK_ERRORS: Partial<Record<ErrorCode, TaskErrorText>> = {
  oauthDenied: { title: "account.errors.oauthDeniedTitle", hint: "account.errors.oauthDeniedHint" },
  oauthCancelled: {
    title: "account.errors.oauthCancelledTitle",
    hint: "account.errors.oauthCancelledHint",
  },
  offline: { title: "account.errors.offlineTitle", hint: "account.errors.offlineHint" },
  keychainLocked: {
    title: "account.errors.keychainLockedTitle",
    hint: "account.errors.keychainLockedHint",
  },
  keychainUnavailable: {
    title: "account.errors.keychainUnavailableTitle",
    hint: "account.errors.keychainUnavailableHint",
  },
  notConfigured: {
    title: "account.errors.notConfiguredTitle",
    hint: "account.errors.notConfiguredHint",
  },
};

const TASK_TITLES: Record<AccountTask, MessageKey> = {
  link: "account.errors.otherTitle",
  demo: "account.errors.demoTitle",
  unlink: "account.errors.unlinkTitle",
};

/**
 * The explanation of a failed link, demo start or unlink. Linking says exactly what went
 * wrong; the other two keep their own title and borrow the advice for the same cause.
 */
export function describeTaskError(task: AccountTask, code: ErrorCode): TaskErrorText {
  const known = LINK_ERRORS[code];
  if (task === "link" && known) return known;
  return { title: TASK_TITLES[task], hint: known?.hint ?? "account.errors.otherHint" };
}
