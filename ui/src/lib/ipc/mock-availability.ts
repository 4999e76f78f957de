/**
 * The availability rules of `rdv_core::availability` (docs/templates.md), simulated for
 * {@link MockBackend}: French public holidays, validation with French messages (the main
 * codes), the time a configuration opens (to refuse a secretary's change that opens new time,
 * PRODUCT.md art. 4.3), the slot engine of the patient preview (DST-correct), and a publish plan
 * diffing the events a configuration calls for against the ones last published.
 *
 * It is a faithful simulation, not the reference: the Rust core decides in the app.
 */
import { DAYS } from "../availability/model";
import type {
  AppointmentType,
  ConfigProblem,
  Day,
  HolidayInfo,
  HolidayRegion,
  PlanAction,
  PlanChange,
  PracticeConfig,
  PreviewType,
  PublishPreview,
  SlotPreview,
  WeeklyRange,
  WeeklyTemplate,
} from "./bindings";
import {
  addDays,
  dayOf,
  instantAt,
  isoWeekNumber,
  isoWeekday,
  startOfWeek,
  toRfc3339,
} from "../time/zoned";

// ---- public holidays --------------------------------------------------------------------------

/** A public holiday on a date. */
export interface Holiday {
  date: string;
  id: string;
  name: string;
}

/** Easter Sunday of `year` (anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The public holidays of `year` in `region`, by date. */
export function frenchHolidays(year: number, region: HolidayRegion): Holiday[] {
  const easter = easterSunday(year);
  const on = (md: string) => `${year}-${md}`;
  const list: Holiday[] = [
    { date: on("01-01"), id: "jour-de-l-an", name: "Jour de l'an" },
    { date: addDays(easter, 1), id: "lundi-de-paques", name: "Lundi de Pâques" },
    { date: on("05-01"), id: "fete-du-travail", name: "Fête du travail" },
    { date: on("05-08"), id: "victoire-1945", name: "Victoire 1945" },
    { date: addDays(easter, 39), id: "ascension", name: "Ascension" },
    { date: addDays(easter, 50), id: "lundi-de-pentecote", name: "Lundi de Pentecôte" },
    { date: on("07-14"), id: "fete-nationale", name: "Fête nationale" },
    { date: on("08-15"), id: "assomption", name: "Assomption" },
    { date: on("11-01"), id: "toussaint", name: "Toussaint" },
    { date: on("11-11"), id: "armistice", name: "Armistice 1918" },
    { date: on("12-25"), id: "noel", name: "Noël" },
  ];
  if (region === "alsace-moselle") {
    list.push(
      { date: addDays(easter, -2), id: "vendredi-saint", name: "Vendredi saint" },
      { date: on("12-26"), id: "saint-etienne", name: "Saint-Étienne" },
    );
  }
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

/** The holiday of `region` on `date`, if any. */
export function holidayOn(date: string, region: HolidayRegion): Holiday | undefined {
  return frenchHolidays(Number(date.slice(0, 4)), region).find((h) => h.date === date);
}

/** The holiday that closes the weekly ranges on `date` under `config`'s policy, if any. */
export function closingHoliday(config: PracticeConfig, date: string): Holiday | undefined {
  if (!config.holidays.closed) return undefined;
  const holiday = holidayOn(date, config.holidays.region);
  const overrides = config.holidays.overrides ?? [];
  if (!holiday || overrides.includes(holiday.date) || overrides.includes(holiday.id)) return undefined;
  return holiday;
}

/** `availability_holidays`: the holidays from `from` to `to` (inclusive) under `config`. */
export function holidaysBetween(config: PracticeConfig, from: string, to: string): HolidayInfo[] {
  const out: HolidayInfo[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const h of frenchHolidays(year, config.holidays.region)) {
      if (h.date < from || h.date > to) continue;
      out.push({ ...h, closes: closingHoliday(config, h.date) !== undefined });
    }
  }
  return out;
}

// ---- the calendar of a configuration ----------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether `date` is a real `YYYY-MM-DD` date. */
export function isDate(date: unknown): date is string {
  return typeof date === "string" && DATE.test(date) && addDays(date, 0) === date;
}

const dayName = (date: string): Day => DAYS[isoWeekday(date) - 1];
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether a template applies on `date` (period and week parity; not the day of the week). */
export function templateApplies(template: WeeklyTemplate, date: string): boolean {
  if (template.validFrom && date < template.validFrom) return false;
  if (template.validUntil && date > template.validUntil) return false;
  if (template.weeks === "toutes") return true;
  return (isoWeekNumber(date) % 2 === 1) === (template.weeks === "impaires");
}

