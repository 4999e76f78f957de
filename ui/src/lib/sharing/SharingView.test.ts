import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { CalendarInfo, ShareEntry } from "../ipc/bindings";
import { recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import SharingView from "./SharingView.svelte";

/** The demo practitioner, owner of her one calendar, shared with the practice's secretary. */
const CAMILLE = recorded<CalendarInfo[]>("list_calendars")[0].id;
const SECRETARY = recorded<ShareEntry[]>("list_sharing").find((e) => !e.isYou)!.email!;

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(SharingView, routes);
  return { ...rendered, user: userEvent.setup() };
}

const rows = () => screen.getAllByTestId("share-row");
const row = (email: string) => rows().find((r) => r.dataset.email === email);

afterEach(() => setLocale("fr"));

describe("Partage", () => {
  it("welcomes a user without an account", async () => {
    await renderRecorded(SharingView, { account_status: "account_status/none" });
    const view = screen.getByTestId("view-sharing");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Partage");
    expect(within(view).getByTestId("onboarding")).toBeInTheDocument();
  });

  it("lists who has access, owner first, with the roles in the practice's words", async () => {
    const { transport } = await show();

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((r) => r.dataset.email)).toEqual([CAMILLE, SECRETARY]);
    expect(row(CAMILLE)).toHaveTextContent("Vous");
    expect(row(CAMILLE)).toHaveTextContent("Propriétaire");
    // One's own rule can be neither changed nor revoked.
    expect(within(row(CAMILLE)!).queryByTestId("share-role-select")).toBeNull();
    expect(within(row(CAMILLE)!).queryByTestId("share-revoke")).toBeNull();
    expect(within(row(SECRETARY)!).getByTestId("share-role-select")).toHaveValue("writer");
    expect(within(row(SECRETARY)!).getByTestId("share-role-select")).toHaveDisplayValue("Secrétaire");
    expect(transport.callsTo("list_sharing")).toEqual([{ calendarId: CAMILLE }]);
    // A single owned calendar: no picker.
    expect(screen.queryByTestId("share-calendar")).toBeNull();
  });

  it("explains what each role may do, and that only the owner opens availability", async () => {
    await show();
    const explanation = screen.getByTestId("share-explanation");
    expect(explanation).toHaveTextContent("Secrétaire");
    expect(explanation).toHaveTextContent("peut les déplacer, les annuler");
    expect(explanation).toHaveTextContent("Consultation");
    expect(explanation).toHaveTextContent("sans rien pouvoir modifier");
    expect(explanation).toHaveTextContent("Disponibilités seulement");
    expect(screen.getByTestId("share-rule")).toHaveTextContent(
      "Seul le titulaire de l’agenda peut ouvrir de nouvelles disponibilités (art. 4.3).",
    );
    expect([...screen.getByTestId("share-role").querySelectorAll("option")].map((o) => o.value)).toEqual([
      "writer",
      "reader",
      "freeBusyReader",
    ]);
  });

  it("shares the calendar, then shows the list as Google holds it", async () => {
    const { transport, user } = await show({ grant_access: "sharing:grant_access" });
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.type(screen.getByTestId("share-email"), "Remplacante@Cabinet.fr");
    await user.selectOptions(screen.getByTestId("share-role"), "reader");
    await user.click(screen.getByTestId("share-grant"));

    const after = recorded<ShareEntry[]>("sharing:grant_access");
    await waitFor(() => expect(rows().map((r) => r.dataset.email)).toEqual(after.map((e) => e.email)));
    expect(transport.callsTo("grant_access")).toEqual([
      { calendarId: CAMILLE, email: "Remplacante@Cabinet.fr", role: "reader" },
    ]);
    expect(within(row("remplacante@cabinet.fr")!).getByTestId("share-role-select")).toHaveValue("reader");
    expect(screen.getByTestId("share-notice")).toHaveTextContent(
      "Agenda partagé avec remplacante@cabinet.fr (Consultation).",
    );
    // What the grantee must do (Google lists the agenda only once she adds it), with the address.
    expect(screen.getByTestId("share-next-step")).toHaveTextContent(
      `Elle doit ajouter l’agenda dans RDV Compagnon : Agendas › Ajouter un agenda partagé, avec votre adresse ${CAMILLE}.`,
    );
    expect(screen.getByTestId("share-email")).toHaveValue("");
    expect(screen.queryByTestId("share-error")).toBeNull();
  });

  it("says under the field why the core refuses an address, and shares nothing", async () => {
    const { user } = await show({
      grant_access: ["sharing:grant_access/incomplete-domain", "sharing:grant_access/self"],
    });
    await waitFor(() => expect(rows()).toHaveLength(2));
    const field = screen.getByTestId("share-email");

    await user.type(field, "secretariat@cabinet");
    await user.click(screen.getByTestId("share-grant"));

    const error = await screen.findByTestId("share-error");
    expect(error).toHaveTextContent(recordedError("sharing:grant_access/incomplete-domain").message);
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field.getAttribute("aria-describedby")).toContain("share-error");
    expect(field).toHaveFocus();
    expect(rows()).toHaveLength(2);

    // Typing again clears the message.
    await user.type(field, ".fr");
    expect(screen.queryByTestId("share-error")).toBeNull();

    await user.clear(field);
    await user.type(field, CAMILLE);
    await user.click(screen.getByTestId("share-grant"));
    expect(await screen.findByTestId("share-error")).toHaveTextContent(
      recordedError("sharing:grant_access/self").message,
    );
  });

  it("disables « Partager » while Google is asked, and with no address", async () => {
    const { transport, user } = await show({ grant_access: "sharing:grant_access" });
    await waitFor(() => expect(rows()).toHaveLength(2));
    const button = screen.getByTestId("share-grant");
    expect(button).toBeDisabled();

    await user.type(screen.getByTestId("share-email"), "Remplacante@Cabinet.fr");
    expect(button).toBeEnabled();
    const release = transport.hold("grant_access");
    await user.click(button);

    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Partage…");
    release();
    await waitFor(() => expect(row("remplacante@cabinet.fr")).toBeDefined());
    expect(button).toHaveTextContent("Partager");
  });

  it("changes a person's role", async () => {
    const { transport, user } = await show({ change_access: "sharing:change_access" });
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.selectOptions(within(row(SECRETARY)!).getByTestId("share-role-select"), "freeBusyReader");

    await waitFor(() => expect(row(SECRETARY)).toHaveAttribute("data-role", "freeBusyReader"));
    expect(transport.callsTo("change_access")).toEqual([
      { calendarId: CAMILLE, ruleId: `user:${SECRETARY}`, role: "freeBusyReader" },
    ]);
    expect(screen.getByTestId("share-notice")).toHaveTextContent(`${SECRETARY} : Disponibilités seulement.`);
  });

  it("puts the menu back when the change fails", async () => {
    const { user } = await show({ change_access: "sharing:change_access/offline" });
    await waitFor(() => expect(rows()).toHaveLength(2));

    const select = within(row(SECRETARY)!).getByTestId("share-role-select");
    await user.selectOptions(select, "reader");

    expect(await screen.findByTestId("share-notice")).toHaveTextContent("Pas de connexion Internet");
    expect(select).toHaveValue("writer");
  });

  it("revokes an access only after a confirmation naming the person", async () => {
    const { transport, user } = await show({ revoke_access: "sharing:revoke_access" });
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.click(within(row(SECRETARY)!).getByTestId("share-revoke"));
    const dialog = screen.getByTestId("share-revoke-dialog");
    expect(dialog).toHaveAttribute("open");
    expect(dialog).toHaveTextContent(`Retirer l’accès de ${SECRETARY} ?`);
    expect(dialog).toHaveTextContent(`« ${recorded<CalendarInfo[]>("list_calendars")[0].summary} »`);
    await user.click(within(dialog).getByTestId("share-revoke-dialog-cancel"));
    expect(transport.callsTo("revoke_access")).toEqual([]);

    await user.click(within(row(SECRETARY)!).getByTestId("share-revoke"));
    await user.click(screen.getByTestId("share-confirm-revoke"));

    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(transport.callsTo("revoke_access")).toEqual([{ calendarId: CAMILLE, ruleId: `user:${SECRETARY}` }]);
    expect(screen.getByTestId("share-notice")).toHaveTextContent(`${SECRETARY} n’a plus accès à l’agenda.`);
    expect(screen.getByTestId("share-empty")).toHaveTextContent("Votre agenda n’est partagé avec personne");
  });

  it("lists the calendars shared with the account, with what each role allows", async () => {
    await show({
      account_status: "desk:account_status",
      list_calendars: "desk:list_calendars",
      list_sharing: "desk:list_sharing/own",
    });
    const shared = screen.getByTestId("shared-with-you");
    const items = within(shared).getAllByTestId("shared-calendar");
    const others = recorded<CalendarInfo[]>("desk:list_calendars").filter((c) => c.accessRole !== "owner");
    expect(items.map((i) => i.dataset.calendarId).sort()).toEqual(others.map((c) => c.id).sort());
    const laurent = items.find((i) => i.dataset.calendarId === CAMILLE)!;
    expect(laurent).toHaveTextContent("Dr Camille Laurent");
    expect(laurent).toHaveTextContent("Secrétaire");
    expect(laurent).toHaveTextContent("mais pas en ouvrir de nouvelles");
    const reader = items.find((i) => i.dataset.calendarId !== CAMILLE)!;
    expect(reader).toHaveTextContent("sans les modifier");
  });

  it("says sharing needs a connection, and tries again", async () => {
    const { user } = await show({ list_sharing: ["sharing:list_sharing/offline", "list_sharing"] });

    const error = await screen.findByTestId("share-load-error");
    expect(error).toHaveTextContent("Pas de connexion Internet : le partage se lit et se modifie chez Google.");
    await user.click(within(error).getByRole("button", { name: /Réessayer/ }));
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it("shows Google's other refusals as they are", async () => {
    await show({ list_sharing: "sharing:list_sharing/refused" });
    expect(await screen.findByTestId("share-load-error")).toHaveTextContent(
      `La liste des accès n’a pas pu être lue : ${recordedError("sharing:list_sharing/refused").message}`,
    );
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    await show();
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId("share-grant")).toHaveTextContent("Share");
    expect(screen.getByTestId("share-rule")).toHaveTextContent(
      "Only the calendar’s owner can open new availability (art. 4.3).",
    );
    expect(within(row(SECRETARY)!).getByTestId("share-role-select")).toHaveDisplayValue("Secretary");
  });
});
