// This file is generated from the Rust types by `cargo test -p rdv-app` (ts-rs). Do not edit.

/**
 * What a person may do on a calendar (Google's ACL role, as the calendar list reports it).
 */
export type AccessRole = "owner" | "writer" | "reader" | "freeBusyReader";

/**
 * The Google account of this installation.
 */
export type AccountState = { "state": "none" } | { "state": "linking" } | { "state": "linked", 
/**
 * The account's email address.
 */
email: string, 
/**
 * True in demo mode (the embedded sandbox, not Google).
 */
demo: boolean, } | { "state": "reconnectNeeded", 
/**
 * The account's email address.
 */
email: string, 
/**
 * True in demo mode.
 */
demo: boolean, };

/**
 * The result of a booking action.
 */
export type ActionOutcome = { 
/**
 * Applied, queued or failed.
 */
state: ActionState, 
/**
 * What to tell the user (offline, what someone else changed).
 */
message: string | null, 
/**
 * The edit.
 */
item: OutboxItem, };

/**
 * What became of a booking edit.
 */
export type ActionState = "applied" | "queued" | "failed";

/**
 * One line of the activity log.
 */
export type ActivityEntry = { 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who (an account email, or `Google Agenda`).
 */
actor: string, 
/**
 * `app` (made here) or `google` (seen by sync).
 */
origin: string, 
/**
 * The calendar.
 */
calendarId: string, 
/**
 * The booking.
 */
eventId: string, 
/**
 * `create`, `cancel`, `move`, `attendance`, `note` (made here); `cancelled`, `moved` (seen
 * in Google).
 */
action: string, 
/**
 * Former start (RFC 3339), for moves; the booking's start for a cancellation or a creation.
 */
from: string | null, 
/**
 * New start (RFC 3339), for moves.
 */
to: string | null, 
/**
 * Cancellation reason.
 */
reason: string | null, 
/**
 * `absent` / `excused` for attendance marks.
 */
attendance: string | null, 
/**
 * Whether the actor is the linked account itself (addresses compared without case): the
 * log says « vous ».
 */
byYou: boolean, };

/**
 * A shared calendar added to the account's list (*Ajouter un agenda partagé*).
 */
export type AddedCalendar = { 
/**
 * The calendar added, selected (shown and synchronised).
 */
calendar: CalendarInfo, 
/**
 * The account's calendars after the addition.
 */
calendars: Array<CalendarInfo>, };

/**
 * An event for the Agenda view.
 */
export type AgendaEvent = { 
/**
 * Event id (instance id for recurring instances).
 */
id: string, 
/**
 * Its calendar.
 */
calendarId: string, 
/**
 * Booking, availability or other.
 */
kind: EventKind, 
/**
 * What to show: the summary (bookings: motif and patient name).
 */
title: string, 
/**
 * Start, RFC 3339 with offset (all-day: `YYYY-MM-DD`).
 */
start: string, 
/**
 * End (exclusive), same format.
 */
end: string, 
/**
 * An all-day event.
 */
allDay: boolean, 
/**
 * Appointment type id (`rdv.type`), if any.
 */
appointmentType: string | null, 
/**
 * Bookings: the patient's first and last name, for short labels in narrow columns.
 */
patientName: string | null, 
/**
 * Set when Google holds an end not after the start: the event is shown at its start with
 * no length (`end == start`) and flagged, for the user to correct it in Google.
 */
spanIssue?: SpanIssue, 
/**
 * Whether the linked account's role on the calendar lets it act on this booking (cancel,
 * move, mark, annotate): the owner and the *Secrétaire*; the core refuses the others.
 */
canEdit: boolean, 
/**
 * Whether it may be dragged to another time: a booking the account may act on, timed, with
 * a length, not started when the agenda was read.
 */
canMove: boolean, 
/**
 * Whether it counts as an appointment on its calendar (styled as one), and of which
 * origin; `null` for availability and the other events.
 */
appointment: AppointmentOrigin | null, 
/**
 * A booking made here and still waiting in the outbox (offline): not in Google yet.
 */
pending?: boolean, };

/**
 * Where the app keeps its files, for the *À propos* section and for support.
 */
export type AppInfo = { 
/**
 * "RDV Compagnon".
 */
name: string, 
/**
 * The app's version.
 */
version: string, 
/**
 * The folder of the local database.
 */
dataDir: string, 
/**
 * The folder of the log files.
 */
logDir: string, };

/**
 * Where an appointment comes from.
 */
export type AppointmentOrigin = "marked" | "google";

/**
 * Per agenda, what the app treats as an appointment.
 */
export type AppointmentPolicy = "bookingsOnly" | "alsoOwnEvents";

/**
 * An appointment type (*motif*), e.g. « Consultation, 30 min ».
 *
 * Numbers are signed so that a negative value in a file is reported by validation with a
 * message, not refused by the parser.
 */
export type AppointmentType = { 
/**
 * Stable id, as written in `rdv.type` on calendar events: no comma, no space.
 */
id: string, 
/**
 * The name patients and the practitioner see (« Première consultation »).
 */
name: string, 
/**
 * Length of the appointment, in minutes.
 */
durationMinutes: number, 
/**
 * Colour in the agenda, `#RRGGBB`.
 */
colour: string, 
/**
 * Free time required before the appointment, in minutes (no busy event may touch it).
 */
bufferBeforeMinutes: number, 
/**
 * Free time required after the appointment, in minutes.
 */
bufferAfterMinutes: number, 
/**
 * Minimum notice: a slot is offered only if it starts at least this many minutes after now.
 */
minNoticeMinutes: number, 
/**
 * Booking horizon: a slot is offered only if its local date is at most this many days after
 * today's local date (0 = today only). Absent: no horizon.
 */
horizonDays?: number, 
/**
 * Step between two slot starts, in minutes. Absent: the duration (back-to-back slots).
 */
slotIntervalMinutes?: number, 
/**
 * At most this many bookings of this type per day; once reached, the day offers no more
 * slots of this type. Absent: no cap.
 */
maxPerDay?: number, 
/**
 * Whether patients may book it on the site; others are booked by phone (by the practice).
 */
bookableOnline: boolean, };

