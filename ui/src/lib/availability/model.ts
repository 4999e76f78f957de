/**
 * Pure operations on a practice configuration (docs/templates.md): every edit of the
 * Disponibilités view is a function from one `PracticeConfig` to a new one, never a mutation,
 * so the draft can be compared with what was saved and the edits tested without a screen.
 */
import type { MessageKey } from "../i18n/i18n.svelte";
import type {
  AppointmentType,
  Closure,
  Day,
  ExtraOpening,
  HolidayInfo,
  HolidayRegion,
  PracticeConfig,
  WeekParity,
  WeeklyRange,
  WeeklyTemplate,
} from "../ipc/bindings";
import { DEFAULT_TIME_ZONE } from "../time/zoned";

/** The days of the week, Monday first, as the configuration names them. */
export const DAYS: readonly Day[] = [
  "lundi",
  "mardi",
  "mercredi",
  "jeudi",
  "vendredi",
  "samedi",
  "dimanche",
];

/** The week choices of a template. */
export const WEEK_PARITIES: readonly WeekParity[] = ["toutes", "impaires", "paires"];

/** The public-holiday regions. */
export const HOLIDAY_REGIONS: readonly HolidayRegion[] = ["metropole", "alsace-moselle"];

/** Colours offered to new appointment types, in order. */
export const TYPE_PALETTE = [
  "#1E88E5",
  "#43A047",
  "#8E24AA",
  "#F4511E",
  "#00897B",
  "#C0CA33",
  "#6D4C41",
  "#D81B60",
  "#3949AB",
  "#FB8C00",
] as const;

/** An empty configuration in `timeZone` (what a never-saved calendar has). */
export function emptyConfig(timeZone = DEFAULT_TIME_ZONE): PracticeConfig {
  return {
    timeZone,
    appointmentTypes: [],
    templates: [],
    exceptions: { closures: [], openings: [] },
    holidays: { region: "metropole", closed: true },
  };
}

// ---- days and times ---------------------------------------------------------------------------

/** 0 for Monday … 6 for Sunday. */
export function dayIndex(day: Day): number {
  return DAYS.indexOf(day);
}

/** `days` without duplicates, Monday first. */
export function sortDays(days: readonly Day[]): Day[] {
  return DAYS.filter((d) => days.includes(d));
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A time as people type it, normalised to `HH:MM` on 24 hours, or `null` when it is not one.
 * Accepts `09:05`, `9h`, `9h30`, `14 h 30` (the forms docs/templates.md accepts), and digits
 * only: `9`, `930`, `0930`. No `24:00`, no seconds.
 */
export function parseTime(text: string): string | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, "");
  let hours: number;
  let minutes: number;
  let match = /^(\d{1,2})(?:[:h.](\d{2})?)?$/.exec(value);
  if (match) {
    hours = Number(match[1]);
    minutes = match[2] === undefined ? 0 : Number(match[2]);
  } else if ((match = /^(\d{1,2})(\d{2})$/.exec(value))) {
    hours = Number(match[1]);
    minutes = Number(match[2]);
  } else {
    return null;
  }
  if (hours > 23 || minutes > 59) return null;
  return `${pad(hours)}:${pad(minutes)}`;
}

/** Minutes since midnight of an `HH:MM` time. */
export function toMinutes(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
}

/** `HH:MM` of minutes since midnight (clamped to the day, 23:59 at most). */
export function fromMinutes(total: number): string {
  const minutes = Math.min(Math.max(Math.round(total), 0), 23 * 60 + 59);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * Which of a start–end pair typed by the user cannot be read as a time, if one cannot (input
 * parsing only: whether the end comes after the start is the core's to say).
 */
export function timeInputError(start: string, end: string): MessageKey | null {
  if (parseTime(start) === null) return "availability.errors.startInvalid";
  if (parseTime(end) === null) return "availability.errors.endInvalid";
  return null;
}

// ---- ids --------------------------------------------------------------------------------------

/** `Première consultation` → `premiere-consultation` (no accent, space nor comma). */
export function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** `base`, or `base-2`, `base-3`… the first not in `taken`. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem = base || "motif";
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) {
    if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
  }
}

// ---- comparing --------------------------------------------------------------------------------

/** A value with defaults and absent keys made uniform, object keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined || child === null) continue;
    out[key] = canonical(child);
  }
  return out;
}

function normalised(config: PracticeConfig): unknown {
  return canonical({
    ...config,
    templates: config.templates.map((t) => ({ ...t, name: t.name || undefined })),
    holidays: {
      ...config.holidays,
      overrides: config.holidays.overrides?.length ? config.holidays.overrides : undefined,
    },
  });
}

/** Whether two configurations mean the same (absent and empty optional keys are equal). */
export function sameConfig(a: PracticeConfig, b: PracticeConfig): boolean {
  return JSON.stringify(normalised(a)) === JSON.stringify(normalised(b));
}

