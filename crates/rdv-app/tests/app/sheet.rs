//! The day's sheet and the bookings a change of availability meets, against the sandbox at the
//! pinned instant (Monday 2 March 2026, 09:00 in Paris): read from the cache with no request to
//! Google, exported through the desktop's save dialog, refused with a sentence when asked wrong.

use crate::fixtures::app_with;
use rdv_app::ipc::{ActionState, BookingAction, ErrorCode, SheetFormat};
use rdv_app::ports::{Desktop, FileChoice};
use rdv_core::Language;
use rdv_core::availability::Closure;
use rdv_sandbox::PRACTITIONER;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A desktop whose save dialog answers what the test queued, and remembers what it was asked.
#[derive(Default)]
pub(crate) struct SaveDialog {
    answers: Mutex<VecDeque<Option<PathBuf>>>,
    pub(crate) asked: Mutex<Vec<FileChoice>>,
}

impl SaveDialog {
    pub(crate) fn answer(&self, choice: Option<PathBuf>) {
        self.answers.lock().unwrap().push_back(choice);
    }
}

impl Desktop for SaveDialog {
    fn open_contact_link(&self, _: &str) -> Result<(), String> {
        Ok(())
    }
    fn choose_file(&self, choice: FileChoice) -> Result<Option<PathBuf>, String> {
        self.asked.lock().unwrap().push(choice);
        Ok(self
            .answers
            .lock()
            .unwrap()
            .pop_front()
            .expect("a queued answer"))
    }
    fn autostart(&self) -> Result<bool, String> {
        Ok(false)
    }
    fn set_autostart(&self, enabled: bool) -> Result<bool, String> {
        Ok(enabled)
    }
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Vec<String> {
    vec![PRACTITIONER.to_owned()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_day_sheet_lists_the_days_bookings_from_the_cache_without_asking_google() {
    let dialog = Arc::new(SaveDialog::default());
    let fresh = app_with(dialog.clone());
    let app = &fresh.app;
    app.start_demo().await.unwrap();
    app.sync_now().await;
    let control = app.sandbox_control().await.unwrap();

    // What the agenda shows of Tuesday 3 March, in Paris.
    let tuesday = app
        .agenda_events("2026-03-03T00:00:00+01:00", "2026-03-04T00:00:00+01:00")
        .unwrap();
    let booked: Vec<&rdv_app::ipc::AgendaEvent> = tuesday
        .iter()
        .filter(|e| e.kind == rdv_app::ipc::EventKind::Booking)
        .collect();
    assert!(booked.len() >= 2, "the demo has bookings on Tuesday");

    control.reset_requests();
    let sheet = app
        .day_sheet(&cal(), day("2026-03-03"), day("2026-03-03"))
        .unwrap();
    assert!(
        control.requests().is_empty(),
        "the sheet reads the cache only"
    );
    assert_eq!(sheet.agendas.len(), 1);
    let rows = &sheet.agendas[0].days[0].rows;
    let starts: Vec<String> = booked.iter().map(|e| e.start[11..16].to_owned()).collect();
    assert_eq!(
        rows.iter().map(|r| r.start.clone()).collect::<Vec<_>>(),
        starts,
        "one row per booking of the day, at the agenda's times"
    );
    assert!(
        rows.iter()
            .all(|r| !r.last_name.is_empty() && r.phone.starts_with('0'))
    );

    // Cancelled: off the sheet.
    let first = app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .find(|b| b.start.starts_with("2026-03-03"))
        .unwrap();
    let outcome = app
        .act_on_booking(
            PRACTITIONER,
            &first.id,
            BookingAction::Cancel { reason: None },
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Applied);
    let after = app
        .day_sheet(&cal(), day("2026-03-03"), day("2026-03-03"))
        .unwrap();
    assert_eq!(after.row_count(), sheet.row_count() - 1);

    // Exported: asked where, written; cancelled: nothing.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mardi.csv");
    dialog.answer(Some(csv.clone()));
    let written = app
        .export_day_sheet_chosen(
            &cal(),
            day("2026-03-02"),
            day("2026-03-06"),
            SheetFormat::Csv,
        )
        .unwrap();
    assert_eq!(written.as_deref(), Some(csv.to_str().unwrap()));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with(
            "\u{feff}Agenda;Date;Début;Fin;Nom;Prénom;Téléphone;Motif;Présence;Note\r\n"
        )
    );
    assert!(text.contains(";2026-03-03;") && text.contains(";2026-03-06;"));
    assert_eq!(
        dialog.asked.lock().unwrap().as_slice(),
        [FileChoice::ExportDaySheet {
            format: SheetFormat::Csv,
            from: day("2026-03-02")
        }]
    );
    let pdf = dir.path().join("mardi.pdf");
    dialog.answer(Some(pdf.clone()));
    app.export_day_sheet_chosen(
        &cal(),
        day("2026-03-03"),
        day("2026-03-03"),
        SheetFormat::Pdf,
    )
    .unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    dialog.answer(None);
    assert_eq!(
        app.export_day_sheet_chosen(
            &cal(),
            day("2026-03-03"),
            day("2026-03-03"),
            SheetFormat::Pdf
        )
        .unwrap(),
        None
    );

    // Asked wrong: a sentence in the user's language, and no dialog.
    let asked = dialog.asked.lock().unwrap().len();
    for (ids, from, to, fr) in [
        (
            vec!["inconnu@example.fr".to_owned()],
            "2026-03-03",
            "2026-03-03",
            "n'est pas affiché",
        ),
        (cal(), "2026-03-04", "2026-03-03", "avant le premier"),
        (cal(), "2026-03-01", "2026-12-31", "au plus 92 jours"),
        (vec![], "2026-03-03", "2026-03-03", "au moins un agenda"),
    ] {
        let err = app
            .export_day_sheet_chosen(&ids, day(from), day(to), SheetFormat::Csv)
            .unwrap_err()
            .into_ipc(Language::Fr);
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains(fr), "{}", err.message);
    }
    assert_eq!(
        dialog.asked.lock().unwrap().len(),
        asked,
        "refused before any dialog"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closure_lists_the_bookings_it_covers_who_then_move_off_the_list() {
    let fresh = app_with(Arc::new(rdv_app::ports::NoDesktop));
    let app = &fresh.app;
    app.start_demo().await.unwrap();
    app.sync_now().await;
    let state = app.availability(PRACTITIONER).await.unwrap();
    let published = state.config.clone();
    let control = app.sandbox_control().await.unwrap();

    control.reset_requests();
    assert!(
        app.bookings_affected(PRACTITIONER, &published)
            .unwrap()
            .is_empty(),
        "no change: nobody to call"
    );
    let mut closed = published.clone();
    closed
        .exceptions
        .closures
        .push(Closure::days(day("2026-03-03"), day("2026-03-03")));
    let affected = app.bookings_affected(PRACTITIONER, &closed).unwrap();
    assert!(control.requests().is_empty(), "computed from the cache");
    let tuesday: Vec<_> = app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .filter(|b| b.start.starts_with("2026-03-03"))
        .collect();
    assert!(!affected.is_empty());
    assert_eq!(
        affected.iter().map(|b| &b.id).collect::<Vec<_>>(),
        tuesday.iter().map(|b| &b.id).collect::<Vec<_>>(),
        "Tuesday's bookings, each with what the list shows"
    );
    assert!(
        affected
            .iter()
            .all(|b| b.patient.phone.is_some() && b.can_edit)
    );

    // Moved to Thursday with the booking actions: off the list.
    let moved = &affected[0];
    let options = app
        .move_options(PRACTITIONER, &moved.event_id, day("2026-03-05"))
        .unwrap();
    app.act_on_booking(
        PRACTITIONER,
        &moved.event_id,
        BookingAction::Move {
            start: options[0].clone(),
            force: false,
        },
    )
    .await
    .unwrap();
    let after = app.bookings_affected(PRACTITIONER, &closed).unwrap();
    assert_eq!(after.len(), affected.len() - 1);
    assert!(after.iter().all(|b| b.id != moved.id));
}
