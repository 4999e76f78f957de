import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { AccountState, CalendarInfo } from "../ipc/bindings";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { userRule } from "../ipc/mock-sharing";
import { CLAIRE, LEA, READER, account, practice } from "../testing/practice";
import { renderView } from "../testing/render";
import SharingView from "./SharingView.svelte";

const SECRETARY = "accueil@cabinet.fr";

async function show(options: MockOptions = {}) {
  const backend = new MockBackend({
    account,
    data: practice(),
    sharing: { [CLAIRE]: [userRule(CLAIRE, "owner"), userRule(SECRETARY, "writer")] },
    ...options,
  });
  const rendered = await renderView(SharingView, backend);
  return { ...rendered, user: userEvent.setup() };
}

const rows = () => screen.getAllByTestId("share-row");
const row = (email: string) => rows().find((r) => r.dataset.email === email);

afterEach(() => setLocale("fr"));

describe("Partage", () => {
  it("welcomes a user without an account", async () => {
    await renderView(SharingView);
    const view = screen.getByTestId("view-sharing");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Partage");
    expect(within(view).getByTestId("onboarding")).toBeInTheDocument();
  });

  it("lists who has access, owner first, with the roles in the practice's words", async () => {
    const { backend } = await show();

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((r) => r.dataset.email)).toEqual([CLAIRE, SECRETARY]);
    expect(row(CLAIRE)).toHaveTextContent("Vous");
    expect(row(CLAIRE)).toHaveTextContent("Propriétaire");
    // One's own rule can be neither changed nor revoked.
    expect(within(row(CLAIRE)!).queryByTestId("share-role-select")).toBeNull();
    expect(within(row(CLAIRE)!).queryByTestId("share-revoke")).toBeNull();
    expect(within(row(SECRETARY)!).getByTestId("share-role-select")).toHaveValue("writer");
    expect(within(row(SECRETARY)!).getByTestId("share-role-select")).toHaveDisplayValue("Secrétaire");
    expect(backend.calls).toContainEqual(["list_sharing", { calendarId: CLAIRE }]);
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
    const { backend, user } = await show();
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.type(screen.getByTestId("share-email"), "Remplacante@Cabinet.fr");
    await user.selectOptions(screen.getByTestId("share-role"), "reader");
    await user.click(screen.getByTestId("share-grant"));

    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(backend.calls).toContainEqual([
      "grant_access",
      { calendarId: CLAIRE, email: "Remplacante@Cabinet.fr", role: "reader" },
    ]);
    expect(within(row("remplacante@cabinet.fr")!).getByTestId("share-role-select")).toHaveValue("reader");
    expect(screen.getByTestId("share-notice")).toHaveTextContent(
      "Agenda partagé avec remplacante@cabinet.fr (Consultation).",
    );
    expect(screen.getByTestId("share-email")).toHaveValue("");
    expect(screen.queryByTestId("share-error")).toBeNull();
  });

  it("says under the field why an address is refused, and shares nothing", async () => {
    const { user } = await show();
    await waitFor(() => expect(rows()).toHaveLength(2));
    const field = screen.getByTestId("share-email");

    await user.type(field, "secretariat@cabinet");
    await user.click(screen.getByTestId("share-grant"));

    const error = await screen.findByTestId("share-error");
    expect(error).toHaveTextContent(
      "Le domaine « cabinet » est incomplet : il faut un nom comme cabinet.fr ou gmail.com.",
    );
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field.getAttribute("aria-describedby")).toContain("share-error");
    expect(field).toHaveFocus();
    expect(rows()).toHaveLength(2);

    // Typing again clears the message.
    await user.type(field, ".fr");
    expect(screen.queryByTestId("share-error")).toBeNull();

    await user.clear(field);
    await user.type(field, CLAIRE);
    await user.click(screen.getByTestId("share-grant"));
    expect(await screen.findByTestId("share-error")).toHaveTextContent("votre propre adresse");
  });

  it("disables « Partager » while Google is asked, and with no address", async () => {
    const { user } = await show({ delayMs: 150 });
    await waitFor(() => expect(rows()).toHaveLength(2));
    const button = screen.getByTestId("share-grant");
    expect(button).toBeDisabled();

    await user.type(screen.getByTestId("share-email"), "dr.roux@cabinet.fr");
    expect(button).toBeEnabled();
    await user.click(button);

    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Partage…");
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(button).toHaveTextContent("Partager");
  });

  it("changes a person's role", async () => {
    const { backend, user } = await show();
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.selectOptions(within(row(SECRETARY)!).getByTestId("share-role-select"), "freeBusyReader");

    await waitFor(() => expect(row(SECRETARY)).toHaveAttribute("data-role", "freeBusyReader"));
    expect(backend.calls).toContainEqual([
      "change_access",
      { calendarId: CLAIRE, ruleId: `user:${SECRETARY}`, role: "freeBusyReader" },
    ]);
    expect(screen.getByTestId("share-notice")).toHaveTextContent(`${SECRETARY} : Disponibilités seulement.`);
  });

  it("puts the menu back when the change fails", async () => {
    const { backend, user } = await show();
    await waitFor(() => expect(rows()).toHaveLength(2));
    backend.offline = true;

    const select = within(row(SECRETARY)!).getByTestId("share-role-select");
    await user.selectOptions(select, "reader");

    expect(await screen.findByTestId("share-notice")).toHaveTextContent("Pas de connexion Internet");
    expect(select).toHaveValue("writer");
  });

  it("revokes an access only after a confirmation naming the person", async () => {
    const { backend, user } = await show();
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.click(within(row(SECRETARY)!).getByTestId("share-revoke"));
    const dialog = screen.getByTestId("share-revoke-dialog");
    expect(dialog).toHaveAttribute("open");
    expect(dialog).toHaveTextContent(`Retirer l’accès de ${SECRETARY} ?`);
    expect(dialog).toHaveTextContent("« Claire Dubois »");
    await user.click(within(dialog).getByTestId("share-revoke-dialog-cancel"));
    expect(backend.calls.some(([c]) => c === "revoke_access")).toBe(false);

    await user.click(within(row(SECRETARY)!).getByTestId("share-revoke"));
    await user.click(screen.getByTestId("share-confirm-revoke"));

    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(backend.calls).toContainEqual(["revoke_access", { calendarId: CLAIRE, ruleId: `user:${SECRETARY}` }]);
    expect(screen.getByTestId("share-notice")).toHaveTextContent(`${SECRETARY} n’a plus accès à l’agenda.`);
    expect(screen.getByTestId("share-empty")).toHaveTextContent("Votre agenda n’est partagé avec personne");
  });

  it("lists the calendars shared with the account, with what each role allows", async () => {
    await show();
    const shared = screen.getByTestId("shared-with-you");
    const items = within(shared).getAllByTestId("shared-calendar");
    expect(items.map((i) => i.dataset.calendarId)).toEqual([READER, LEA]);
    expect(items[1]).toHaveTextContent("Dr Léa Martin");
    expect(items[1]).toHaveTextContent("Secrétaire");
    expect(items[1]).toHaveTextContent("mais pas en ouvrir de nouvelles");
    expect(items[0]).toHaveTextContent("sans les modifier");
  });

  it("shows a secretary without a calendar of her own the explanation only", async () => {
    const secretary: AccountState = { state: "linked", email: SECRETARY, demo: false };
    const data = practice([LEA]);
    data.calendars = data.calendars.filter((c) => c.accessRole !== "owner");
    const { backend } = await show({ account: secretary, data });

    expect(screen.getByTestId("share-not-owner")).toHaveTextContent("Vous n’êtes titulaire d’aucun agenda");
    expect(within(screen.getByTestId("shared-with-you")).getAllByTestId("shared-calendar")).toHaveLength(2);
    expect(screen.getByTestId("share-explanation")).toBeInTheDocument();
    expect(screen.queryByTestId("share-email")).toBeNull();
    expect(screen.queryByTestId("share-row")).toBeNull();
    expect(backend.calls.some(([c]) => c === "list_sharing")).toBe(false);
  });

  it("switches between owned calendars with the picker", async () => {
    const data = practice();
    const cabinet: CalendarInfo = { ...data.calendars[0], id: "cabinet@example.fr", summary: "Cabinet", primary: false };
    data.calendars.push(cabinet);
    const { backend, user } = await show({ data });
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.selectOptions(screen.getByTestId("share-calendar"), cabinet.id);

    await waitFor(() => expect(rows().map((r) => r.dataset.email)).toEqual([CLAIRE]));
    expect(backend.calls).toContainEqual(["list_sharing", { calendarId: cabinet.id }]);
  });

  it("says sharing needs a connection, and tries again", async () => {
    const { backend, user } = await show({ offline: true });

    const error = await screen.findByTestId("share-load-error");
    expect(error).toHaveTextContent("Pas de connexion Internet : le partage se lit et se modifie chez Google.");
    backend.offline = false;
    await user.click(within(error).getByRole("button", { name: /Réessayer/ }));
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it("shows Google's other refusals as they are", async () => {
    await show({ sharingError: { code: "internal", message: "Google a répondu 500" } });
    expect(await screen.findByTestId("share-load-error")).toHaveTextContent(
      "La liste des accès n’a pas pu être lue : Google a répondu 500",
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