const offers = (item: { types?: string[] }, typeId: string) =>
  item.types === undefined || item.types.includes(typeId);

const closureCovers = (c: { from: string; until?: string }, date: string) =>
  c.from <= date && date <= (c.until ?? c.from);

type Interval = [number, number];

function unite(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function subtract(from: Interval[], cut: Interval[]): Interval[] {
  let out = from;
  for (const [cs, ce] of cut) {
    out = out.flatMap(([s, e]): Interval[] => {
      if (ce <= s || cs >= e) return [[s, e]];
      const parts: Interval[] = [];
      if (s < cs) parts.push([s, cs]);
      if (ce < e) parts.push([ce, e]);
      return parts;
    });
  }
  return out;
}

/** The local `HH:MM` ranges that offer `typeId` on `date` (before closures). */
function rangesOn(config: PracticeConfig, typeId: string, date: string): Array<[string, string]> {
  const weekly = closingHoliday(config, date) === undefined;
  const day = dayName(date);
  const out: Array<[string, string]> = [];
  if (weekly) {
    for (const template of config.templates) {
      if (!templateApplies(template, date)) continue;
      for (const range of template.ranges) {
        if (range.days.includes(day) && offers(range, typeId)) out.push([range.start, range.end]);
      }
    }
  }
  for (const opening of config.exceptions.openings) {
    if (opening.date === date && offers(opening, typeId)) out.push([opening.start, opening.end]);
  }
  return out;
}

/** The open time of `typeId` on `date`, in local minutes, closures applied. */
function openMinutes(config: PracticeConfig, typeId: string, date: string): Interval[] {
  let open = unite(rangesOn(config, typeId, date).map(([s, e]) => [minutes(s), minutes(e)]));
  for (const closure of config.exceptions.closures) {
    if (!closureCovers(closure, date) || !offers(closure, typeId)) continue;
    open =
      closure.start && closure.end
        ? subtract(open, [[minutes(closure.start), minutes(closure.end)]])
        : [];
  }
  return open;
}

/**
 * Whether `after` opens, for some appointment type, time that `before` does not, on the local
 * dates `[from, to)` (PRODUCT.md art. 4.3: only the owner may).
 */
export function opensNewTime(
  before: PracticeConfig,
  after: PracticeConfig,
  from: string,
  to: string,
): boolean {
  for (const type of after.appointmentTypes) {
    const known = before.appointmentTypes.some((t) => t.id === type.id);
    for (let date = from; date < to; date = addDays(date, 1)) {
      const now = openMinutes(after, type.id, date);
      if (now.length === 0) continue;
      const was = known ? openMinutes(before, type.id, date) : [];
      if (subtract(now, was).length > 0) return true;
    }
  }
  return false;
}

// ---- validation -------------------------------------------------------------------------------

const frDays = (days: readonly Day[]) => {
  const sorted = DAYS.filter((d) => days.includes(d));
  return sorted.length > 1
    ? `${sorted.slice(0, -1).map((d) => `le ${d}`).join(", ")} et le ${sorted[sorted.length - 1]}`
    : sorted.map((d) => `le ${d}`).join("");
};

const frDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The dates of the year from `from` on which `timeZone` changes its offset. */
function offsetChanges(timeZone: string, from: string): string[] {
  const out: string[] = [];
  let previous = toRfc3339(instantAt(from, "12:00", timeZone), timeZone).slice(19);
  for (let i = 1; i <= 366; i++) {
    const date = addDays(from, i);
    const offset = toRfc3339(instantAt(date, "12:00", timeZone), timeZone).slice(19);
    if (offset !== previous) out.push(date);
    previous = offset;
  }
  return out;
}

/** Whether the wall time `time` exists on `date` in `timeZone`. */
function exists(date: string, time: string, timeZone: string): boolean {
  return toRfc3339(instantAt(date, time, timeZone), timeZone).slice(11, 16) === time;
}

/**
 * `rdv_core::availability::validate`, simulated: the main problems, with French messages (the
 * mock's English message is the code and the place: enough to see the English view use it).
 */
export function validateConfig(config: PracticeConfig, today: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (code: string, path: string, message: string) =>
    problems.push({ code, path, message, messageEn: `${code} (${path})` });
  const typeIds = new Set(config.appointmentTypes.map((t) => t.id));

  const seen = new Set<string>();
  config.appointmentTypes.forEach((type, i) => {
    const path = `appointmentTypes[${i}]`;
    const label = `Le motif « ${type.name || type.id} »`;
    if (!type.id || /[\s,]/.test(type.id)) {
      add("type.invalidId", path, `${label} a un identifiant vide ou contenant un espace ou une virgule : utilisez des lettres, des chiffres et des tirets.`);
    } else if (seen.has(type.id)) {
      add("type.duplicateId", path, `L'identifiant « ${type.id} » est utilisé par deux motifs : donnez à chacun un identifiant différent.`);
    }
    seen.add(type.id);
    if (!type.name.trim()) add("type.emptyName", path, `Le motif « ${type.id} » n'a pas de nom : donnez-lui le nom que verront vos patients.`);
    if (type.durationMinutes <= 0) add("type.durationNotPositive", path, `${label} dure ${type.durationMinutes} min : indiquez une durée d'au moins une minute.`);
    if (type.slotIntervalMinutes !== undefined && type.slotIntervalMinutes <= 0) {
      add("type.intervalNotPositive", path, `${label} a un intervalle entre créneaux de ${type.slotIntervalMinutes} min : indiquez au moins une minute.`);
    }
    if (type.bufferBeforeMinutes < 0 || type.bufferAfterMinutes < 0) add("type.negativeBuffer", path, `${label} a un temps libre négatif avant ou après : indiquez 0 ou plus.`);
    if (type.minNoticeMinutes < 0) add("type.negativeNotice", path, `${label} a un délai de prévenance négatif : indiquez 0 ou plus.`);
    if (type.horizonDays !== undefined && type.horizonDays < 0) add("type.negativeHorizon", path, `${label} a un horizon de réservation négatif : indiquez 0 ou plus.`);
    if (type.maxPerDay !== undefined && type.maxPerDay <= 0) add("type.maxPerDayNotPositive", path, `${label} est limité à ${type.maxPerDay} rendez-vous par jour : il ne serait jamais proposé. Indiquez au moins 1, ou aucune limite.`);
    if (!/^#[0-9a-fA-F]{6}$/.test(type.colour)) add("type.invalidColour", path, `${label} a une couleur « ${type.colour} » invalide : attendu #RRGGBB.`);
    const offered =
      config.templates.some((t) => t.ranges.some((r) => offers(r, type.id))) ||
      config.exceptions.openings.some((o) => offers(o, type.id));
    if (type.bookableOnline && !offered) {
      add("type.notOffered", path, `${label} n'est proposé par aucune plage ni ouverture exceptionnelle : vos patients ne pourront pas le réserver. Ouvrez une plage pour ce motif, ou rendez-le « par téléphone uniquement ».`);
    }
  });

  const templateIds = new Set<string>();
  const changes = new Map<string, string[]>();
  config.templates.forEach((template, ti) => {
    const path = `templates[${ti}]`;
    const name = template.name || template.id;
    if (!template.id || /[\s,]/.test(template.id)) add("template.invalidId", path, `Le modèle « ${name} » n'a pas d'identifiant valide.`);
    else if (templateIds.has(template.id)) add("template.duplicateId", path, `Deux modèles ont l'identifiant « ${template.id} » : donnez à chacun un identifiant différent.`);
    templateIds.add(template.id);
    if (template.validFrom && template.validUntil && template.validUntil < template.validFrom) {
      add("template.periodReversed", path, `Le modèle « ${name} » finit le ${frDate(template.validUntil)}, avant de commencer le ${frDate(template.validFrom)} : corrigez ses dates.`);
    }
    if (template.ranges.length === 0) add("template.noRanges", path, `Le modèle « ${name} » n'a aucune plage : ajoutez-en une ou supprimez le modèle.`);
    template.ranges.forEach((range, ri) => {
      const rpath = `${path}.ranges[${ri}]`;
      const hours = `${range.start}–${range.end}`;
      if (range.days.length === 0) add("range.noDays", rpath, `La plage ${hours} (modèle « ${name} ») n'a aucun jour : cochez au moins un jour.`);
      if (range.types !== undefined && range.types.length === 0) add("range.noTypes", rpath, `La plage ${hours} (modèle « ${name} ») n'est ouverte à aucun motif : choisissez-en au moins un, ou tous.`);
      if (minutes(range.end) < minutes(range.start)) add("range.endBeforeStart", rpath, `La plage ${hours} (modèle « ${name} ») finit avant de commencer : une plage ne peut pas passer minuit.`);
      else if (range.end === range.start) add("range.empty", rpath, `La plage ${hours} (modèle « ${name} ») ne dure pas : choisissez une fin après le début.`);
      for (const id of range.types ?? []) {
        if (!typeIds.has(id)) add("range.unknownType", rpath, `La plage ${hours} (modèle « ${name} ») est ouverte au motif « ${id} », qui n'existe pas : créez ce motif ou retirez-le de la plage.`);
      }
      const from = template.validFrom && template.validFrom > today ? template.validFrom : today;
      const key = `${config.timeZone}|${from}`;
      if (!changes.has(key)) changes.set(key, offsetChanges(config.timeZone, from));
      for (const date of changes.get(key)!) {
        if (!range.days.includes(dayName(date)) || !templateApplies(template, date)) continue;
        const missing = [range.start, range.end].find((t) => !exists(date, t, config.timeZone));
        if (missing) {
          add("range.dstGap", rpath, `La plage du ${dayName(date)} ${hours} (modèle « ${name} ») ${missing === range.start ? "commence" : "finit"} à ${missing}, une heure qui n'existe pas le ${dayName(date)} ${frDate(date)} : ce jour-là, les horloges avancent d'une heure (changement d'heure, fuseau ${config.timeZone}). Choisissez une autre heure.`);
          break;
        }
      }
    });
  });

  // Overlaps: same day, a type in common, periods and weeks that meet.
  const all = config.templates.flatMap((template, ti) =>
    template.ranges.map((range, ri) => ({ template, ti, range, ri })),
  );
  const meet = (a: WeeklyTemplate, b: WeeklyTemplate) =>
    (a.weeks === "toutes" || b.weeks === "toutes" || a.weeks === b.weeks) &&
    (a.validUntil ?? "9999") >= (b.validFrom ?? "0000") &&
    (b.validUntil ?? "9999") >= (a.validFrom ?? "0000");
  const shareType = (a: WeeklyRange, b: WeeklyRange) =>
    a.types === undefined || b.types === undefined || a.types.some((t) => b.types!.includes(t));
  for (let j = 0; j < all.length; j++) {
    for (let i = 0; i < j; i++) {
      const [a, b] = [all[i], all[j]];
      const days = a.range.days.filter((d) => b.range.days.includes(d));
      if (days.length === 0 || !meet(a.template, b.template) || !shareType(a.range, b.range)) continue;
      if (minutes(a.range.start) < minutes(b.range.end) && minutes(b.range.start) < minutes(a.range.end)) {
        const pa = `templates[${a.ti}].ranges[${a.ri}]`;
        const pb = `templates[${b.ti}].ranges[${b.ri}]`;
        add("range.overlap", pb, `Les plages ${a.range.start}–${a.range.end} (${pa}) et ${b.range.start}–${b.range.end} (${pb}) se chevauchent ${frDays(days)} : corrigez les horaires pour qu'elles se suivent sans se recouvrir.`);
      }
    }
  }

  config.exceptions.closures.forEach((closure, i) => {
    const path = `exceptions.closures[${i}]`;
    const label = closure.label ? ` « ${closure.label} »` : "";
    if (closure.until && closure.until < closure.from) add("closure.periodReversed", path, `La fermeture${label} finit le ${frDate(closure.until)}, avant de commencer le ${frDate(closure.from)} : corrigez ses dates.`);
    if ((closure.start === undefined) !== (closure.end === undefined)) add("closure.incompleteTimes", path, `La fermeture${label} a une heure de début sans heure de fin, ou l'inverse : indiquez les deux, ou aucune pour des journées entières.`);
    else if (closure.start && closure.end && minutes(closure.end) <= minutes(closure.start)) add(closure.end === closure.start ? "closure.empty" : "closure.endBeforeStart", path, `La fermeture${label} de ${closure.start} à ${closure.end} ne dure pas : choisissez une fin après le début.`);
    if (closure.types !== undefined && closure.types.length === 0) add("closure.noTypes", path, `La fermeture${label} ne ferme aucun motif : choisissez-en au moins un, ou tous.`);
    for (const id of closure.types ?? []) if (!typeIds.has(id)) add("closure.unknownType", path, `La fermeture${label} concerne le motif « ${id} », qui n'existe pas.`);
  });

  config.exceptions.openings.forEach((opening, i) => {
    const path = `exceptions.openings[${i}]`;
    const what = `L'ouverture exceptionnelle du ${frDate(opening.date)} ${opening.start}–${opening.end}`;
    if (minutes(opening.end) < minutes(opening.start)) add("opening.endBeforeStart", path, `${what} finit avant de commencer.`);
    else if (opening.end === opening.start) add("opening.empty", path, `${what} ne dure pas : choisissez une fin après le début.`);
    if (opening.types !== undefined && opening.types.length === 0) add("opening.noTypes", path, `${what} n'est ouverte à aucun motif : choisissez-en au moins un, ou tous.`);
    for (const id of opening.types ?? []) if (!typeIds.has(id)) add("opening.unknownType", path, `${what} est ouverte au motif « ${id} », qui n'existe pas.`);
    const closed = config.exceptions.closures.find(
      (c) =>
        closureCovers(c, opening.date) &&
        (c.start === undefined || (c.end !== undefined && minutes(c.start) <= minutes(opening.start) && minutes(opening.end) <= minutes(c.end))) &&
        (c.types === undefined || (opening.types !== undefined && opening.types.every((t) => c.types!.includes(t)))),
    );
    if (closed) add("opening.closed", path, `${what} est entièrement dans une fermeture${closed.label ? ` (« ${closed.label} »)` : ""} : la fermeture l'emporte, vos patients ne la verront pas.`);
  });

  for (const override of config.holidays.overrides ?? []) {
    if (isDate(override) && !holidayOn(override, config.holidays.region)) {
      add("holiday.notAHoliday", "holidays.overrides", `Le ${frDate(override)} n'est pas un jour férié : retirez-le de la liste des jours fériés ouverts.`);
    }
  }
  return problems;
}

/** The first problem of the configuration's shape the Rust side would refuse to read, if any. */
export function shapeError(config: PracticeConfig): string | null {
  const time = (value: unknown, field: string) =>
    typeof value === "string" && TIME.test(value) ? null : `${field} : heure invalide « ${String(value)} »`;
  const date = (value: unknown, field: string) => (isDate(value) ? null : `${field} : date invalide « ${String(value)} »`);
  for (const [ti, t] of config.templates.entries()) {
    for (const [ri, r] of t.ranges.entries()) {
      const e = time(r.start, `templates[${ti}].ranges[${ri}].start`) ?? time(r.end, `templates[${ti}].ranges[${ri}].end`);
      if (e) return e;
      if (r.days.some((d) => !DAYS.includes(d))) return `templates[${ti}].ranges[${ri}].days : jour inconnu`;
    }
    if (t.validFrom !== undefined && date(t.validFrom, "validFrom")) return date(t.validFrom, `templates[${ti}].validFrom`);
    if (t.validUntil !== undefined && date(t.validUntil, "validUntil")) return date(t.validUntil, `templates[${ti}].validUntil`);
  }
  for (const [i, c] of config.exceptions.closures.entries()) {
    const e = date(c.from, `exceptions.closures[${i}].from`) ??
      (c.until !== undefined ? date(c.until, `exceptions.closures[${i}].until`) : null) ??
      (c.start !== undefined ? time(c.start, `exceptions.closures[${i}].start`) : null) ??
      (c.end !== undefined ? time(c.end, `exceptions.closures[${i}].end`) : null);
    if (e) return e;
  }
  for (const [i, o] of config.exceptions.openings.entries()) {
    const e = date(o.date, `exceptions.openings[${i}].date`) ?? time(o.start, `exceptions.openings[${i}].start`) ?? time(o.end, `exceptions.openings[${i}].end`);
    if (e) return e;
  }
  return null;
}

// ---- the slots of a week ----------------------------------------------------------------------

/** Busy time in the calendar; with `type`, an existing booking of that type. */
export interface BusyTime {
  start: number;
  end: number;
  type?: string | null;
}

/** `preview_slots`: the slots of the week of `day`, every type (phone-only ones flagged). */
export function previewWeek(
  config: PracticeConfig,
  day: string,
  busy: readonly BusyTime[],
  now: Date,
): SlotPreview {
  const tz = config.timeZone;
  const monday = startOfWeek(day);
  const today = dayOf(now, tz);
  const types: PreviewType[] = config.appointmentTypes.map((type) => ({
    typeId: type.id,
    name: type.name,
    colour: type.colour,
    durationMinutes: type.durationMinutes,
    bookableOnline: type.bookableOnline,
    slots: slotsOfType(config, type, monday, busy, now, today),
  }));
  return { weekStart: monday, timeZone: tz, types };
}

function slotsOfType(
  config: PracticeConfig,
  type: AppointmentType,
  monday: string,
  busy: readonly BusyTime[],
  now: Date,
  today: string,
): PreviewType["slots"] {
  const tz = config.timeZone;
  const duration = type.durationMinutes * 60_000;
  const step = (type.slotIntervalMinutes ?? type.durationMinutes) * 60_000;
  if (duration <= 0 || step <= 0) return [];
  const slots: PreviewType["slots"] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(monday, i);
    if (type.horizonDays !== undefined && date > addDays(today, type.horizonDays)) continue;
    if (date < today) continue;
    const booked = busy.filter(
      (b) => b.type === type.id && dayOf(new Date(b.start), tz) === date,
    ).length;
    if (type.maxPerDay !== undefined && booked >= type.maxPerDay) continue;
    const at = (time: string) => instantAt(date, time, tz).getTime();
    const ranges = unite(rangesOn(config, type.id, date).map(([s, e]) => [at(s), at(e)]));
    const closed: Interval[] = [];
    for (const closure of config.exceptions.closures) {
      if (!closureCovers(closure, date) || !offers(closure, type.id)) continue;
      closed.push(
        closure.start && closure.end
          ? [at(closure.start), at(closure.end)]
          : [at("00:00"), instantAt(addDays(date, 1), "00:00", tz).getTime()],
      );
    }
    const before = type.bufferBeforeMinutes * 60_000;
    const after = type.bufferAfterMinutes * 60_000;
    const earliest = now.getTime() + type.minNoticeMinutes * 60_000;
    for (const [start, end] of ranges) {
      for (let t = start; t + duration <= end; t += step) {
        const slotEnd = t + duration;
        if (t < earliest) continue;
        if (closed.some(([cs, ce]) => t < ce && cs < slotEnd)) continue;
        if (busy.some((b) => t - before < b.end && b.start < slotEnd + after)) continue;
        slots.push({ start: toRfc3339(new Date(t), tz), end: toRfc3339(new Date(slotEnd), tz) });
      }
    }
  }
  return slots;
}

// ---- publishing -------------------------------------------------------------------------------

/** How many weeks after the current one are published. */
export const PUBLISH_WEEKS = 12;

/** One availability event a configuration calls for (a weekly series or a single range). */
export interface PlannedEvent {
  key: string;
  summary: string;
  /** First date (series) or the date. */
  date: string;
  startTime: string;
  endTime: string;
  weekly: boolean;
  everyTwoWeeks: boolean;
  until: string | null;
  /** Dates of a series closed by a closure or a holiday. */
  closed: string[];
}

function summaryOf(config: PracticeConfig, types: string[] | undefined): string {
  if (types === undefined) return "Disponible";
  const names = types.map((id) => config.appointmentTypes.find((t) => t.id === id)?.name ?? id);
  return `Disponible – ${names.join(", ")}`;
}

/** Whether a closure or a holiday closes the series of `range` on `date`. */
function closesSeries(config: PracticeConfig, range: WeeklyRange, date: string): boolean {
  if (closingHoliday(config, date)) return true;
  return config.exceptions.closures.some((c) => {
    if (!closureCovers(c, date)) return false;
    const typed = c.types === undefined || range.types === undefined || c.types.some((t) => range.types!.includes(t));
    if (!typed) return false;
    if (!c.start || !c.end) return true;
    return minutes(c.start) < minutes(range.end) && minutes(range.start) < minutes(c.end);
  });
}

/** The availability events of `config` over the local dates `[from, to)`, closed dates from `today`. */
export function plannedEvents(
  config: PracticeConfig,
  from: string,
  to: string,
  today: string,
): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  for (const template of config.templates) {
    const first = template.validFrom && template.validFrom > from ? template.validFrom : from;
    const last = template.validUntil && template.validUntil < to ? template.validUntil : addDays(to, -1);
    template.ranges.forEach((range, ri) => {
      for (const day of range.days) {
        let date = first;
        let guard = 0;
        while ((dayName(date) !== day || !templateApplies(template, date)) && guard++ < 14) {
          date = addDays(date, 1);
        }
        if (guard >= 14 || date > last) continue;
        const step = template.weeks === "toutes" ? 7 : 14;
        const closed: string[] = [];
        for (let d = date; d <= last; d = addDays(d, step)) {
          if (d >= today && closesSeries(config, range, d)) closed.push(d);
        }
        out.push({
          key: `serie:${template.id}:${ri}:${day}`,
          summary: summaryOf(config, range.types),
          date,
          startTime: range.start,
          endTime: range.end,
          weekly: true,
          everyTwoWeeks: step === 14,
          until: template.validUntil && template.validUntil < to ? template.validUntil : null,
          closed,
        });
      }
    });
  }
  for (const opening of config.exceptions.openings) {
    if (opening.date < from || opening.date >= to) continue;
    out.push({
      key: `ouverture:${opening.date}:${opening.start}:${opening.end}`,
      summary: summaryOf(config, opening.types),
      date: opening.date,
      startTime: opening.start,
      endTime: opening.end,
      weekly: false,
      everyTwoWeeks: false,
      until: null,
      closed: [],
    });
  }
  return out;
}

