import { describe, expect, it } from "vitest";
import { MockBackend } from "./mock-backend";
import { checkSmsText, countSms, toGsm } from "./mock-site";

describe("the mock's SMS counter (rdv_core::sms)", () => {
  it("counts GSM-7 in septets, 160 in one SMS then 153 per segment", () => {
    expect(countSms("")).toMatchObject({ encoding: "GSM-7", units: 0, segments: 0, remainingInSegment: 160 });
    expect(countSms("a".repeat(160))).toMatchObject({ segments: 1, perSegment: 160, remainingInSegment: 0 });
    expect(countSms("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remainingInSegment: 145 });
    // € is in the extension table: two septets.
    expect(countSms("10 €").units).toBe(5);
    expect(countSms("à é è ù").encoding).toBe("GSM-7");
  });

  it("switches to UCS-2 (70, then 67) for ê, ’ and the like, with their UTF-16 index", () => {
    const c = countSms("Rappel : votre RDV l’après-midi");
    expect(c).toMatchObject({ encoding: "UCS-2", units: 31, segments: 1, perSegment: 70 });
    expect(c.ucs2Characters).toEqual([{ character: "’", index: 20, replacement: "'" }]);
    expect(countSms("ê".repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSms("😀 ê").ucs2Characters.map((u) => u.index)).toEqual([0, 3]);
    expect(toGsm("l’après-midi — à la fenêtre « B »…")).toBe("l'après-midi - à la fenetre \" B \"...");
  });

  it("checks the text on a realistic preview: identity, variables, braces", () => {
    const ok = checkSmsText("Bonjour {prenom}, RDV avec {praticien} le {date}.", "Dr Laurent");
    expect(ok.problems).toEqual([]);
    expect(ok.preview).toBe("Bonjour Marie-Christine, RDV avec Dr Laurent le mercredi 30 septembre.");
    expect(checkSmsText("Bonjour {nom}", "Dr Laurent").problems).toHaveLength(2);
    expect(checkSmsText("RDV avec dr laurent", "Dr Laurent").problems).toEqual([]);
    expect(checkSmsText("Bonjour {prenom", "Dr Laurent").problems).toEqual(["Une accolade « { » n'est pas refermée."]);
    expect(checkSmsText("  ", "Dr Laurent").problems).toEqual(["Le texte est vide."]);
  });
});

describe("MockBackend: booking site", () => {
  it("links the demo site in demo mode only", async () => {
    const plain = new MockBackend({ account: { state: "linked", email: "a@b.fr", demo: false } });
    await expect(plain.linkDemoSite()).rejects.toMatchObject({ code: "invalidInput" });
    const demo = new MockBackend({ account: { state: "linked", email: "demo@example.fr", demo: true } });
    expect((await demo.linkDemoSite()).linked).toBe(true);
    // Bookings made on the site now carry its records.
    const onSite = demo.data?.bookings.filter((b) => b.source === "site") ?? [];
    expect(onSite.length).toBeGreaterThan(0);
    expect(onSite.every((b) => b.site?.consentVersion === "2026-09-01")).toBe(true);
    await demo.unlinkSite();
    expect(demo.data?.bookings.some((b) => b.site !== null)).toBe(false);
  });

  it("refuses texts with a problem and needs a linked site", async () => {
    const backend = new MockBackend({ site: { linked: true } });
    await expect(backend.validateSmsTexts("ok {praticien}", "sans identité", "ok {praticien}")).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining("Texte de rappel"),
    });
    await backend.unlinkSite();
    await expect(backend.smsTexts()).rejects.toMatchObject({ code: "invalidInput" });
  });
});
