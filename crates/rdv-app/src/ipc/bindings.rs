//! The TypeScript bindings of the IPC types (`ui/src/lib/ipc/bindings.ts`) and the JSON shape
//! of the error.

use super::*;
use rdv_core::Language;
use std::path::PathBuf;
use ts_rs::Config;

const HEADER: &str = "// This file is generated from the Rust types by `cargo test -p rdv-app` (ts-rs). Do not edit.\n";

/// One declaration, with its Rust doc comment as JSDoc.
fn declaration<T: TS>(cfg: &Config) -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}", T::decl(cfg))
}

fn generated() -> String {
    let cfg = Config::default();
    let mut decls = [
        declaration::<AccessRole>(&cfg),
        declaration::<AccountState>(&cfg),
        declaration::<AgendaEvent>(&cfg),
        declaration::<AppInfo>(&cfg),
        declaration::<Booking>(&cfg),
        declaration::<CalendarInfo>(&cfg),
        declaration::<AddedCalendar>(&cfg),
        declaration::<EventKind>(&cfg),
        declaration::<SpanIssue>(&cfg),
        declaration::<AppointmentOrigin>(&cfg),
        declaration::<AppointmentPolicy>(&cfg),
        declaration::<Patient>(&cfg),
        declaration::<PatientHistory>(&cfg),
        declaration::<SyncState>(&cfg),
        declaration::<SyncStatus>(&cfg),
        declaration::<ErrorCode>(&cfg),
        declaration::<IpcError>(&cfg),
        declaration::<KeychainStatus>(&cfg),
        declaration::<StartupState>(&cfg),
        declaration::<RecoveryReason>(&cfg),
        declaration::<RecoveryInfo>(&cfg),
        declaration::<Language>(&cfg),
        declaration::<Settings>(&cfg),
        declaration::<AppointmentType>(&cfg),
        declaration::<AvailabilityState>(&cfg),
        declaration::<Closure>(&cfg),
        declaration::<ConfigProblem>(&cfg),
        declaration::<ClockChange>(&cfg),
        declaration::<ClockDirection>(&cfg),
        declaration::<Day>(&cfg),
        declaration::<Exceptions>(&cfg),
        declaration::<ExtraOpening>(&cfg),
        declaration::<HolidayInfo>(&cfg),
        declaration::<HolidayPolicy>(&cfg),
        declaration::<HolidayRegion>(&cfg),
        declaration::<PlanAction>(&cfg),
        declaration::<PlanChange>(&cfg),
        declaration::<PracticeConfig>(&cfg),
        declaration::<PreviewSlot>(&cfg),
        declaration::<PreviewType>(&cfg),
        declaration::<PublishOutcome>(&cfg),
        declaration::<PublishPreview>(&cfg),
        declaration::<RemovalWarning>(&cfg),
        declaration::<PublishProgress>(&cfg),
        declaration::<SlotPreview>(&cfg),
        declaration::<ShareEntry>(&cfg),
        declaration::<SiteInfo>(&cfg),
        declaration::<SiteState>(&cfg),
        declaration::<SmsCharacter>(&cfg),
        declaration::<SmsCheck>(&cfg),
        declaration::<SmsTextsState>(&cfg),
        declaration::<UsageMonth>(&cfg),
        declaration::<SmsUsageView>(&cfg),
        declaration::<PurgeEntry>(&cfg),
        declaration::<RetentionState>(&cfg),
        declaration::<RetentionNotice>(&cfg),
        declaration::<RetentionPreview>(&cfg),
        declaration::<ErasureMatch>(&cfg),
        declaration::<ErasureReport>(&cfg),
        declaration::<ErasurePart>(&cfg),
        declaration::<ErasurePlace>(&cfg),
        declaration::<ErasureStep>(&cfg),
        declaration::<LockStatus>(&cfg),
        declaration::<ReminderPrefs>(&cfg),
        declaration::<DoNotDisturb>(&cfg),
        declaration::<TrayState>(&cfg),
        declaration::<TrayAppointment>(&cfg),
        declaration::<TrayModel>(&cfg),
        declaration::<Attendance>(&cfg),
        declaration::<BookingAction>(&cfg),
        declaration::<ActionState>(&cfg),
        declaration::<OutboxItem>(&cfg),
        declaration::<ActionOutcome>(&cfg),
        declaration::<ActivityEntry>(&cfg),
        declaration::<WeekParity>(&cfg),
        declaration::<WeeklyRange>(&cfg),
        declaration::<WeeklyTemplate>(&cfg),
        declaration::<DaySheet>(&cfg),
        declaration::<SheetAgenda>(&cfg),
        declaration::<SheetAttendance>(&cfg),
        declaration::<SheetDay>(&cfg),
        declaration::<SheetRow>(&cfg),
        declaration::<SheetFormat>(&cfg),
        declaration::<BookingType>(&cfg),
        declaration::<BookingCalendar>(&cfg),
        declaration::<FreeSlot>(&cfg),
        declaration::<BookingSlots>(&cfg),
        declaration::<DraftField>(&cfg),
        declaration::<BookingSource>(&cfg),
        declaration::<NewBookingDraft>(&cfg),
        declaration::<DraftProblem>(&cfg),
        declaration::<NewBookingState>(&cfg),
        declaration::<NewBookingOutcome>(&cfg),
        declaration::<SeriesOccurrence>(&cfg),
        declaration::<SeriesPlan>(&cfg),
        declaration::<SeriesOutcome>(&cfg),
    ];
    decls.sort_by_key(|d| d.split("export type ").nth(1).map(str::to_owned));
    let mut out = String::from(HEADER);
    for decl in decls {
        out.push('\n');
        out.push_str(&decl);
        out.push('\n');
    }
    // The core's limits the UI shows as they are (a live counter), written once here.
    out.push_str(&format!(
        "\n/** The longest internal note (`rdv.note`) and cancellation reason, in characters \
         (Unicode code points, as `[...text.trim()].length` counts them) once trimmed. */\n\
         export const NOTE_MAX_CHARS = {};\n",
        rdv_core::conventions::NOTE_MAX_CHARS
    ));
    out.push_str(&format!(
        "\n/** The roles an owner can give from the app, most useful first (never `owner`). */\n\
         export const GRANTABLE_ROLES = {} as const;\n",
        serde_json::to_string(&crate::sharing::GRANTABLE_ROLES).unwrap_or_default()
    ));
    out.push_str(&format!(
        "\n/** The most appointments a series (*Nouveau rendez-vous*) may have, and the longest gap \
         between two of them in weeks. */\n\
         export const SERIES_MAX = {};\nexport const SERIES_MAX_EVERY_WEEKS = {};\n",
        rdv_core::booking::SERIES_MAX,
        rdv_core::booking::SERIES_MAX_EVERY_WEEKS
    ));
    out
}

#[test]
fn the_committed_typescript_bindings_are_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/bindings.ts");
    let want = generated();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is out of date with the Rust IPC types; regenerate it with \
         `UPDATE_BINDINGS=1 cargo test -p rdv-app bindings` and commit it.\n--- expected:\n{want}",
        path.display()
    );
}

#[test]
fn an_error_serialises_as_code_and_message_only() {
    let e = IpcError {
        code: ErrorCode::KeychainLocked,
        message: "m".into(),
    };
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        serde_json::json!({ "code": "keychainLocked", "message": "m" })
    );
}

#[test]
fn keychain_status_is_tagged_by_state() {
    let s = KeychainStatus::Locked {
        message: "m".into(),
    };
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        serde_json::json!({ "state": "locked", "message": "m" })
    );
    assert_eq!(
        serde_json::to_value(KeychainStatus::Available).unwrap(),
        serde_json::json!({ "state": "available" })
    );
}