/**
 * Attendance of a past booking.
 */
export type Attendance = "absent" | "excused";

/**
 * A calendar's availability configuration and what the user may do with it.
 */
export type AvailabilityState = { 
/**
 * The calendar.
 */
calendarId: string, 
/**
 * The linked account's role on it.
 */
role: AccessRole, 
/**
 * May open new availability (the owner only, PRODUCT.md art. 4.3).
 */
canCreate: boolean, 
/**
 * May change or cancel existing availability (owner, secretary).
 */
canModify: boolean, 
/**
 * The configuration as saved (a new one is empty, in the calendar's zone).
 */
config: PracticeConfig, 
/**
 * Its problems; publishing waits until there are none.
 */
problems: Array<ConfigProblem>, 
/**
 * The ISO number of the current week in the configuration's zone (the odd/even hint).
 */
thisWeek: number, 
/**
 * Whether the current week is an odd or an even one, as templates count them.
 */
thisWeekParity: WeekParity, 
/**
 * When it was last saved (RFC 3339), `None` if never.
 */
savedAt: string | null, 
/**
 * When it was last published (RFC 3339), `None` if never.
 */
publishedAt: string | null, 
/**
 * The saved configuration differs from the one last published.
 */
unpublishedChanges: boolean, };

/**
 * An upcoming booking for the Rendez-vous view.
 */
export type Booking = { 
/**
 * Event id.
 */
id: string, 
/**
 * Its calendar.
 */
calendarId: string, 
/**
 * The calendar's name (the practitioner, in secretary mode).
 */
calendarName: string, 
/**
 * Start, RFC 3339 with offset.
 */
start: string, 
/**
 * End, RFC 3339 with offset.
 */
end: string, 
/**
 * The event's title.
 */
title: string, 
/**
 * Appointment type id (`rdv.type`).
 */
appointmentType: string | null, 
/**
 * The patient.
 */
patient: Patient, 
/**
 * Booking source (`site`, `app`, `phone`, `google`).
 */
source: string | null, 
/**
 * When the booking was made (`rdv.bookedAt`, else the event's creation), RFC 3339.
 */
bookedAt: string | null, 
/**
 * The event to act on (differs from `id` for an instance of a recurring event).
 */
eventId: string, 
/**
 * *Absent* / *excusé* mark.
 */
attendance: Attendance | null, 
/**
 * Internal note (organisation only).
 */
note: string | null, 
/**
 * Who last edited it through the app (an account email).
 */
editedBy: string | null, 
/**
 * Whether that was the linked account itself (addresses compared without case).
 */
editedByYou: boolean, 
/**
 * When (RFC 3339).
 */
editedAt: string | null, 
/**
 * What the booking site knows of it (consent, SMS), when a site is linked.
 */
site: SiteInfo | null, 
/**
 * Set when Google holds an end not after the start: shown at its start with no length
 * (`end == start`) and flagged, as in the Agenda.
 */
spanIssue?: SpanIssue, 
/**
 * Whether the linked account's role on the calendar lets it act on this booking (cancel,
 * move, mark, annotate): the owner and the *Secrétaire*; the core refuses the others.
 * Always `false` for an event of the calendar's own: *Compléter* it first.
 */
canEdit: boolean, 
/**
 * `marked`: a booking with the markers; `google`: an event of the calendar's own (typed in
 * Google Agenda, another tool), with only what Google knows (title, times) and the patient
 * fields unknown.
 */
origin: AppointmentOrigin, 
/**
 * Whether *Compléter* is offered: an event of the calendar's own, timed, that the account
 * may edit (the check the `complete` action makes).
 */
canComplete: boolean, 
/**
 * The patient's unexcused no-shows within the retention period (`rdv.attendance=absent`;
 * `excused` is not one), the patient found by e-mail or phone (`rdv_core::history`).
 */
noShows: number, 
/**
 * Whether those no-shows are repeated (`rdv_core::history::is_repeated`): the views flag
 * the patient.
 */
repeatedNoShows: boolean, 
/**
 * A booking made here and still waiting in the outbox (offline): not in Google yet, so
 * nothing can be done to it until it is written.
 */
pending?: boolean, };

/**
 * Something done to a booking.
 */
export type BookingAction = { "kind": "cancel", 
/**
 * Why, optional and short (internal).
 */
reason: string | null, } | { "kind": "move", 
/**
 * New start.
 */
start: string, 
/**
 * Move even if it is not a free slot of its type (the user confirmed).
 */
force: boolean, } | { "kind": "attendance", 
/**
 * Absent, excused, or `null` to clear.
 */
status: Attendance | null, } | { "kind": "note", 
/**
 * At most 200 characters.
 */
text: string, } | { "kind": "complete", 
/**
 * Last name (required).
 */
lastName: string | null, 
/**
 * First name.
 */
firstName: string | null, 
/**
 * Phone (a French number is written in E.164); the phone or the e-mail is required.
 */
phone: string | null, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * The appointment type's id, if known.
 */
appointmentType: string | null, };

/**
 * An agenda the linked account may book on (owner or *Secrétaire*, shown in the app), with the
 * appointment types of its published configuration.
 */
