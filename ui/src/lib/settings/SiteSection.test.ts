import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SiteState, SmsCheck, SmsUsageView } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import SiteSection from "./SiteSection.svelte";

/** The demo account with its booking site linked, its texts and usage. */
const linked: Routes = {
  site_state: "site:site_state",
  sms_texts: "site:sms_texts",
  sms_usage: "site:sms_usage",
};

async function show(routes: Routes) {
  const rendered = await renderRecorded(SiteSection, routes);
  return { ...rendered, user: userEvent.setup() };
}

/** Replaces the text of `area` at once (as a paste), the counter asked for `label`'s answer. */
async function write(
  user: ReturnType<typeof userEvent.setup>,
  transport: Awaited<ReturnType<typeof show>>["transport"],
  area: HTMLElement,
  text: string,
  label: string,
) {
  transport.route("check_sms_text", `site:check_sms_text/${label}`);
  await user.clear(area);
  await user.click(area);
  await user.paste(text);
  // The counter asks after a pause in the typing: wait until it asked about this text.
  await waitFor(() => expect(transport.callsTo("check_sms_text").at(-1)).toMatchObject({ text }));
}

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("Réglages → Site de réservation: linking", () => {
  it("tests the credentials and shows the site's refusal, then links with good ones", async () => {
    const { transport, user } = await show({
      ...linked,
      site_state: "site:site_state/none",
      link_site: ["site:link_site/wrong", "site:link_site"],
    });
    const button = await screen.findByTestId("site-link");
    expect(screen.getByTestId("site-password")).toHaveAttribute("type", "password");

    // Nothing typed: said here, nothing asked of the site.
    await user.click(button);
    expect(screen.getByTestId("site-error")).toHaveTextContent("Indiquez l’adresse du site");
    expect(transport.callsTo("link_site")).toEqual([]);

    await user.type(screen.getByTestId("site-url"), "https://cabinet-laurent.fr");
    await user.type(screen.getByTestId("site-user"), "cabinet-laurent");
    await user.type(screen.getByTestId("site-password"), "wrong");
    await user.click(button);
    expect(await screen.findByTestId("site-error")).toHaveTextContent(recordedError("site:link_site/wrong").message);

    await user.clear(screen.getByTestId("site-password"));
    await user.type(screen.getByTestId("site-password"), "abcd EFGH ijkl MNOP qrst UVWX");
    await user.click(button);

    const site = recorded<SiteState>("site:link_site");
    const status = await screen.findByTestId("site-status");
    expect(status).toHaveTextContent(site.url!);
    expect(status).toHaveTextContent(site.user!);
    expect(status).toHaveTextContent("2 mars 2026");
    expect(screen.queryByTestId("site-error")).toBeNull();
    expect(transport.callsTo("link_site")).toEqual([
      { url: "https://cabinet-laurent.fr", user: "cabinet-laurent", appPassword: "wrong" },
      { url: "https://cabinet-laurent.fr", user: "cabinet-laurent", appPassword: "abcd EFGH ijkl MNOP qrst UVWX" },
    ]);
    // The texts and the usage come with it.
    expect(await screen.findByTestId("sms-confirmation")).toBeInTheDocument();
    expect(await screen.findByTestId("sms-usage")).toBeInTheDocument();
  });

  it("disables the button while the credentials are tested", async () => {
    const { transport, user } = await show({ ...linked, site_state: "site:site_state/none", link_site: "site:link_site" });
    const release = transport.hold("link_site");
    await user.type(await screen.findByTestId("site-url"), "https://cabinet.fr");
    await user.type(screen.getByTestId("site-user"), "claire");
    await user.type(screen.getByTestId("site-password"), "abcdefghijklmnopqrstuvwx");
    await user.click(screen.getByTestId("site-link"));
    expect(screen.getByTestId("site-link")).toBeDisabled();
    release();
    expect(await screen.findByTestId("site-status")).toBeInTheDocument();
  });

  it("offers the demo site in demo mode, and links it", async () => {
    const { transport, user } = await show({
      ...linked,
      site_state: "site:site_state/none",
      link_demo_site: "site:link_demo_site",
    });
    await user.click(await screen.findByTestId("site-link-demo"));
    expect(await screen.findByTestId("site-status")).toHaveTextContent(
      recorded<SiteState>("site:link_demo_site").siteName!,
    );
    expect(transport.callsTo("link_demo_site")).toHaveLength(1);
  });

  it("says so when the site lost its own access to Google, and not while it has it", async () => {
    await show(linked);
    expect(await screen.findByTestId("site-status")).toBeInTheDocument();
    expect(screen.queryByTestId("site-google-warning")).toBeNull();
  });

  it("warns that online booking is stopped when the site's Google access was revoked", async () => {
    await show({ ...linked, site_state: "site:site_state/revoked" });
    expect(await screen.findByTestId("site-google-warning")).toHaveTextContent(
      /n'a plus accès à Google Agenda.*ne peuvent plus réserver en ligne.*WordPress/,
    );
  });

  it("synchronises, then unlinks after confirmation", async () => {
    const { transport, user } = await show({ ...linked, sync_site: "site:sync_site", unlink_site: "site:unlink_site" });
    await user.click(await screen.findByTestId("site-sync"));
    expect(await screen.findByTestId("site-synced")).toHaveTextContent(/^Synchronisé\s: \d+ réservations? mises? à jour\.$/);

    await user.click(screen.getByTestId("site-unlink"));
    expect(transport.callsTo("unlink_site")).toEqual([]);
    await user.click(screen.getByTestId("site-unlink-dialog-confirm"));
    expect(await screen.findByTestId("site-link")).toBeInTheDocument();
    expect(transport.callsTo("unlink_site")).toHaveLength(1);
  });
});