/** A plain copy without `undefined` keys, as sent to the backend. */
export function plainConfig(config: PracticeConfig): PracticeConfig {
  return JSON.parse(JSON.stringify(config)) as PracticeConfig;
}

// ---- appointment types ------------------------------------------------------------------------

/** The fields of the appointment-type form, as typed. */
export interface TypeFields {
  name: string;
  durationMinutes: string;
  colour: string;
  bufferBeforeMinutes: string;
  bufferAfterMinutes: string;
  minNoticeMinutes: string;
  horizonDays: string;
  slotIntervalMinutes: string;
  maxPerDay: string;
  bookableOnline: boolean;
}

/** A field of {@link TypeFields} that can be wrong. */
export type TypeField = Exclude<keyof TypeFields, "bookableOnline">;

/** The form's fields for `type`, or for a new type (30 minutes, the next palette colour). */
export function typeFields(type: AppointmentType | null, existing: AppointmentType[]): TypeFields {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  if (type) {
    return {
      name: type.name,
      durationMinutes: text(type.durationMinutes),
      colour: type.colour,
      bufferBeforeMinutes: text(type.bufferBeforeMinutes),
      bufferAfterMinutes: text(type.bufferAfterMinutes),
      minNoticeMinutes: text(type.minNoticeMinutes),
      horizonDays: text(type.horizonDays),
      slotIntervalMinutes: text(type.slotIntervalMinutes),
      maxPerDay: text(type.maxPerDay),
      bookableOnline: type.bookableOnline,
    };
  }
  const used = new Set(existing.map((t) => t.colour.toUpperCase()));
  return {
    name: "",
    durationMinutes: "30",
    colour: TYPE_PALETTE.find((c) => !used.has(c)) ?? TYPE_PALETTE[0],
    bufferBeforeMinutes: "0",
    bufferAfterMinutes: "0",
    minNoticeMinutes: "0",
    horizonDays: "",
    slotIntervalMinutes: "",
    maxPerDay: "",
    bookableOnline: true,
  };
}

/**
 * The appointment type the form describes, or which fields cannot be read as what they hold
 * (input parsing only: whether the values make sense is the core's to say —
 * `check_availability`). A new type's id comes from its name (unique among `existing`); an
 * edited type keeps its id (`editingId`), since ranges and calendar events refer to it.
 */
export function typeFromFields(
  fields: TypeFields,
  existing: AppointmentType[],
  editingId: string | null,
): { type: AppointmentType | null; errors: Partial<Record<TypeField, MessageKey>> } {
  const errors: Partial<Record<TypeField, MessageKey>> = {};
  const whole = (field: TypeField, optional: boolean): number | undefined => {
    const text = fields[field].trim();
    if (text === "") {
      if (!optional) errors[field] = "availability.types.errors.required";
      return undefined;
    }
    if (!/^-?\d+$/.test(text)) {
      errors[field] = "availability.types.errors.wholeNumber";
      return undefined;
    }
    return Number(text);
  };
  const name = fields.name.trim();
  const others = existing.filter((t) => t.id !== editingId);
  const durationMinutes = whole("durationMinutes", false);
  const bufferBeforeMinutes = whole("bufferBeforeMinutes", true) ?? 0;
  const bufferAfterMinutes = whole("bufferAfterMinutes", true) ?? 0;
  const minNoticeMinutes = whole("minNoticeMinutes", true) ?? 0;
  const horizonDays = whole("horizonDays", true);
  const slotIntervalMinutes = whole("slotIntervalMinutes", true);
  const maxPerDay = whole("maxPerDay", true);
  if (Object.keys(errors).length > 0 || durationMinutes === undefined) {
    return { type: null, errors };
  }
  const id = editingId ?? uniqueId(slugify(name), others.map((t) => t.id));
  const colour = fields.colour.trim();
  const type: AppointmentType = {
    id,
    name,
    durationMinutes,
    colour: colour.toUpperCase(),
    bufferBeforeMinutes,
    bufferAfterMinutes,
    minNoticeMinutes,
    bookableOnline: fields.bookableOnline,
  };
  if (horizonDays !== undefined) type.horizonDays = horizonDays;
  if (slotIntervalMinutes !== undefined) type.slotIntervalMinutes = slotIntervalMinutes;
  if (maxPerDay !== undefined) type.maxPerDay = maxPerDay;
  return { type, errors };
}