export type BookingCalendar = { 
/**
 * Calendar id.
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Its IANA zone.
 */
timeZone: string, 
/**
 * Whether it is the account's primary calendar (preselected).
 */
primary: boolean, 
/**
 * The appointment types of its published configuration (empty: nothing published yet).
 */
types: Array<BookingType>, };

/**
 * The free slots of a type on an agenda, as the core computes them.
 */
export type BookingSlots = { 
/**
 * The next free slots from the day asked (at most 8).
 */
next: Array<FreeSlot>, 
/**
 * Every free slot of the day asked (the day picker).
 */
day: Array<FreeSlot>, };

/**
 * Who entered the booking (`rdv.source`).
 */
export type BookingSource = "app" | "phone";

/**
 * An appointment type one may book.
 */
export type BookingType = { 
/**
 * Its id (`rdv.type`).
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Its duration in minutes.
 */
durationMinutes: number, };

/**
 * A calendar of the linked account.
 */
export type CalendarInfo = { 
/**
 * Google's calendar id.
 */
id: string, 
/**
 * Its name (the user's override if any).
 */
summary: string, 
/**
 * Display colour, `#rrggbb`.
 */
color: string, 
/**
 * Its IANA time zone, e.g. `Europe/Paris`.
 */
timeZone: string, 
/**
 * The linked account's role on it.
 */
accessRole: AccessRole, 
/**
 * The account's primary calendar.
 */
primary: boolean, 
/**
 * Whether it is synchronised and shown.
 */
selected: boolean, 
/**
 * Whether the account may work on its availability (*Disponibilités*: the owner, and a
 * secretary who may shorten and cancel but never open new time — art. 4.3).
 */
canManageAvailability: boolean, 
/**
 * Whether the account manages its sharing (*Partage*: the owner only).
 */
canShare: boolean, 
/**
 * What counts as an appointment on it: the bookings only, or also its own timed events
 * (the default).
 */
appointments: AppointmentPolicy, };

/**
 * A change of the clocks (daylight saving) on one day of a previewed week.
 */
export type ClockChange = { 
/**
 * The day, `YYYY-MM-DD`.
 */
date: string, 
/**
 * The time the clocks show just before the change, `HH:MM`.
 */
from: string, 
/**
 * The time they show at the change, `HH:MM`.
 */
to: string, 
/**
 * Which way they go.
 */
direction: ClockDirection, };

/**
 * Which way the clocks go.
 */
export type ClockDirection = "summer" | "winter";

/**
 * A closure over a date range: whole days, or the same local time range on each day.
 */
export type Closure = { 
/**
 * First closed day, inclusive.
 */
from: string, 
/**
 * Last closed day, **inclusive**. Absent: the `from` day only.
 */
until?: string, 
/**
 * Local start of the closed time on each day; with `end`. Both absent: whole days.
 */
start?: string, 
/**
 * Local end of the closed time on each day; with `start`.
 */
end?: string, 
/**
 * The appointment types it closes. Absent: every type.
 */
types?: Array<string>, 
/**
 * Why (« Congés d'été »), for people.
 */
label?: string, };

/**
 * A problem of an availability configuration, in words a practitioner understands.
 */
export type ConfigProblem = { 
/**
 * Stable code (`range.overlap`, …), see docs/templates.md.
 */
code: string, 
/**
 * Where: `templates[0].ranges[1]`, indices from 0.
 */
path: string, 
/**
 * What is wrong and what to do (French).
 */
message: string, 
/**
 * The same, in English (the English interface shows it).
 */
messageEn: string, };

/**
 * A day of the week, written in French in files (`lundi`), English accepted (`monday`).
 */
export type Day = "lundi" | "mardi" | "mercredi" | "jeudi" | "vendredi" | "samedi" | "dimanche";

/**
 * The sheet: the agendas asked for, each with its days that have appointments.
 */
export type DaySheet = { 
/**
 * First day (`YYYY-MM-DD`).
 */
from: string, 
/**
 * Last day, included (`YYYY-MM-DD`; `from` for one day).
 */
to: string, 
/**
 * The agendas, in the order asked; one with no appointment has no day.
 */
agendas: Array<SheetAgenda>, };

/**
 * *Ne pas déranger* choices (tray and Réglages).
 */
export type DoNotDisturb = "off" | "oneHour" | "untilTomorrow";

/**
 * A field of the *Nouveau rendez-vous* form a problem is about.
 */
export type DraftField = "calendar" | "appointmentType" | "start" | "lastName" | "firstName" | "phone" | "email" | "note" | "series";

/**
 * What is wrong with one field of a draft, in the user's language.
 */
export type DraftProblem = { 
/**
 * The field.
 */
field: DraftField, 
/**
 * Why.
 */
message: string, 
/**
 * The start is outside the published availability and *forcer* would allow it (the form
 * shows the checkbox only then).
 */
forcible: boolean, };

/**
 * A booking of the person an erasure request is about.
 */
export type ErasureMatch = { 
/**
 * Its calendar.
 */
calendarId: string, 
/**
 * Its event.
 */
eventId: string, 
/**
 * Its start (RFC 3339).
 */
start: string, 
/**
 * Its appointment type id.
 */
appointmentType: string | null, 
/**
 * Found in the local cache.
 */
inCache: boolean, 
/**
 * Found in the Google calendar.
 */
inCalendar: boolean, 
/**
 * Found on the booking site.
 */
inSite: boolean, };

/**
 * One place an erasure reaches.
 */
export type ErasurePart = { 
/**
 * A calendar, the site or the local copy.
 */
place: ErasurePlace, 
/**
 * Its name (the calendar's, the site's).
 */
label: string, 
/**
 * Where it stands.
 */
step: ErasureStep, 
/**
 * Bookings (events, records) found there and erased.
 */
count: number, 
/**
 * Why it is pending or skipped (French).
 */
reason: string | null, };

