/**
 * The booking site as the Rust core handles it (crates/rdv-app/src/site.rs,
 * crates/rdv-core/src/sms.rs and sms/template.rs), for {@link MockBackend}: the SMS counter
 * (GSM 7-bit or UCS-2, 160/153 or 70/67 units per segment), the suggested GSM replacements, the
 * checks of a text (identity, known variables, closed braces) on a realistic long preview, and the
 * same French messages.
 */
import type { IpcError, SiteState, SmsCharacter, SmsCheck, SmsTextsState, SmsUsageView } from "./bindings";

/** The GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1), one septet each. */
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** Its extension table: two septets each (escape, then the code). */
const GSM_EXTENSION = new Set("\f^{}\\[~]|€");

/** The GSM text suggested for the usual traps of French texts (`sms::REPLACEMENTS`). */
export const REPLACEMENTS: Record<string, string> = {
  "\u2019": "'", "\u2018": "'", "\u02BC": "'", "\u00B4": "'", "`": "'",
  "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u00AB": '"', "\u00BB": '"',
  "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u2022": "-",
  "\u00A0": " ", "\u202F": " ", "\u2009": " ", "\u2007": " ", "\t": " ",
  "\u00AD": "", "\u200B": "", "\uFEFF": "",
  œ: "oe", Œ: "OE",
  ç: "c", â: "a", á: "a", ã: "a", ê: "e", ë: "e", î: "i", ï: "i", í: "i",
  ô: "o", ó: "o", õ: "o", û: "u", ú: "u", ÿ: "y",
  À: "A", Â: "A", Á: "A", Ã: "A", È: "E", Ê: "E", Ë: "E", Î: "I", Ï: "I", Í: "I", Ì: "I",
  Ô: "O", Ó: "O", Ò: "O", Õ: "O", Ù: "U", Û: "U", Ú: "U", Ÿ: "Y",
};

/** The variables a text may use. */
export const SMS_VARIABLES = ["prenom", "date", "heure", "praticien", "adresse", "telephone"] as const;

/** Septets of `c` in GSM 7-bit, `null` when it forces UCS-2. */
function gsmUnits(c: string): number | null {
  if (GSM_BASIC.has(c)) return 1;
  if (GSM_EXTENSION.has(c)) return 2;
  return null;
}

export interface SmsCount {
  encoding: "GSM-7" | "UCS-2";
  units: number;
  segments: number;
  perSegment: number;
  remainingInSegment: number;
  ucs2Characters: SmsCharacter[];
}

/** `sms::count`: encoding, units, segments, room left, and the characters forcing UCS-2. */
export function countSms(text: string): SmsCount {
  const ucs2Characters: SmsCharacter[] = [];
  let index = 0;
  for (const c of text) {
    if (gsmUnits(c) === null) {
      ucs2Characters.push({ character: c, index, replacement: REPLACEMENTS[c] ?? null });
    }
    index += c.length;
  }
  const gsm = ucs2Characters.length === 0;
  const [single, part] = gsm ? [160, 153] : [70, 67];
  const widths = [...text].map((c) => (gsm ? (gsmUnits(c) ?? 1) : c.length));
  const units = widths.reduce((a, b) => a + b, 0);
  const encoding = gsm ? "GSM-7" : "UCS-2";
  if (units === 0) {
    return { encoding, units, segments: 0, perSegment: single, remainingInSegment: single, ucs2Characters };
  }
  if (units <= single) {
    return { encoding, units, segments: 1, perSegment: single, remainingInSegment: single - units, ucs2Characters };
  }
  let [segments, used] = [1, 0];
  for (const w of widths) {
    if (used + w > part) [segments, used] = [segments + 1, w];
    else used += w;
  }
  return { encoding, units, segments, perSegment: part, remainingInSegment: part - used, ucs2Characters };
}

/** `sms::to_gsm`: every replaceable character replaced. */
export function toGsm(text: string): string {
  return [...text].map((c) => REPLACEMENTS[c] ?? c).join("");
}

/** `PreviewValues::realistic`: long realistic values around the practitioner's own. */
export function previewValues(practitioner: string, address = "", phone = ""): Record<string, string> {
  const or = (v: string, fallback: string) => (v.trim() === "" ? fallback : v.trim());
  return {
    prenom: "Marie-Christine",
    date: "mercredi 30 septembre",
    heure: "14h30",
    praticien: or(practitioner, "Dr Anne-Sophie Delacroix-Martin"),
    adresse: or(address, "12 bis avenue du Général Leclerc, 75014 Paris"),
    telephone: or(phone, "01 23 45 67 89"),
  };
}

