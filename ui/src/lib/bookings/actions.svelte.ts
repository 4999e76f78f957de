import type { Session } from "../account/session.svelte";
import { locale, t } from "../i18n/i18n.svelte";
import { toIpcError, type Backend } from "../ipc/backend";
import type { ActionOutcome, BookingAction, IpcError, OutboxItem } from "../ipc/bindings";
import { formatShortDay, formatTime } from "../time/format";
import { appliedKey } from "./actions";

/** What the status line says after an action, a retry or a give-up. */
export type ActionResult =
  | { kind: "applied"; text: string }
  | { kind: "queued"; text: string; seq: number }
  | { kind: "failed"; text: string; seq: number }
  | { kind: "refused"; text: string; code: IpcError["code"] }
  | { kind: "discarded"; text: string };

/** The booking an action is about: its calendar and the event to act on (`Booking.eventId`). */
export interface ActionTarget {
  calendarId: string;
  eventId: string;
}

/** An action's answer: the backend's outcome, or its refusal (`slotUnavailable` is the caller's). */
export type RunResult = { ok: true; outcome: ActionOutcome } | { ok: false; error: IpcError };

/**
 * Runs booking actions (cancel, move, attendance, note) and the retry / give-up of a refused
 * one, and keeps the status line to show: one per view, shared by the details panel and the
 * agenda's drag and drop.
 */
export class BookingActionRunner {
  /** An action is being sent. */
  busy = $state(false);
  /** The status line, `null` when there is nothing to say. */
  result = $state<ActionResult | null>(null);
  /** Called once an action is applied (a view closes the panel of a cancelled booking). */
  onapplied: ((target: ActionTarget, action: BookingAction) => void) | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly session: Session,
  ) {}

  /**
   * Sends `action`. Every answer sets {@link result} except `slotUnavailable`, which the caller
   * turns into « Déplacer quand même ».
   */
  async run(target: ActionTarget, action: BookingAction): Promise<RunResult> {
    this.busy = true;
    this.result = null;
    try {
      const outcome = await this.backend.bookingAction(target.calendarId, target.eventId, action);
      this.result = this.outcomeResult(outcome, action);
      if (outcome.state === "applied") this.onapplied?.(target, action);
      return { ok: true, outcome };
    } catch (reason) {
      const error = toIpcError(reason);
      if (error.code !== "slotUnavailable") this.result = refusal(error);
      return { ok: false, error };
    } finally {
      this.busy = false;
    }
  }

  /** Puts the refused edit `seq` back in line on the booking as it is now, and sends it. */
  async retry(seq: number): Promise<void> {
    this.busy = true;
    try {
      const items = await this.backend.retryOutboxItem(seq);
      this.session.setOutbox(items);
      this.result = this.itemResult(items.find((item) => item.seq === seq));
    } catch (reason) {
      this.result = refusal(toIpcError(reason));
    } finally {
      this.busy = false;
    }
  }

  /** Gives up the edit `seq`: it is never sent. */
  async discard(seq: number): Promise<void> {
    this.busy = true;
    try {
      this.session.setOutbox(await this.backend.discardOutboxItem(seq));
      this.result = { kind: "discarded", text: t("actions.result.discarded") };
    } catch (reason) {
      this.result = refusal(toIpcError(reason));
    } finally {
      this.busy = false;
    }
  }

  /** Shows a refusal that did not come from an action (the booking left the cache). */
  refuse(error: IpcError): void {
    this.result = refusal(error);
  }

  /** Hides the status line. */
  dismiss(): void {
    this.result = null;
  }

  private outcomeResult(outcome: ActionOutcome, action: BookingAction): ActionResult {
    switch (outcome.state) {
      case "applied":
        return { kind: "applied", text: t(appliedKey(action), this.when(action)) };
      case "queued":
        return { kind: "queued", text: this.queuedText(outcome.item), seq: outcome.item.seq };
      case "failed":
        return {
          kind: "failed",
          text: t("actions.result.failed", { message: outcome.message ?? outcome.item.error ?? "" }),
          seq: outcome.item.seq,
        };
    }
  }

  private itemResult(item: OutboxItem | undefined): ActionResult {
    if (!item) return { kind: "applied", text: t("actions.result.retried") };
    if (item.failed) {
      return { kind: "failed", text: t("actions.result.failed", { message: item.error ?? "" }), seq: item.seq };
    }
    return { kind: "queued", text: this.queuedText(item), seq: item.seq };
  }

  /** Waiting for the connection, or behind a refused edit of the same booking. */
  private queuedText(item: OutboxItem): string {
    const behind = this.session.outbox.some(
      (other) =>
        other.failed &&
        other.seq !== item.seq &&
        other.calendarId === item.calendarId &&
        other.eventId === item.eventId,
    );
    return t(behind ? "actions.result.queuedBehind" : "actions.result.queued");
  }

  /** The day and time of a move (« jeu. 27 nov. », « 10:30 »), in the zone the views use. */
  private when(action: BookingAction): { day: string; time: string } {
    if (action.kind !== "move") return { day: "", time: "" };
    const start = new Date(action.start);
    const zone = this.session.timeZone;
    return {
      day: formatShortDay(start, locale.current, zone),
      time: formatTime(start, locale.current, zone),
    };
  }
}

function refusal(error: IpcError): ActionResult {
  return {
    kind: "refused",
    code: error.code,
    text:
      error.code === "offline"
        ? t("actions.result.offline")
        : t("actions.result.refused", { message: error.message }),
  };
}