/**
 * Where a part of an erasure acts.
 */
export type ErasurePlace = "calendar" | "site" | "cache";

/**
 * What an erasure did, and the report to send back to the person.
 */
export type ErasureReport = { 
/**
 * When it finished, or while pending when it was asked (RFC 3339).
 */
erasedAt: string, 
/**
 * Every part is done or skipped; `false`: some part is pending and will be resumed (at
 * the next sync), so the report must not be sent yet.
 */
complete: boolean, 
/**
 * Calendar events anonymised (the calendar parts done).
 */
calendarEvents: number, 
/**
 * Cached bookings anonymised.
 */
cachedBookings: number, 
/**
 * Booking records erased on the site (`None`: no site linked).
 */
siteRecords: number | null, 
/**
 * Each place the erasure reaches (each calendar, the site, the local copy) and where it
 * stands.
 */
parts: Array<ErasurePart>, 
/**
 * The text to send back (French).
 */
report: string, };

/**
 * Where a part of an erasure stands.
 */
export type ErasureStep = "done" | "pending" | "skipped";

/**
 * The failures the UI treats differently. Add a code only when the UI does something different.
 */
export type ErrorCode = "keychainLocked" | "keychainUnavailable" | "notificationsUnavailable" | "reconnectNeeded" | "offline" | "oauthDenied" | "oauthCancelled" | "noAccount" | "notConfigured" | "forbidden" | "invalidInput" | "planChanged" | "removalNotConfirmed" | "slotUnavailable" | "appLocked" | "wrongPin" | "internal";

/**
 * What an event is.
 */
export type EventKind = "booking" | "availability" | "other";

/**
 * The exceptions of a practice configuration.
 */
export type Exceptions = { 
/**
 * Closures; a closure always wins over templates and extra openings.
 */
closures: Array<Closure>, 
/**
 * One-off extra openings.
 */
openings: Array<ExtraOpening>, };

/**
 * A one-off extra opening: a date, a local time range, the types it offers.
 */
export type ExtraOpening = { 
/**
 * The day.
 */
date: string, 
/**
 * Local start time.
 */
start: string, 
/**
 * Local end time, after the start.
 */
end: string, 
/**
 * The appointment types it is open for. Absent: every type.
 */
types?: Array<string>, 
/**
 * Why (« Samedi de rattrapage »), for people.
 */
label?: string, };

/**
 * A free slot (RFC 3339 with the calendar's offset).
 */
export type FreeSlot = { 
/**
 * Start.
 */
start: string, 
/**
 * End.
 */
end: string, };

/**
 * A public holiday for the exceptions calendar.
 */
export type HolidayInfo = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Stable id (`lundi-de-pentecote`), usable in `holidays.overrides`.
 */
id: string, 
/**
 * French name.
 */
name: string, 
/**
 * Whether it closes the weekly ranges under the configuration's policy.
 */
closes: boolean, };

/**
 * How public holidays affect the practice.
 */
export type HolidayPolicy = { 
/**
 * Which holidays: `metropole` (default) or `alsace-moselle`.
 */
region: HolidayRegion, 
/**
 * Whether holidays close the weekly templates' ranges (default `true`). Extra openings on a
 * holiday are always open.
 */
closed: boolean, 
/**
 * Holidays on which the practice opens anyway: a date (`2027-05-17`) or a holiday id for
 * every year (`lundi-de-pentecote`).
 */
overrides?: Array<string>, };

/**
 * Which set of public holidays applies.
 */
export type HolidayRegion = "metropole" | "alsace-moselle";

/**
 * The one error shape of every command: `{ code, message }`. `code` tells the UI what to do
 * differently (offer to unlock the keychain, …); `message` is for the user to read.
 */
export type IpcError = { 
/**
 * What kind of failure, for the UI to branch on.
 */
code: ErrorCode, 
/**
 * A sentence the user can act on. Never contains a secret or personal data.
 */
message: string, };

/**
 * Whether the OS keychain can hold the app's secrets.
 */
export type KeychainStatus = { "state": "available" } | { "state": "locked", 
/**
 * What the keychain said.
 */
message: string, } | { "state": "unavailable", 
/**
 * What went wrong.
 */
message: string, };

/**
 * A language the interface is translated into.
 */
export type Language = "fr" | "en";

/**
 * The app lock (Réglages → Verrouillage, and the lock screen).
 */
export type LockStatus = { 
/**
 * A PIN is set (without one the app never locks).
 */
pinSet: boolean, 
/**
 * Locked now.
 */
locked: boolean, 
/**
 * Inactivity delay before locking, in seconds (the UI shows minutes).
 */
delaySeconds: number, 
/**
 * Seconds to wait before the next attempt (0: none).
 */
retryAfterSeconds: number, };

/**
 * A booking as the form sends it. Nothing is checked in the UI: the core says what is wrong
 * ([`DraftProblem`]).
 */
export type NewBookingDraft = { 
/**
 * The agenda.
 */
calendarId: string, 
/**
 * The appointment type's id.
 */
typeId: string, 
/**
 * The start, RFC 3339 (a free slot's `start`, or a time typed for a forced booking).
 */
start: string, 
/**
 * Last name, as typed.
 */
lastName: string, 
/**
 * First name, as typed.
 */
firstName: string, 
/**
 * Phone, as typed (may be empty when an e-mail is given).
 */
phone: string, 
/**
 * E-mail, as typed (may be empty when a phone is given).
 */
email: string, 
/**
 * Internal note (organisation only, at most `NOTE_MAX_CHARS` characters).
 */
note: string, 
/**
 * Taken on the phone or made in the app.
 */
source: BookingSource, 
/**
 * Book even outside the published availability (the user ticked *forcer*). Never a past
 * or taken time; never availability.
 */
force: boolean, };