/** The `{variables}` of a text, or `null` when a brace is left open. */
function variablesOf(text: string): string[] | null {
  const out: string[] = [];
  let rest = text;
  for (let open = rest.indexOf("{"); open >= 0; open = rest.indexOf("{")) {
    const close = rest.indexOf("}", open + 1);
    if (close < 0) return null;
    out.push(rest.slice(open + 1, close).trim());
    rest = rest.slice(close + 1);
  }
  return out;
}

/** `template::fill`: the variables replaced (unknown ones left as written). */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name.trim()) ? values[name.trim()] : whole,
  );
}

/** `TextProblem::message` for each problem of `text`. */
function problemsOf(text: string, values: Record<string, string>): string[] {
  const problems: string[] = [];
  if (text.trim() === "") problems.push("Le texte est vide.");
  const vars = variablesOf(text);
  if (vars === null) {
    problems.push("Une accolade « { » n'est pas refermée.");
    return problems;
  }
  for (const v of vars) {
    if (!Object.hasOwn(values, v)) {
      const all = SMS_VARIABLES.map((n) => `{${n}}`).join(", ");
      problems.push(`La variable {${v}} n'existe pas ; variables possibles : ${all}.`);
    }
  }
  const who = values.praticien.trim().toLowerCase();
  const identified = vars.includes("praticien") || (who !== "" && text.toLowerCase().includes(who));
  if (text.trim() !== "" && !identified) {
    problems.push(
      "Le texte doit indiquer qui l'envoie : ajoutez {praticien} ou votre nom (obligation du service, art. 1.5).",
    );
  }
  return problems;
}

/** `check_sms_text`: the text checked and counted on its realistic preview. */
export function checkSmsText(text: string, practitioner: string, address = "", phone = ""): SmsCheck {
  const values = previewValues(practitioner, address, phone);
  const preview = fill(text, values);
  const counted = countSms(preview);
  return {
    encoding: counted.encoding,
    units: counted.units,
    segments: counted.segments,
    perSegment: counted.perSegment,
    remainingInSegment: counted.remainingInSegment,
    // Positions in the text as typed, not in the preview.
    ucs2Characters: countSms(text).ucs2Characters,
    preview,
    problems: problemsOf(text, values),
    costsSeveral: counted.segments >= 2,
    gsmVersion: toGsm(text),
  };
}

/** The sandbox site's default texts (crates/rdv-sandbox/src/site/config.rs). */
export const DEFAULT_SMS_TEXTS = {
  confirmation:
    "Bonjour {prenom}, RDV confirmé avec {praticien} le {date} à {heure}, {adresse}. Annulation : {telephone}",
  reminder:
    "Rappel : RDV avec {praticien} le {date} à {heure}, {adresse}. Absence ? Prévenez le {telephone}",
  cancellation:
    "Bonjour {prenom}, votre RDV du {date} à {heure} avec {praticien} est annulé. Nouveau RDV : {telephone}",
};

/** The demo site's WordPress user and application password (`rdv_sandbox::SITE_USER`…). */
export const DEMO_SITE = {
  url: "http://127.0.0.1:8765",
  user: "cabinet-laurent",
  appPassword: "Sb4x Rdv9 Cmp2 Dm7o Lc3q Wp8k",
  name: "Cabinet du Dr Laurent (démo)",
};

export type SmsTexts = typeof DEFAULT_SMS_TEXTS;

/** A booking site in the mock: its link, its texts, its SMS usage. */
export interface MockSiteOptions {
  /** Linked at start-up (default false). */
  linked?: boolean;
  url?: string;
  user?: string;
  siteName?: string;
  lastSync?: string | null;
  texts?: Partial<SmsTexts>;
  /** The practitioner's name on the site (default « Dr Claire Laurent »). */
  practitioner?: string;
  /** Price per segment in euros (default « 0.08 »). */
  pricePerSegment?: string;
  /** The usage served by `sms_usage` (default: a few messages this month and the last). */
  usage?: SmsUsageView;
  /** The site cannot be reached: link, sync and validate fail `offline`. */
  offline?: boolean;
}

const invalid = (message: string): IpcError => ({ code: "invalidInput", message });