/** The plan from `published` to `desired`, as the confirmation dialog shows it. */
export function planOf(
  calendarId: string,
  desired: readonly PlannedEvent[],
  published: ReadonlyMap<string, PlannedEvent>,
  window: { from: string; to: string },
  today: string,
): PublishPreview {
  const changes: PlanChange[] = [];
  const line = (action: PlanAction, e: PlannedEvent, date?: string, fields: string[] = []): PlanChange => ({
    action,
    summary: e.summary,
    date: date ?? e.date,
    startTime: e.startTime,
    endTime: e.endTime,
    weekly: e.weekly && date === undefined,
    everyTwoWeeks: e.everyTwoWeeks,
    until: date === undefined ? e.until : null,
    fields,
  });
  const counts = { creates: 0, updates: 0, deletes: 0, closes: 0, reopens: 0 };
  const wanted = new Set(desired.map((e) => e.key));
  for (const e of desired) {
    const before = published.get(e.key);
    if (!before) {
      counts.creates++;
      changes.push(line("create", e));
    } else {
      const fields: string[] = [];
      if (before.summary !== e.summary) fields.push("summary");
      if (before.startTime !== e.startTime) fields.push("start");
      if (before.endTime !== e.endTime) fields.push("end");
      if (before.until !== e.until || before.everyTwoWeeks !== e.everyTwoWeeks || before.date !== e.date) {
        fields.push("recurrence");
      }
      if (fields.length > 0) {
        counts.updates++;
        changes.push(line("update", e, undefined, fields));
      }
    }
  }
  for (const e of desired) {
    const wasClosed = new Set(published.get(e.key)?.closed ?? []);
    for (const date of e.closed) {
      if (!wasClosed.has(date)) {
        counts.closes++;
        changes.push(line("close", e, date));
      }
    }
    for (const date of wasClosed) {
      if (date >= today && !e.closed.includes(date)) {
        counts.reopens++;
        changes.push(line("reopen", e, date));
      }
    }
  }
  for (const [key, e] of published) {
    if (!wanted.has(key)) {
      counts.deletes++;
      changes.push(line("delete", e));
    }
  }
  const writes = counts.creates + counts.updates + counts.deletes + counts.closes + counts.reopens;
  return {
    calendarId,
    windowFrom: window.from,
    windowTo: window.to,
    ...counts,
    writes,
    summaryFr: summaryFr(counts),
    changes,
    fingerprint: fingerprintOf([...published.values()], changes),
    removal: null,
  };
}