/**
 * The result of `create_booking`.
 */
export type NewBookingOutcome = { 
/**
 * Applied, queued or taken.
 */
state: NewBookingState, 
/**
 * What to tell the user (offline, taken meanwhile).
 */
message: string | null, 
/**
 * The booking's event id (deterministic), `null` when nothing is written.
 */
eventId: string | null, 
/**
 * The booking's start (RFC 3339 with offset).
 */
start: string, 
/**
 * When taken: the next free slots of the type from that day.
 */
nextSlots: Array<FreeSlot>, };

/**
 * What became of a new booking.
 */
export type NewBookingState = "applied" | "queued" | "taken";

/**
 * An edit waiting for Google, or refused by it.
 */
export type OutboxItem = { 
/**
 * Its place in line.
 */
seq: number, 
/**
 * The calendar.
 */
calendarId: string, 
/**
 * The booking.
 */
eventId: string, 
/**
 * `cancel`, `move`, `attendance`, `note`.
 */
action: string, 
/**
 * When it was made (RFC 3339).
 */
created: string, 
/**
 * Refused by Google or by the booking site (see `error`).
 */
failed: boolean, 
/**
 * Why it was refused, or why a pending edit waits (the booking site could not cancel it
 * yet), for the user.
 */
error: string | null, 
/**
 * How many times it was sent.
 */
attempts: number, 
/**
 * The booking's start as cached (RFC 3339 UTC), if still cached.
 */
start: string | null, };

/**
 * A patient's contact details: exactly the four fields the service collects (PRODUCT.md art. 8).
 */
export type Patient = { 
/**
 * First name.
 */
firstName: string | null, 
/**
 * Last name.
 */
lastName: string | null, 
/**
 * Phone number.
 */
phone: string | null, 
/**
 * Email address.
 */
email: string | null, 
/**
 * The `tel:` link to call `phone` ([`rdv_core::contact::tel_uri`]); `null` when there is no
 * phone or it is not a number. The UI links to this, never to a link of its own making.
 */
phoneLink: string | null, 
/**
 * The `mailto:` link to write to `email` ([`rdv_core::contact::mailto_uri`]); `null` when
 * there is no address or it is not one.
 */
emailLink: string | null, };

/**
 * A patient's appointments, past and future, with their no-shows counted.
 */
export type PatientHistory = { 
/**
 * The patient, as the booking the history was opened from names them.
 */
patient: Patient, 
/**
 * Whether the patient could be identified (by e-mail or phone). Without either, the history
 * is that booking alone: a name alone identifies no one.
 */
identified: boolean, 
/**
 * Their appointments in the selected calendars, newest first: every one to come and the
 * past ones within the retention period (older ones are anonymised).
 */
bookings: Array<Booking>, 
/**
 * Their unexcused no-shows among those (`excused` is not one).
 */
noShows: number, 
/**
 * Whether they are repeated (flagged in the views).
 */
repeatedNoShows: boolean, 
/**
 * The start of the retention period (RFC 3339): nothing older is kept.
 */
since: string, };

/**
 * What one line of a publish plan does.
 */
export type PlanAction = "create" | "update" | "delete" | "close" | "reopen";

/**
 * One line of the publish plan.
 */
export type PlanChange = { 
/**
 * What it does.
 */
action: PlanAction, 
/**
 * The event's title (`Disponible – Consultation`).
 */
summary: string, 
/**
 * The first date (series), the date (single, closed or reopened date), `YYYY-MM-DD`.
 */
date: string, 
/**
 * Local start time `HH:MM`.
 */
startTime: string, 
/**
 * Local end time `HH:MM`.
 */
endTime: string, 
/**
 * A weekly series (repeats on `date`'s weekday).
 */
weekly: boolean, 
/**
 * Every other week.
 */
everyTwoWeeks: boolean, 
/**
 * A series' last date, `YYYY-MM-DD`.
 */
until: string | null, 
/**
 * For an update: the fields that change.
 */
fields: Array<string>, };

/**
 * Everything that decides which slots a practice offers.
 */
export type PracticeConfig = { 
/**
 * The calendar's IANA time zone; all local dates and times are in it. Default `Europe/Paris`.
 */
timeZone: string, 
/**
 * The appointment types (*motifs*).
 */
appointmentTypes: Array<AppointmentType>, 
/**
 * The weekly templates; several may apply on the same day.
 */
templates: Array<WeeklyTemplate>, 
/**
 * Closures and one-off extra openings.
 */
exceptions: Exceptions, 
/**
 * Public holidays: which ones, whether they close the practice, where it opens anyway.
 */
holidays: HolidayPolicy, };

/**
 * One offered slot, local times with offset (RFC 3339).
 */
export type PreviewSlot = { 
/**
 * Start, e.g. `2027-03-28T09:00:00+02:00`.
 */
start: string, 
/**
 * End.
 */
end: string, };

/**
 * The slots of one appointment type in the preview.
 */
export type PreviewType = { 
/**
 * Type id.
 */
typeId: string, 
/**
 * Type name.
 */
name: string, 
/**
 * Its colour, `#rrggbb`.
 */
colour: string, 
/**
 * Duration in minutes.
 */
durationMinutes: number, 
/**
 * Bookable on the website (else by phone only).
 */
bookableOnline: boolean, 
/**
 * The offered slots, in time order.
 */
slots: Array<PreviewSlot>, };

/**
 * What a publish did.
 */
export type PublishOutcome = { 
/**
 * API writes made.
 */
writes: number, 
/**
 * When (RFC 3339).
 */
publishedAt: string, };

/**
 * The writes *Publier* would make, for the confirmation dialog.
 */
