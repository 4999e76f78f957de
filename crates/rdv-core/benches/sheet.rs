//! `cargo bench -p rdv-core --bench sheet`: what the day sheet's files cost for the largest sheet
//! allowed — two agendas over 92 days, 30 appointments a day each (5,520 rows) — and for one busy
//! day (two agendas, 30 each): the rows, the CSV and the PDF (its size printed).
//! docs/PERFORMANCE.md records the figures.

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rdv_core::Language;
use rdv_core::sheet::csv::to_csv;
use rdv_core::sheet::pdf::to_pdf;
use rdv_core::sheet::{SheetAgendaInput, SheetBooking, day_sheet};
use std::hint::black_box;

fn bookings(days: i64) -> Vec<SheetBooking> {
    let first = Utc.with_ymd_and_hms(2027, 1, 4, 7, 0, 0).unwrap();
    let mut out = Vec::new();
    for d in 0..days {
        for (cal, offset) in [("cab", 0), ("kine", 5)] {
            for i in 0..30 {
                let start = first + TimeDelta::days(d) + TimeDelta::minutes(20 * i + offset);
                out.push(SheetBooking {
                    last_name: Some(format!("Lefèvre-{i}")),
                    first_name: Some("Élodie".into()),
                    phone: Some("+33612345678".into()),
                    appointment_type: Some("Consultation".into()),
                    note: Some("apporter l'ordonnance".into()),
                    ..SheetBooking::at(cal, start, start + TimeDelta::minutes(20))
                });
            }
        }
    }
    out
}

#[allow(clippy::print_stdout, reason = "the figures are the bench's output")]
fn sheet(c: &mut Criterion) {
    let paris = chrono_tz::Europe::Paris;
    let agendas = [
        SheetAgendaInput::new("cab", "Dr Laurent", paris),
        SheetAgendaInput::new("kine", "Kiné", paris),
    ];
    let from: NaiveDate = "2027-01-04".parse().expect("a date");
    for (label, days) in [("1 day", 1), ("92 days", 92)] {
        let input = bookings(days);
        let to = from + TimeDelta::days(days - 1);
        let sheet = day_sheet(&agendas, &input, from, to).expect("a sheet");
        let pdf = to_pdf(&sheet, Language::Fr);
        println!(
            "sheet {label}: {} rows, CSV {} bytes, PDF {} bytes",
            sheet.row_count(),
            to_csv(&sheet, Language::Fr).len(),
            pdf.len()
        );
        c.bench_function(&format!("day sheet rows, {label}"), |b| {
            b.iter(|| day_sheet(&agendas, black_box(&input), from, to))
        });
        c.bench_function(&format!("day sheet CSV, {label}"), |b| {
            b.iter(|| to_csv(black_box(&sheet), Language::Fr))
        });
        c.bench_function(&format!("day sheet PDF, {label}"), |b| {
            b.iter(|| to_pdf(black_box(&sheet), Language::Fr))
        });
    }
}

criterion_group!(benches, sheet);
criterion_main!(benches);