/** « 3 créneaux ajoutés, 1 supprimé, 2 dates fermées », as `PublishPlan::summary_fr`. */
export function summaryFr(c: { creates: number; updates: number; deletes: number; closes: number; reopens: number }): string {
  const parts: string[] = [];
  for (const [n, verb] of [
    [c.creates, "ajouté"],
    [c.updates, "modifié"],
    [c.deletes, "supprimé"],
  ] as const) {
    if (n === 0) continue;
    const s = n > 1 ? "s" : "";
    parts.push(parts.length === 0 ? `${n} ${n > 1 ? "créneaux" : "créneau"} ${verb}${s}` : `${n} ${verb}${s}`);
  }
  if (c.closes > 0) parts.push(`${c.closes} date${c.closes > 1 ? "s" : ""} fermée${c.closes > 1 ? "s" : ""}`);
  if (c.reopens > 0) parts.push(`${c.reopens} date${c.reopens > 1 ? "s" : ""} rouverte${c.reopens > 1 ? "s" : ""}`);
  return parts.length === 0 ? "Aucun changement" : parts.join(", ");
}

/** FNV-1a over the published events and the changes: any change of either changes it. */
function fingerprintOf(published: readonly PlannedEvent[], changes: readonly PlanChange[]): string {
  const text = JSON.stringify([published, changes]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

// ---- demo configurations ----------------------------------------------------------------------

/** The demo practitioner's configuration: the hours of the demo agenda (demo-data.ts). */
export function demoConfig(timeZone: string): PracticeConfig {
  return {
    timeZone,
    appointmentTypes: [
      { id: "consultation", name: "Consultation", durationMinutes: 45, colour: "#1E88E5", bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minNoticeMinutes: 120, horizonDays: 60, bookableOnline: true },
      { id: "suivi", name: "Suivi", durationMinutes: 30, colour: "#43A047", bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minNoticeMinutes: 120, horizonDays: 60, bookableOnline: true },
      { id: "premiere-consultation", name: "Première consultation", durationMinutes: 60, colour: "#8E24AA", bufferBeforeMinutes: 0, bufferAfterMinutes: 15, minNoticeMinutes: 1440, horizonDays: 60, slotIntervalMinutes: 30, maxPerDay: 2, bookableOnline: true },
    ],
    templates: [
      {
        id: "semaine",
        name: "Semaine type",
        weeks: "toutes",
        ranges: [
          { days: ["lundi", "mardi", "mercredi", "jeudi", "vendredi"], start: "09:00", end: "12:30" },
          { days: ["lundi", "mardi", "jeudi"], start: "14:00", end: "19:00" },
          { days: ["vendredi"], start: "14:00", end: "18:00" },
          { days: ["samedi"], start: "09:00", end: "12:00", types: ["consultation", "suivi"] },
        ],
      },
    ],
    exceptions: { closures: [], openings: [] },
    holidays: { region: "metropole", closed: true },
  };
}

/** The colleague's configuration (the calendar shared with the demo account as secretary). */
export function colleagueConfig(timeZone: string): PracticeConfig {
  return {
    timeZone,
    appointmentTypes: [
      { id: "seance", name: "Séance de kinésithérapie", durationMinutes: 30, colour: "#D81B60", bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minNoticeMinutes: 60, bookableOnline: true },
    ],
    templates: [
      {
        id: "semaine",
        name: "Semaine type",
        weeks: "toutes",
        ranges: [
          { days: ["lundi", "mardi", "jeudi", "vendredi"], start: "08:30", end: "12:00" },
          { days: ["lundi", "jeudi"], start: "14:00", end: "18:00" },
        ],
      },
    ],
    exceptions: { closures: [], openings: [] },
    holidays: { region: "metropole", closed: true },
  };
}

/** The file the mock "imports" by default: docs/templates.md's complete example. */
export function exampleFileConfig(timeZone: string): PracticeConfig {
  return {
    timeZone,
    appointmentTypes: [
      { id: "consultation", name: "Consultation", durationMinutes: 30, colour: "#1E88E5", bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minNoticeMinutes: 120, horizonDays: 60, bookableOnline: true },
      { id: "premiere-consultation", name: "Première consultation", durationMinutes: 45, colour: "#43A047", bufferBeforeMinutes: 0, bufferAfterMinutes: 15, minNoticeMinutes: 1440, horizonDays: 60, slotIntervalMinutes: 15, maxPerDay: 2, bookableOnline: true },
      { id: "bilan", name: "Bilan", durationMinutes: 60, colour: "#8E24AA", bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minNoticeMinutes: 0, bookableOnline: false },
    ],
    templates: [
      {
        id: "semaine",
        name: "Semaine type",
        weeks: "toutes",
        ranges: [
          { days: ["lundi", "jeudi"], start: "09:00", end: "12:30" },
          { days: ["lundi", "jeudi"], start: "14:00", end: "19:00" },
        ],
      },
      {
        id: "samedis",
        name: "Samedi matin, une semaine sur deux",
        weeks: "impaires",
        ranges: [{ days: ["samedi"], start: "09:00", end: "12:00", types: ["consultation"] }],
      },
    ],
    exceptions: {
      closures: [{ from: "2026-12-24", until: "2027-01-03", label: "Vacances de Noël" }],
      openings: [
        { date: "2026-12-19", start: "09:00", end: "13:00", types: ["consultation", "premiere-consultation"], label: "Samedi avant les fêtes" },
      ],
    },
    holidays: { region: "metropole", closed: true, overrides: ["2027-05-06"] },
  };
}