export type PublishPreview = { 
/**
 * The calendar.
 */
calendarId: string, 
/**
 * First published date.
 */
windowFrom: string, 
/**
 * Last published date.
 */
windowTo: string, 
/**
 * Events created.
 */
creates: number, 
/**
 * Events changed.
 */
updates: number, 
/**
 * Events deleted.
 */
deletes: number, 
/**
 * Dates of series closed.
 */
closes: number, 
/**
 * Dates of series reopened.
 */
reopens: number, 
/**
 * API writes in all (0: nothing to publish).
 */
writes: number, 
/**
 * « 3 créneaux ajoutés, 1 supprimé ».
 */
summaryFr: string, 
/**
 * The lines of the plan.
 */
changes: Array<PlanChange>, 
/**
 * Set when the plan deletes more published availability than it keeps (or all of it): the
 * dialog says so and publishing needs a second, explicit confirmation.
 */
removal: RemovalWarning | null, 
/**
 * Pass it back to publish exactly this plan.
 */
fingerprint: string, };

/**
 * Progress of a publish (event `publish-progress`).
 */
export type PublishProgress = { 
/**
 * The calendar.
 */
calendarId: string, 
/**
 * Writes done.
 */
done: number, 
/**
 * Writes in all.
 */
total: number, };

/**
 * One purge or erasure, in counts only.
 */
export type PurgeEntry = { 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * A retention purge: the start of the period then — bookings made before it, whose
 * appointment had ended, were purged. An erasure: its instant (RFC 3339).
 */
cutoff: string, 
/**
 * `retention` or `erasure`.
 */
kind: string, 
/**
 * How many bookings lost their personal data.
 */
bookings: number, };

/**
 * The recovery screen's content.
 */
export type RecoveryInfo = { 
/**
 * Why.
 */
reason: RecoveryReason, 
/**
 * The technical message (English, SQLite's or the keychain's words; no personal data).
 */
detail: string, 
/**
 * The database file.
 */
file: string, 
/**
 * The interface language: the one saved in the file when it could be read, else French.
 */
language: Language, 
/**
 * The edits not yet sent to Google read from the file (what the outbox screen shows);
 * `None` when the file could not be read.
 */
pending: Array<OutboxItem> | null, 
/**
 * Where the file was moved aside, once it was (a rebuild then failed to open a new one).
 */
setAside: string | null, 
/**
 * Whether *Mettre le fichier de côté et reconstruire* is offered: not when the keychain is
 * locked or unavailable nor when the disk is full — the file may be healthy, *Réessayer*
 * after the advice opens it.
 */
canRebuild: boolean, };

/**
 * Why the database could not be opened, in the terms of what the user can do.
 */
export type RecoveryReason = "keychainLocked" | "keychainUnavailable" | "keyMissing" | "unreadable" | "newerVersion" | "diskFull" | "other";

/**
 * The reminder and alert preferences (Réglages → Rappels).
 */
export type ReminderPrefs = { 
/**
 * Minutes before each appointment (1 to 5 values; empty: no reminders).
 */
offsets: Array<number>, 
/**
 * Start of the quiet hours, `HH:MM` (with `quietEnd`), `null`: none.
 */
quietStart: string | null, 
/**
 * End of the quiet hours, `HH:MM`.
 */
quietEnd: string | null, 
/**
 * Privacy mode: notifications and tray show the time and type, never the patient's name.
 */
privacy: boolean, 
/**
 * Time of the daily summary, `HH:MM`, `null`: none.
 */
dailySummary: string | null, 
/**
 * Alerts for bookings created, cancelled or moved by others.
 */
alerts: boolean, 
/**
 * *Ne pas déranger* until (RFC 3339), `null`: off.
 */
dndUntil: string | null, };

/**
 * What a publish would remove of the published availability, in plain words.
 */
export type RemovalWarning = { 
/**
 * Published availability events deleted.
 */
deleted: number, 
/**
 * Published availability events before the publish.
 */
published: number, 
/**
 * New events created.
 */
created: number, 
/**
 * The warning in French.
 */
message: string, 
/**
 * The warning in English.
 */
messageEn: string, };

/**
 * What the first purge that erased a booking did (retention is on by default): shown once,
 * until dismissed. Counts and dates only.
 */
export type RetentionNotice = { 
/**
 * When it ran (RFC 3339).
 */
at: string, 
/**
 * The retention period it applied, in days.
 */
days: number, 
/**
 * How many appointments lost their personal data.
 */
bookings: number, 
/**
 * The start of the earliest of them (RFC 3339); `None` when none.
 */
firstStart: string | null, 
/**
 * The start of the latest of them (RFC 3339); `None` when none.
 */
lastStart: string | null, };

/**
 * What a purge would remove now.
 */
export type RetentionPreview = { 
/**
 * The start of the period: bookings made before it (RFC 3339), once their appointment has
 * ended.
 */
cutoff: string, 
/**
 * How many bookings.
 */
count: number, 
/**
 * Their starts (RFC 3339), at most 500.
 */
starts: Array<string>, };

/**
 * Personal-data retention (Réglages → Données personnelles).
 */
export type RetentionState = { 
/**
 * 90, 120 or 240 days after the booking.
 */
days: number, 
/**
 * The periods the service offers, in days (the choices of the setting).
 */
periods: Array<number>, 
/**
 * The default period, in days.
 */
defaultDays: number, 
/**
 * What the first purge that erased a booking did, shown until the practitioner dismisses
 * it; `None` after that (or before such a purge: one that erases nothing leaves no notice).
 */
notice: RetentionNotice | null, 
/**
 * The latest purges and erasures.
 */
log: Array<PurgeEntry>, };

/**
 * One occurrence of a planned series.
 */