describe("Réglages → Site de réservation: SMS texts", () => {
  const plain =
    "Bonjour {prenom}, {praticien} vous attend le {date} a {heure}. Merci de prevenir en cas d'empechement.";

  it("shows the core's count as it is typed: an « ê » in UCS-2, replaced at once in GSM-7", async () => {
    const { transport, user } = await show(linked);
    const reminder = await screen.findByTestId("sms-reminder");

    await write(user, transport, reminder, plain, "plain");
    const gsm = recorded<SmsCheck>("site:check_sms_text/plain");
    await waitFor(() => expect(screen.getByTestId("sms-reminder-encoding")).toHaveTextContent(gsm.encoding));
    expect(screen.getByTestId("sms-reminder-segments")).toHaveTextContent(`${gsm.segments} SMS`);
    expect(screen.getByTestId("sms-reminder-preview")).toHaveTextContent(gsm.preview);
    expect(screen.queryByTestId("sms-reminder-ucs2")).toBeNull();
    expect(transport.callsTo("check_sms_text").at(-1)).toEqual({ text: plain, practitioner: "Dr Camille Laurent" });

    await write(user, transport, reminder, plain.replace("empechement", "empêchement"), "accented");
    const ucs2 = recorded<SmsCheck>("site:check_sms_text/accented");
    await waitFor(() => expect(screen.getByTestId("sms-reminder-encoding")).toHaveTextContent(ucs2.encoding));
    expect(screen.getByTestId("sms-reminder-segments")).toHaveTextContent(`${ucs2.segments} SMS`);
    expect(screen.queryByTestId("sms-reminder-several") !== null).toBe(ucs2.costsSeveral);
    const list = screen.getByTestId("sms-reminder-ucs2");
    expect(within(list).getAllByRole("listitem")).toHaveLength(ucs2.ucs2Characters.length);
    expect(list).toHaveTextContent("ê");
    expect(within(list).getByRole("button", { name: "Remplacer par e" })).toBeInTheDocument();

    transport.route("check_sms_text", "site:check_sms_text/plain");
    await waitFor(() => expect(screen.getByTestId("sms-reminder-replace-all")).toBeEnabled());
    await user.click(screen.getByTestId("sms-reminder-replace-all"));
    expect(reminder).toHaveValue(ucs2.gsmVersion);
    await waitFor(() => expect(screen.getByTestId("sms-reminder-encoding")).toHaveTextContent(gsm.encoding));
  });

  it("replaces one character in one click and inserts variables where the cursor is", async () => {
    const { transport, user } = await show(linked);
    const confirmation = await screen.findByTestId("sms-confirmation");
    await write(user, transport, confirmation, "RDV l’après-midi avec ", "curly-quote");
    const replace = () =>
      within(screen.getByTestId("sms-confirmation-ucs2")).getByRole("button", { name: "Remplacer par '" });
    // Offered once the count shown is the one of the text in the field.
    await waitFor(() => expect(replace()).toBeEnabled());
    transport.route("check_sms_text", "site:check_sms_text/with-variable");
    await user.click(replace());
    expect(confirmation).toHaveValue("RDV l'après-midi avec ");

    await user.click(screen.getAllByRole("button", { name: "Insérer {praticien}" })[0]);
    expect(confirmation).toHaveValue("RDV l'après-midi avec {praticien}");
    await waitFor(() =>
      expect(screen.getByTestId("sms-confirmation-encoding")).toHaveTextContent(
        recorded<SmsCheck>("site:check_sms_text/with-variable").encoding,
      ),
    );
  });

  it("refuses to validate while a text has problems", async () => {
    const { transport, user } = await show(linked);
    const cancellation = await screen.findByTestId("sms-cancellation");
    await write(user, transport, cancellation, "Votre RDV du {date} est annulé. {nom}", "problems");

    const problems = await screen.findByTestId("sms-cancellation-problems");
    const expected = recorded<SmsCheck>("site:check_sms_text/problems").problems;
    expect(expected.length).toBeGreaterThan(0);
    expect(within(problems).getAllByRole("listitem")).toHaveLength(expected.length);
    expect(screen.getByTestId("sms-validate")).toBeDisabled();
    expect(screen.getByText("Corrigez les problèmes signalés avant de valider.")).toBeInTheDocument();
    expect(transport.callsTo("validate_sms_texts")).toEqual([]);
  });

  it("sends the texts to the site once confirmed", async () => {
    const { transport, user } = await show({ ...linked, validate_sms_texts: "site:validate_sms_texts" });
    const reminder = await screen.findByTestId("sms-reminder");
    await write(user, transport, reminder, "Rappel : RDV demain a {heure} avec {praticien}.", "reminder");
    await waitFor(() => expect(screen.getByTestId("sms-validate")).toBeEnabled());

    await user.click(screen.getByTestId("sms-validate"));
    expect(screen.getByTestId("sms-validate-dialog")).toHaveTextContent("Les patients recevront ces textes");
    expect(transport.callsTo("validate_sms_texts")).toEqual([]);
    await user.click(screen.getByTestId("sms-validate-confirm"));

    expect(await screen.findByTestId("sms-result")).toHaveTextContent("Textes validés et envoyés au site.");
    expect(transport.callsTo("validate_sms_texts")).toEqual([
      expect.objectContaining({ reminder: "Rappel : RDV demain a {heure} avec {praticien}." }),
    ]);
  });

  it("shows why the site refused the texts", async () => {
    const { user } = await show({ ...linked, validate_sms_texts: "site:validate_sms_texts/offline" });
    await waitFor(() => expect(screen.getByTestId("sms-validate")).toBeEnabled());
    await user.click(screen.getByTestId("sms-validate"));
    await user.click(screen.getByTestId("sms-validate-confirm"));
    const result = await screen.findByTestId("sms-result");
    expect(result).toHaveTextContent("Les textes n’ont pas été envoyés");
    expect(result).toHaveTextContent(recordedError("site:validate_sms_texts/offline").message);
    expect(result).toHaveAttribute("data-ok", "false");
  });
});

describe("Réglages → Site de réservation: SMS usage", () => {
  it("shows this month and the last: messages, SMS billed, cost and price per SMS", async () => {
    await show(linked);
    const { current, previous } = recorded<SmsUsageView>("site:sms_usage");
    const euros = (amount: string) => new RegExp(`${amount.replace(".", ",")}\\s€`);
    const usage = await screen.findByTestId("sms-usage");
    const [now, before] = within(usage).getAllByTestId("sms-usage-month");
    expect(now).toHaveTextContent(/mars 2026 \(en cours\)/);
    expect(now).toHaveTextContent(String(current.messages));
    expect(now).toHaveTextContent(String(current.segments));
    expect(now).toHaveTextContent(euros(current.cost));
    expect(now).toHaveTextContent(euros(current.pricePerSegment));
    expect(before).toHaveTextContent("février 2026");
    expect(before).toHaveTextContent(euros(previous!.cost));
  });
});