/**
 * The configuration the type form asks the core about: `config`'s other types, then `type`
 * (last, so that a problem shared with another type — the same name — is told on it), and
 * the place of `type` in it (`appointmentTypes[2]`).
 */
export function typeCheckConfig(
  config: PracticeConfig,
  type: AppointmentType,
  editingId: string | null,
): { config: PracticeConfig; place: string } {
  const others = config.appointmentTypes.filter((t) => t.id !== (editingId ?? type.id));
  return {
    config: { ...config, appointmentTypes: [...others, type] },
    place: `appointmentTypes[${others.length}]`,
  };
}

/** `config` with `type` added, or replacing the type with the same id. */
export function putType(config: PracticeConfig, type: AppointmentType): PracticeConfig {
  const exists = config.appointmentTypes.some((t) => t.id === type.id);
  return {
    ...config,
    appointmentTypes: exists
      ? config.appointmentTypes.map((t) => (t.id === type.id ? type : t))
      : [...config.appointmentTypes, type],
  };
}

/** Where a type is named explicitly, for the deletion warning. */
export type TypeUse =
  | { kind: "range"; templateIndex: number; rangeIndex: number; removed: boolean }
  | { kind: "closure"; index: number; removed: boolean }
  | { kind: "opening"; index: number; removed: boolean };

/**
 * The ranges, closures and openings limited to a list of types that includes `id`; `removed`
 * when `id` is the only type of the list (deleting the type deletes them).
 */
export function typeUses(config: PracticeConfig, id: string): TypeUse[] {
  const uses: TypeUse[] = [];
  const only = (types: string[]) => types.length === 1;
  config.templates.forEach((template, templateIndex) =>
    template.ranges.forEach((range, rangeIndex) => {
      if (range.types?.includes(id)) {
        uses.push({ kind: "range", templateIndex, rangeIndex, removed: only(range.types) });
      }
    }),
  );
  config.exceptions.closures.forEach((closure, index) => {
    if (closure.types?.includes(id)) {
      uses.push({ kind: "closure", index, removed: only(closure.types) });
    }
  });
  config.exceptions.openings.forEach((opening, index) => {
    if (opening.types?.includes(id)) {
      uses.push({ kind: "opening", index, removed: only(opening.types) });
    }
  });
  return uses;
}

/** Without `id` in `types`; `null` when nothing is left (the item is for that type only). */
function withoutType<T extends { types?: string[] }>(item: T, id: string): T | null {
  if (!item.types?.includes(id)) return item;
  const types = item.types.filter((t) => t !== id);
  return types.length === 0 ? null : { ...item, types };
}

const present = <T>(item: T | null): item is T => item !== null;

/**
 * `config` without the type `id`: it is taken out of every list of types, and the ranges,
 * closures and openings that were for it only are deleted (see {@link typeUses}).
 */
export function deleteType(config: PracticeConfig, id: string): PracticeConfig {
  return {
    ...config,
    appointmentTypes: config.appointmentTypes.filter((t) => t.id !== id),
    templates: config.templates.map((template) => ({
      ...template,
      ranges: template.ranges.map((r) => withoutType(r, id)).filter(present),
    })),
    exceptions: {
      closures: config.exceptions.closures.map((c) => withoutType(c, id)).filter(present),
      openings: config.exceptions.openings.map((o) => withoutType(o, id)).filter(present),
    },
  };
}

// ---- templates --------------------------------------------------------------------------------

/** The name of the template created with the first range (its id: `semaine-type`). */
export const FIRST_TEMPLATE_NAME = "Semaine type";

/** `config` with a new template named `name` (every week, no range) at the end. */
export function addTemplate(
  config: PracticeConfig,
  name: string,
  weeks: WeekParity = "toutes",
): PracticeConfig {
  const id = uniqueId(slugify(name) || "modele", config.templates.map((t) => t.id));
  const template: WeeklyTemplate = { id, name: name.trim(), weeks, ranges: [] };
  return { ...config, templates: [...config.templates, template] };
}

/** `config` with at least one template to put ranges in. */
export function ensureTemplate(config: PracticeConfig): PracticeConfig {
  return config.templates.length > 0 ? config : addTemplate(config, FIRST_TEMPLATE_NAME);
}

function mapTemplate(
  config: PracticeConfig,
  index: number,
  change: (template: WeeklyTemplate) => WeeklyTemplate,
): PracticeConfig {
  return {
    ...config,
    templates: config.templates.map((t, i) => (i === index ? change(t) : t)),
  };
}