export type SeriesOccurrence = { 
/**
 * Start (RFC 3339 with offset).
 */
start: string, 
/**
 * End.
 */
end: string, 
/**
 * Why it cannot be booked as asked (a holiday, taken, outside availability); `null`: free.
 */
problem: string | null, };

/**
 * The result of `create_series`.
 */
export type SeriesOutcome = { 
/**
 * The bookings made (applied or queued), in order.
 */
bookings: Array<NewBookingOutcome>, 
/**
 * The occurrences left out (conflicts the user accepted to skip).
 */
skipped: number, };

/**
 * A series checked before anything is written.
 */
export type SeriesPlan = { 
/**
 * Every occurrence, in order.
 */
occurrences: Array<SeriesOccurrence>, 
/**
 * How many cannot be booked.
 */
conflicts: number, };

/**
 * The user's preferences.
 */
export type Settings = { 
/**
 * The interface language.
 */
language: Language, };

/**
 * One person (or group) with access to a calendar.
 */
export type ShareEntry = { 
/**
 * Google's ACL rule id (to change or revoke it).
 */
ruleId: string, 
/**
 * The person's (or group's) address; `None` for a domain or public rule.
 */
email: string | null, 
/**
 * `user`, `group`, `domain` or `default` (public).
 */
scope: string, 
/**
 * Their role: *Secrétaire* = writer, *Consultation* = reader, *Disponibilités seulement* =
 * freeBusyReader, or owner.
 */
role: AccessRole, 
/**
 * The linked account itself.
 */
isYou: boolean, };

/**
 * One agenda of the sheet.
 */
export type SheetAgenda = { 
/**
 * The calendar id.
 */
calendarId: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Its zone (IANA), in which the times are given.
 */
timeZone: string, 
/**
 * Its days with appointments, in order.
 */
days: Array<SheetDay>, };

/**
 * The attendance mark printed on a row.
 */
export type SheetAttendance = "absent" | "excused";

/**
 * One local day of an agenda.
 */
export type SheetDay = { 
/**
 * The day (`YYYY-MM-DD`).
 */
date: string, 
/**
 * Its appointments, by start.
 */
rows: Array<SheetRow>, };

/**
 * The file a sheet is exported to.
 */
export type SheetFormat = "csv" | "pdf";

/**
 * One appointment on the sheet.
 */
export type SheetRow = { 
/**
 * Start, `HH:MM` (24 h) in the agenda's zone; empty for an all-day appointment.
 */
start: string, 
/**
 * End, the same way.
 */
end: string, 
/**
 * Patient last name (the event's title when no patient is known).
 */
lastName: string, 
/**
 * Patient first name.
 */
firstName: string, 
/**
 * Phone, French numbers written `06 12 34 56 78`, others as stored.
 */
phone: string, 
/**
 * Appointment type.
 */
appointmentType: string, 
/**
 * Attendance mark.
 */
attendance: SheetAttendance | null, 
/**
 * Internal note.
 */
note: string, };

/**
 * What the booking site adds to a booking.
 */
export type SiteInfo = { 
/**
 * `site`, `phone`, `app`…
 */
source: string | null, 
/**
 * When the patient consented (RFC 3339).
 */
consentAt: string | null, 
/**
 * The consent text's version.
 */
consentVersion: string | null, 
/**
 * Confirmation SMS: `pending`, `sent`, `delivered`, `failed`, `none`.
 */
smsConfirmation: string | null, 
/**
 * Reminder SMS, same values.
 */
smsReminder: string | null, };

/**
 * The linked booking site (Réglages → Site de réservation).
 */
export type SiteState = { 
/**
 * A site is linked.
 */
linked: boolean, 
/**
 * Its address.
 */
url: string | null, 
/**
 * The WordPress user.
 */
user: string | null, 
/**
 * The site's name, as it said when linked.
 */
siteName: string | null, 
/**
 * When its records were last pulled (RFC 3339).
 */
lastSync: string | null, 
/**
 * The site's own link to Google at the last sync: `ok`, `revoked` (online booking stopped
 * until the practitioner links it again in WordPress), `unlinked`, or `null` (a site that
 * does not say: API 1.0).
 */
google: string | null, };

/**
 * *Aperçu patient*: what patients would be offered in one week.
 */
export type SlotPreview = { 
/**
 * The Monday of the week, `YYYY-MM-DD`.
 */
weekStart: string, 
/**
 * The zone of the times.
 */
timeZone: string, 
/**
 * Per appointment type, in the configuration's order.
 */
types: Array<PreviewType>, 
/**
 * The change of the clocks in the week, if the zone has one then.
 */
clockChange: ClockChange | null, };

/**
 * A character that forces UCS-2, where it is in the text, and its GSM replacement.
 */
export type SmsCharacter = { 
/**
 * The character.
 */
character: string, 
/**
 * Its position in the text as typed, in UTF-16 units (JavaScript string index).
 */
index: number, 
/**
 * The GSM replacement (may be empty: remove it), `null` when there is none.
 */
replacement: string | null, };

/**
 * An SMS text checked and counted on its realistic preview.
 */
export type SmsCheck = { 
/**
 * `GSM-7` or `UCS-2`.
 */
encoding: string, 
/**
 * Units (septets or UTF-16 units) of the preview.
 */
units: number, 
/**
 * SMS billed per sending.
 */
segments: number, 
/**
 * Units per segment (160/153 or 70/67).
 */
perSegment: number, 
/**
 * Units left in the last segment.
 */
remainingInSegment: number, 
/**
 * The characters of the text that force UCS-2.
 */
ucs2Characters: Array<SmsCharacter>, 
/**
 * The preview with realistic long values.
 */
preview: string, 
/**
 * What blocks validating it (French).
 */
problems: Array<string>, 
/**
 * Two SMS or more.
 */
costsSeveral: boolean, 
/**
 * The text with every replaceable character replaced (one click).
 */
gsmVersion: string, };