export const SITE_MESSAGES = {
  unauthorized:
    "Le site refuse l'identifiant ou le mot de passe d'application : vérifiez-les (WordPress → Profil → Mots de passe d'application).",
  badUrl: (url: string) => `Adresse ou identifiant refusé : « ${url} » n'est pas une adresse http(s) valide.`,
  demoOnly: "Le site de démonstration n'existe qu'en mode démo.",
  notLinked: "Aucun site de réservation n'est lié.",
  offline: "Le site de réservation ne répond pas : vérifiez la connexion internet.",
};

/** The month `YYYY-MM` of `date`, `back` months before. */
function monthOf(date: Date, back = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The booking site's side of the mock. */
export class MockSite {
  linked: boolean;
  url: string | null;
  user: string | null;
  siteName: string | null;
  lastSync: string | null;
  texts: SmsTexts;
  practitioner: string;
  pricePerSegment: string;
  usage: SmsUsageView;
  offline: boolean;

  constructor(
    private readonly now: () => Date,
    options: MockSiteOptions = {},
  ) {
    this.linked = options.linked ?? false;
    this.url = this.linked ? (options.url ?? "https://cabinet-laurent.fr") : null;
    this.user = this.linked ? (options.user ?? "cabinet-laurent") : null;
    this.siteName = this.linked ? (options.siteName ?? "Cabinet du Dr Laurent") : null;
    this.lastSync = this.linked ? (options.lastSync ?? new Date(now().getTime() - 5 * 60_000).toISOString()) : null;
    this.texts = { ...DEFAULT_SMS_TEXTS, ...(options.texts ?? {}) };
    this.practitioner = options.practitioner ?? "Dr Claire Laurent";
    this.pricePerSegment = options.pricePerSegment ?? "0.08";
    this.offline = options.offline ?? false;
    const month = (back: number, messages: number, segments: number) => ({
      month: monthOf(now(), back),
      messages,
      segments,
      cost: (segments * Number(this.pricePerSegment)).toFixed(2),
      pricePerSegment: this.pricePerSegment,
    });
    this.usage = options.usage ?? { current: month(0, 37, 52), previous: month(1, 84, 121) };
  }

  state(): SiteState {
    return {
      linked: this.linked,
      url: this.url,
      user: this.user,
      siteName: this.siteName,
      lastSync: this.lastSync,
    };
  }

  /** `link_site`: the credentials tested first; nothing saved when they fail. */
  link(url: string, user: string, appPassword: string, siteName?: string): SiteState {
    const address = url.trim();
    if (!/^https?:\/\/[^\s/]+/.test(address)) throw invalid(SITE_MESSAGES.badUrl(address));
    if (this.offline) throw { code: "offline", message: SITE_MESSAGES.offline } satisfies IpcError;
    // WordPress ignores anything but letters and digits; an application password has 24.
    const password = appPassword.replace(/[^A-Za-z0-9]/g, "");
    if (user.trim() === "" || password.length !== 24) throw invalid(SITE_MESSAGES.unauthorized);
    this.linked = true;
    this.url = address;
    this.user = user.trim();
    this.siteName = siteName ?? new URL(address).hostname;
    this.lastSync = this.now().toISOString();
    return this.state();
  }

  unlink(): SiteState {
    this.linked = false;
    this.url = this.user = this.siteName = this.lastSync = null;
    return this.state();
  }

  /** Throws when no site is linked or it cannot be reached. */
  require(): void {
    if (!this.linked) throw invalid(SITE_MESSAGES.notLinked);
    if (this.offline) throw { code: "offline", message: SITE_MESSAGES.offline } satisfies IpcError;
  }

  textsState(): SmsTextsState {
    const check = (text: string) => checkSmsText(text, this.practitioner);
    return {
      ...this.texts,
      confirmationCheck: check(this.texts.confirmation),
      reminderCheck: check(this.texts.reminder),
      cancellationCheck: check(this.texts.cancellation),
      practitioner: this.practitioner,
      pricePerSegment: this.pricePerSegment,
    };
  }

  /** `validate_sms_texts`: checked again, refused on the first problem, then saved. */
  validate(texts: SmsTexts): SmsTextsState {
    this.require();
    const names: Array<[keyof SmsTexts, string]> = [
      ["confirmation", "confirmation"],
      ["reminder", "rappel"],
      ["cancellation", "annulation"],
    ];
    for (const [key, name] of names) {
      const problem = checkSmsText(texts[key], this.practitioner).problems[0];
      if (problem) throw invalid(`Texte de ${name} : ${problem}`);
    }
    this.texts = { ...texts };
    return this.textsState();
  }
}