/** `config` with template `index` renamed (its id, referenced by events, stays). */
export function renameTemplate(config: PracticeConfig, index: number, name: string): PracticeConfig {
  return mapTemplate(config, index, (t) => ({ ...t, name: name.trim() }));
}

/** `config` with template `index` set to every / odd / even ISO weeks. */
export function setTemplateWeeks(
  config: PracticeConfig,
  index: number,
  weeks: WeekParity,
): PracticeConfig {
  return mapTemplate(config, index, (t) => ({ ...t, weeks }));
}

/** `config` with template `index` valid from / until those dates (`""`: no bound). */
export function setTemplatePeriod(
  config: PracticeConfig,
  index: number,
  validFrom: string,
  validUntil: string,
): PracticeConfig {
  return mapTemplate(config, index, (t) => {
    const next: WeeklyTemplate = { ...t };
    delete next.validFrom;
    delete next.validUntil;
    if (validFrom) next.validFrom = validFrom;
    if (validUntil) next.validUntil = validUntil;
    return next;
  });
}

/** `config` without template `index`. */
export function deleteTemplate(config: PracticeConfig, index: number): PracticeConfig {
  return { ...config, templates: config.templates.filter((_, i) => i !== index) };
}

// ---- weekly ranges ----------------------------------------------------------------------------

/** What the range form and the grid gestures produce. */
export interface RangeInput {
  days: Day[];
  start: string;
  end: string;
  /** `undefined`: every type. */
  types?: string[];
}

/** A `WeeklyRange` of `input`, days Monday first, without an empty `types` key. */
export function toRange(input: RangeInput): WeeklyRange {
  const range: WeeklyRange = { days: sortDays(input.days), start: input.start, end: input.end };
  if (input.types !== undefined) range.types = [...input.types];
  return range;
}

/** `config` with `input` added to template `index` (the first template is created if none). */
export function addRange(config: PracticeConfig, index: number, input: RangeInput): PracticeConfig {
  const withTemplate = ensureTemplate(config);
  const target = Math.min(index, withTemplate.templates.length - 1);
  return mapTemplate(withTemplate, target, (t) => ({
    ...t,
    ranges: [...t.ranges, toRange(input)],
  }));
}

/** Which days an edit made from one day's block applies to. */
export type RangeScope = "all" | { day: Day };

/**
 * `config` with range `rangeIndex` of template `templateIndex` replaced by `input`. With
 * `{ day }` (the user edited that day's block and chose "this day only") and a range on several
 * days, that day leaves the range and becomes a range of its own with the new values.
 */
export function updateRange(
  config: PracticeConfig,
  templateIndex: number,
  rangeIndex: number,
  input: RangeInput,
  scope: RangeScope,
): PracticeConfig {
  return mapTemplate(config, templateIndex, (template) => {
    const range = template.ranges[rangeIndex];
    if (!range) return template;
    if (scope === "all" || range.days.length <= 1) {
      const days = scope === "all" || input.days.length > 0 ? input.days : range.days;
      return {
        ...template,
        ranges: template.ranges.map((r, i) => (i === rangeIndex ? toRange({ ...input, days }) : r)),
      };
    }
    const rest: WeeklyRange = { ...range, days: range.days.filter((d) => d !== scope.day) };
    const single = toRange({ ...input, days: input.days.length > 0 ? input.days : [scope.day] });
    const ranges = [...template.ranges];
    ranges.splice(rangeIndex, 1, rest, single);
    return { ...template, ranges };
  });
}

/** `config` without range `rangeIndex` (or only without its `day`, with `{ day }`). */
export function deleteRange(
  config: PracticeConfig,
  templateIndex: number,
  rangeIndex: number,
  scope: RangeScope,
): PracticeConfig {
  return mapTemplate(config, templateIndex, (template) => {
    const range = template.ranges[rangeIndex];
    if (!range) return template;
    if (scope !== "all" && range.days.length > 1) {
      return {
        ...template,
        ranges: template.ranges.map((r, i) =>
          i === rangeIndex ? { ...r, days: r.days.filter((d) => d !== scope.day) } : r,
        ),
      };
    }
    return { ...template, ranges: template.ranges.filter((_, i) => i !== rangeIndex) };
  });
}

/** Where a block of the week grid was dragged or resized to. */
export interface BlockTarget {
  day: Day;
  start: string;
  end: string;
}

/**
 * `config` after the block of range `rangeIndex` on `fromDay` was moved or resized to `target`.
 * `"all"` moves the whole range: new times, and every day shifted as the block was (`null` when
 * that pushes a day out of the week); `{ day }` moves that day only, out of the range.
 */