/**
 * The site's SMS texts, each checked.
 */
export type SmsTextsState = { 
/**
 * Confirmation text.
 */
confirmation: string, 
/**
 * Day-before reminder text.
 */
reminder: string, 
/**
 * Cancellation text.
 */
cancellation: string, 
/**
 * Its check.
 */
confirmationCheck: SmsCheck, 
/**
 * Its check.
 */
reminderCheck: SmsCheck, 
/**
 * Its check.
 */
cancellationCheck: SmsCheck, 
/**
 * The practitioner's name used by `{praticien}`.
 */
practitioner: string, 
/**
 * Price per SMS segment in euros (decimal string).
 */
pricePerSegment: string | null, };

/**
 * SMS usage, current and previous month.
 */
export type SmsUsageView = { 
/**
 * This month so far.
 */
current: UsageMonth, 
/**
 * Last month (billed).
 */
previous: UsageMonth, };

/**
 * What is wrong with an event's times as Google holds them. Google refuses to *create* an
 * event whose end is before its start (`400 timeRangeEmpty`) but accepts one whose end is its
 * start, and older or imported items may hold either: such an event is kept and shown at its
 * start, with no length, and flagged with its issue so the user can correct it in Google.
 */
export type SpanIssue = "noLength" | "endBeforeStart";

/**
 * What the window shows at start: the app, or the recovery screen. The UI asks this first
 * (`startup_state`), before any other command — the app's commands answer only once a
 * database is open.
 */
export type StartupState = { "state": "ready" } | { "state": "recovery", 
/**
 * Why, what was read, what can be done.
 */
info: RecoveryInfo, };

/**
 * Where synchronisation stands.
 */
export type SyncState = "noAccount" | "idle" | "syncing" | "offline" | "error";

/**
 * The sync status shown in the UI and the tray.
 */
export type SyncStatus = { 
/**
 * The current state.
 */
state: SyncState, 
/**
 * When the last sync succeeded (RFC 3339, UTC), if ever.
 */
lastSuccessAt: string | null, 
/**
 * What went wrong, for `offline` and `error`.
 */
message: string | null, };

/**
 * One of the day's next appointments in the tray menu.
 */
export type TrayAppointment = { 
/**
 * Its calendar.
 */
calendarId: string, 
/**
 * The occurrence id (for its details).
 */
id: string, 
/**
 * « 09:30  Consultation » (privacy mode) or « 09:30  Jeanne Martin – Consultation ».
 */
label: string, };

/**
 * What the tray shows.
 */
export type TrayModel = { 
/**
 * Icon state.
 */
state: TrayState, 
/**
 * Tooltip: the next appointment.
 */
tooltip: string, 
/**
 * The sync state line.
 */
syncLine: string, 
/**
 * The day's next appointments.
 */
next: Array<TrayAppointment>, 
/**
 * *Ne pas déranger* until (RFC 3339).
 */
dndUntil: string | null, };

/**
 * The tray icon's state.
 */
export type TrayState = "normal" | "offline" | "reconnectNeeded" | "doNotDisturb";

/**
 * One month of SMS.
 */
export type UsageMonth = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Messages sent.
 */
messages: number, 
/**
 * Segments billed.
 */
segments: number, 
/**
 * Cost in euros (decimal string).
 */
cost: string, 
/**
 * Price per segment (decimal string).
 */
pricePerSegment: string, };

/**
 * Which weeks a template applies to, by ISO 8601 week number (weeks start on Monday; week 1
 * holds the year's first Thursday).
 *
 * Note: a year with 53 ISO weeks (2026, 2032…) ends with week 53, odd, followed by week 1, odd:
 * an odd-week template then applies two weeks in a row.
 */
export type WeekParity = "toutes" | "impaires" | "paires";

/**
 * One opening range of a weekly template: the same local times on each of `days`.
 */
export type WeeklyRange = { 
/**
 * The days it repeats on (read from a file, each once: see [`distinct_days`]).
 */
days: Array<Day>, 
/**
 * Local start time (`HH:MM`).
 */
start: string, 
/**
 * Local end time (`HH:MM`), after the start on the same day.
 */
end: string, 
/**
 * The appointment type ids it is open for. Absent: every type.
 */
types?: Array<string>, };

/**
 * A weekly template: ranges repeated every (or every other) week over a validity period.
 */
export type WeeklyTemplate = { 
/**
 * Stable id (later written as `rdv.template` on the availability events it produces).
 */
id: string, 
/**
 * A name for people (« Semaine A »).
 */
name?: string, 
/**
 * First day it applies, **inclusive**. Absent: since always.
 */
validFrom?: string, 
/**
 * Last day it applies, **inclusive** (« jusqu'au 30 juin »). Absent: for ever.
 */
validUntil?: string, 
/**
 * Every week, or odd / even ISO weeks only.
 */
weeks: WeekParity, 
/**
 * The opening ranges.
 */
ranges: Array<WeeklyRange>, };

/** The longest internal note (`rdv.note`) and cancellation reason, in characters (Unicode code points, as `[...text.trim()].length` counts them) once trimmed. */
export const NOTE_MAX_CHARS = 200;

/** The roles an owner can give from the app, most useful first (never `owner`). */
export const GRANTABLE_ROLES = ["writer","reader","freeBusyReader"] as const;

/** The most appointments a series (*Nouveau rendez-vous*) may have, and the longest gap between two of them in weeks. */
export const SERIES_MAX = 52;
export const SERIES_MAX_EVERY_WEEKS = 12;
