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
patientName: string | null, };

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
bookedAt: string | null, };

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
selected: boolean, };

/**
 * The failures the UI treats differently. Add a code only when the UI does something different.
 */
export type ErrorCode = "keychainLocked" | "keychainUnavailable" | "notificationsUnavailable" | "reconnectNeeded" | "offline" | "oauthDenied" | "oauthCancelled" | "noAccount" | "notConfigured" | "internal";

/**
 * What an event is.
 */
export type EventKind = "booking" | "availability" | "other";

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
email: string | null, };

/**
 * The user's preferences.
 */
export type Settings = { 
/**
 * The interface language.
 */
language: Language, };

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