export function moveRangeBlock(
  config: PracticeConfig,
  templateIndex: number,
  rangeIndex: number,
  fromDay: Day,
  target: BlockTarget,
  scope: "all" | "day",
): PracticeConfig | null {
  const range = config.templates[templateIndex]?.ranges[rangeIndex];
  if (!range) return null;
  const base = { start: target.start, end: target.end, types: range.types };
  if (scope === "day" && range.days.length > 1) {
    return updateRange(
      config,
      templateIndex,
      rangeIndex,
      { ...base, days: [target.day] },
      { day: fromDay },
    );
  }
  const shift = dayIndex(target.day) - dayIndex(fromDay);
  const shifted = range.days.map((d) => dayIndex(d) + shift);
  if (shifted.some((i) => i < 0 || i > 6)) return null;
  return updateRange(
    config,
    templateIndex,
    rangeIndex,
    { ...base, days: shifted.map((i) => DAYS[i]) },
    "all",
  );
}

/**
 * `config` where each of `targets` gets exactly the ranges `from` has in template
 * `templateIndex`: the targets leave every range (ranges left without a day are dropped), then
 * join each range of `from`.
 */
export function copyDay(
  config: PracticeConfig,
  templateIndex: number,
  from: Day,
  targets: readonly Day[],
): PracticeConfig {
  const others = targets.filter((d) => d !== from);
  if (others.length === 0) return config;
  return mapTemplate(config, templateIndex, (template) => ({
    ...template,
    ranges: template.ranges
      .map((range) => {
        const kept = range.days.filter((d) => !others.includes(d));
        const days = range.days.includes(from) ? sortDays([...kept, ...others]) : kept;
        return { ...range, days };
      })
      .filter((range) => range.days.length > 0),
  }));
}

// ---- exceptions -------------------------------------------------------------------------------

/** `config` with closure `index` replaced by `closure` (`index` past the end: added). */
export function putClosure(config: PracticeConfig, index: number, closure: Closure): PracticeConfig {
  const closures = [...config.exceptions.closures];
  if (index >= 0 && index < closures.length) closures[index] = closure;
  else closures.push(closure);
  return { ...config, exceptions: { ...config.exceptions, closures } };
}

/** `config` without closure `index`. */
export function deleteClosure(config: PracticeConfig, index: number): PracticeConfig {
  return {
    ...config,
    exceptions: {
      ...config.exceptions,
      closures: config.exceptions.closures.filter((_, i) => i !== index),
    },
  };
}

/** `config` with opening `index` replaced by `opening` (`index` past the end: added). */
export function putOpening(
  config: PracticeConfig,
  index: number,
  opening: ExtraOpening,
): PracticeConfig {
  const openings = [...config.exceptions.openings];
  if (index >= 0 && index < openings.length) openings[index] = opening;
  else openings.push(opening);
  return { ...config, exceptions: { ...config.exceptions, openings } };
}

/** `config` without opening `index`. */
export function deleteOpening(config: PracticeConfig, index: number): PracticeConfig {
  return {
    ...config,
    exceptions: {
      ...config.exceptions,
      openings: config.exceptions.openings.filter((_, i) => i !== index),
    },
  };
}

/** Whether a holiday is open by an override (its date, or its id for every year). */
export function holidayOverridden(config: PracticeConfig, holiday: HolidayInfo): boolean {
  const overrides = config.holidays.overrides ?? [];
  return overrides.includes(holiday.date) || overrides.includes(holiday.id);
}

/**
 * `config` with the holiday open anyway ("ouvrir quand même": its date added to the overrides)
 * or closed again (its date — or its every-year id — removed).
 */
export function toggleHolidayOverride(config: PracticeConfig, holiday: HolidayInfo): PracticeConfig {
  const overrides = config.holidays.overrides ?? [];
  const next = holidayOverridden(config, holiday)
    ? overrides.filter((o) => o !== holiday.date && o !== holiday.id)
    : [...overrides, holiday.date].sort();
  const holidays = { ...config.holidays };
  if (next.length > 0) holidays.overrides = next;
  else delete holidays.overrides;
  return { ...config, holidays };
}

/** `config` with another holiday region. */
export function setHolidayRegion(config: PracticeConfig, region: HolidayRegion): PracticeConfig {
  return { ...config, holidays: { ...config.holidays, region } };
}

/** `config` where holidays close (or do not close) the weekly ranges. */
export function setHolidaysClosed(config: PracticeConfig, closed: boolean): PracticeConfig {
  return { ...config, holidays: { ...config.holidays, closed } };
}
