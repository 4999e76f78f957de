import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { RetentionState } from "../ipc/bindings";
import { RECORDED_AT, recorded } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import RetentionNoticeBanner from "./RetentionNoticeBanner.svelte";

/**
 * The notice of the first purge (retention on by default), as the Rust core recorded it in the
 * `privacy` world: one appointment of 5 February 2026, booked 140 days before the instant.
 */
beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("the first purge's notice", () => {
  it("says what the first purge erased, the rule, where to see and change it, until dismissed", async () => {
    const { transport } = await renderRecorded(RetentionNoticeBanner, {
      retention_state: "privacy:retention_state/first-purge",
      dismiss_retention_notice: "privacy:dismiss_retention_notice",
    });
    const user = userEvent.setup();

    const notice = await screen.findByTestId("retention-notice");
    const { notice: recordedNotice } = recorded<RetentionState>("privacy:retention_state/first-purge");
    expect(recordedNotice?.bookings).toBe(1);
    expect(notice).toHaveAttribute("data-count", "1");
    expect(notice).toHaveTextContent("Conservation des données activée : 120 jours");
    expect(notice).toHaveTextContent("de 1 rendez-vous, du 5 févr. 2026 au 5 févr. 2026, pris il y a plus de 120 jours");
    expect(notice).toHaveTextContent("jamais avant le rendez-vous et son rappel");
    expect(notice).toHaveTextContent("Réglages → Données personnelles");
    expect(screen.getByTestId("retention-notice-open")).toHaveAttribute("href", "#settings");

    await user.click(screen.getByTestId("retention-notice-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("retention-notice")).toBeNull());
    expect(transport.callsTo("dismiss_retention_notice")).toHaveLength(1);
  });

  it("speaks English too", async () => {
    setLocale("en");
    await renderRecorded(RetentionNoticeBanner, {
      retention_state: "privacy:retention_state/first-purge",
    });
    const notice = await screen.findByTestId("retention-notice");
    expect(notice).toHaveTextContent("Data retention on: 120 days");
    expect(notice).toHaveTextContent("of 1 appointment, from 5 Feb 2026 to 5 Feb 2026, booked more than 120 days ago");
    expect(notice).toHaveTextContent("Settings → Personal data");
    expect(screen.getByTestId("retention-notice-dismiss")).toHaveTextContent("Got it");
  });

  it("appears when the first purge runs after the app has started", async () => {
    const { transport } = await renderRecorded(RetentionNoticeBanner, {
      retention_state: ["retention_state", "privacy:retention_state/first-purge"],
    });
    await waitFor(() => expect(transport.callsTo("retention_state")).toHaveLength(1));
    expect(screen.queryByTestId("retention-notice")).toBeNull();

    transport.emit(BACKEND_EVENTS.dataChanged);

    expect(await screen.findByTestId("retention-notice")).toHaveAttribute("data-count", "1");
  });
});
