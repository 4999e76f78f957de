//! The sheet as a CSV file for a spreadsheet, written for French Excel as it opens a file by a
//! double click:
//!
//! - **`;` between cells**: in a French locale Excel's list separator is `;` (the comma is the
//!   decimal separator), so a `,`-separated file opens as one column;
//! - **a UTF-8 byte-order mark** first: without it Excel reads the file as Windows-1252 and
//!   `Lefèvre` becomes `LefÃ¨vre`; LibreOffice and Numbers accept it;
//! - otherwise RFC 4180: CRLF line ends, a header line, a cell holding `;`, `"` or a line break
//!   quoted with `"` and its `"` doubled;
//! - **no formula**: a cell starting with `=`, `+`, `-`, `@` (or a tab or carriage return) is
//!   prefixed with `'`, so a name typed `=HYPERLINK(…)` on a booking site is shown, never run
//!   (OWASP's *CSV injection*). French phones are written `06 12 34 56 78` and need none.
//!
//! One line per appointment: agenda, date (`YYYY-MM-DD`), start, end, last name, first name,
//! phone, type, attendance, note.

use super::{DaySheet, headings};
use crate::Language;

/// The separator between cells.
pub const SEPARATOR: char = ';';

/// The byte-order mark the file starts with.
pub const BOM: &str = "\u{feff}";

/// The sheet as CSV text (starting with [`BOM`]), headings in `language`.
pub fn to_csv(sheet: &DaySheet, language: Language) -> String {
    let h = headings(language);
    let mut out = String::from(BOM);
    line(
        &mut out,
        &[
            h.agenda,
            h.date,
            h.start,
            h.end,
            h.last_name,
            h.first_name,
            h.phone,
            h.appointment_type,
            h.attendance,
            h.note,
        ],
    );
    for agenda in &sheet.agendas {
        for day in &agenda.days {
            for r in &day.rows {
                let start = if r.start.is_empty() {
                    h.all_day
                } else {
                    &r.start
                };
                line(
                    &mut out,
                    &[
                        &agenda.name,
                        &day.date,
                        start,
                        &r.end,
                        &r.last_name,
                        &r.first_name,
                        &r.phone,
                        &r.appointment_type,
                        r.attendance.map(|a| a.label(language)).unwrap_or_default(),
                        &r.note,
                    ],
                );
            }
        }
    }
    out
}

fn line(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(SEPARATOR);
        }
        out.push_str(&cell_text(cell));
    }
    out.push_str("\r\n");
}

/// One cell: defused, then quoted when needed.
pub fn cell_text(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([SEPARATOR, '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}
