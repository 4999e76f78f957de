//! The sheet as a PDF: A4 portrait, the title (the day or the range) on every page, one agenda
//! per page (a long one continues on the next, its column headings repeated), a table of the
//! appointments under each day, `page n / N` at the foot.
//!
//! Written with `pdf-writer` (the low-level writer of the Typst project: no IO, no font
//! parsing) in the standard **Helvetica** every PDF reader has, with its **WinAnsi** encoding,
//! which holds every letter of French (`é è ê à ç œ Œ É…`): the text is real text — selectable,
//! searchable, extracted by `pdftotext` — and no font is embedded (a busy day of 60 rows is
//! about 25 kB; docs/PERFORMANCE.md). A character outside WinAnsi (a name in another script)
//! prints as `?`. A cell too long for its column is cut with `…`, measured with Helvetica's own
//! widths.

use super::{DaySheet, SheetRow, headings, long_date, parse_day};
use crate::Language;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 40.0;
const ROW_H: f32 = 15.0;
const BODY: f32 = 9.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// Column starts (from the left margin) and widths: time, patient, phone, type, attendance, note.
const COLUMNS: [(f32, f32); 6] = [
    (0.0, 66.0),
    (66.0, 140.0),
    (206.0, 84.0),
    (290.0, 90.0),
    (380.0, 52.0),
    (432.0, 83.0),
];

/// The sheet as a PDF file, in `language`.
pub fn to_pdf(sheet: &DaySheet, language: Language) -> Vec<u8> {
    let pages = layout(sheet, language);
    let total = pages.len();
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    let page_ref = |i: usize, part: i32| Ref::new(first + 2 * i as i32 + part);
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..total).map(|i| page_ref(i, 0)))
        .count(total as i32);
    pdf.document_info(info)
        .title(TextStr(&sheet.title(language)))
        .creator(TextStr("RDV Compagnon"));
    for font in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(font.0)
            .base_font(Name(font.1.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let footer_title = sheet.title(language);
    for (i, mut content) in pages.into_iter().enumerate() {
        let footer = match language {
            Language::Fr => format!("{footer_title} — page {} / {total}", i + 1),
            Language::En => format!("{footer_title} — page {} of {total}", i + 1),
        };
        text(&mut content, REGULAR, 8.0, MARGIN, MARGIN / 2.0, &footer);
        let mut page = pdf.page(page_ref(i, 0));
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(page_ref(i, 1));
        page.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        page.finish();
        pdf.stream(page_ref(i, 1), &content.finish());
    }
    pdf.finish()
}

/// Lays the sheet out into pages (their content without the footer).
fn layout(sheet: &DaySheet, language: Language) -> Vec<Content> {
    let h = headings(language);
    let title = sheet.title(language);
    let one_day = sheet.from == sheet.to;
    let mut pages = Vec::new();
    for agenda in &sheet.agendas {
        let continued = match language {
            Language::Fr => format!("{} (suite)", agenda.name),
            Language::En => format!("{} (continued)", agenda.name),
        };
        let mut page = Page::new(&title, &agenda.name);
        if agenda.days.is_empty() {
            page.line(REGULAR, 10.0, h.none);
        }
        for day in &agenda.days {
            if !one_day {
                page.need(ROW_H * 3.0, &title, &continued, &mut pages);
                page.y -= 4.0;
                page.line(
                    BOLD,
                    10.5,
                    &capitalised(&long_date(parse_day(&day.date), language)),
                );
            }
            page.header_row(language);
            for row in &day.rows {
                if page.need(ROW_H, &title, &continued, &mut pages) {
                    page.header_row(language);
                }
                page.row(row, language);
            }
        }
        pages.push(page.content);
    }
    pages
}

/// The page being filled, and where.
struct Page {
    content: Content,
    y: f32,
}

impl Page {
    /// A new page: the sheet's `title`, then the agenda's `heading`.
    fn new(title: &str, heading: &str) -> Self {
        let mut content = Content::new();
        let mut y = PAGE_H - MARGIN - 14.0;
        text(&mut content, BOLD, 15.0, MARGIN, y, title);
        y -= 24.0;
        text(&mut content, BOLD, 12.0, MARGIN, y, heading);
        y -= 10.0;
        Self { content, y }
    }

    /// Starts a new page when less than `height` is left; whether it did.
    fn need(&mut self, height: f32, title: &str, heading: &str, pages: &mut Vec<Content>) -> bool {
        if self.y - height >= MARGIN + 10.0 {
            return false;
        }
        let full = std::mem::replace(self, Page::new(title, heading));
        pages.push(full.content);
        true
    }

    fn line(&mut self, font: Name<'static>, size: f32, s: &str) {
        self.y -= size + 6.0;
        text(&mut self.content, font, size, MARGIN, self.y, s);
    }

    fn header_row(&mut self, language: Language) {
        let h = headings(language);
        let cells = [
            h.time,
            h.patient,
            h.phone,
            h.appointment_type,
            h.attendance,
            h.note,
        ];
        self.cells(BOLD, &cells.map(str::to_owned));
        self.rule(0.8, 0.0);
    }

    fn row(&mut self, r: &SheetRow, language: Language) {
        let time = if r.start.is_empty() {
            headings(language).all_day.to_owned()
        } else {
            format!("{}–{}", r.start, r.end)
        };
        let patient = [r.last_name.as_str(), r.first_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let cells = [
            time,
            patient,
            r.phone.clone(),
            r.appointment_type.clone(),
            r.attendance
                .map(|a| a.label(language).to_owned())
                .unwrap_or_default(),
            r.note.clone(),
        ];
        self.cells(REGULAR, &cells);
        self.rule(0.3, 0.6);
    }

    fn cells(&mut self, font: Name<'static>, cells: &[String; 6]) {
        self.y -= ROW_H;
        for ((x, w), cell) in COLUMNS.iter().zip(cells) {
            let fitted = fit(cell, w - 4.0, BODY, font == BOLD);
            text(
                &mut self.content,
                font,
                BODY,
                MARGIN + x,
                self.y + 4.0,
                &fitted,
            );
        }
    }

    fn rule(&mut self, width: f32, gray: f32) {
        self.content
            .save_state()
            .set_line_width(width)
            .set_stroke_gray(gray)
            .move_to(MARGIN, self.y)
            .line_to(PAGE_W - MARGIN, self.y)
            .stroke()
            .restore_state();
    }
}

fn text(content: &mut Content, font: Name<'static>, size: f32, x: f32, y: f32, s: &str) {
    content
        .begin_text()
        .set_font(font, size)
        .next_line(x, y)
        .show(Str(&win_ansi(s)))
        .end_text();
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `s` cut with `…` to fit `width` points at `size`.
fn fit(s: &str, width: f32, size: f32, bold: bool) -> String {
    let measure = |s: &str| s.chars().map(|c| glyph_width(c, bold)).sum::<f32>() * size / 1000.0;
    if measure(s) <= width {
        return s.to_owned();
    }
    let ellipsis = glyph_width('…', bold) * size / 1000.0;
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        let w = glyph_width(c, bold) * size / 1000.0;
        if used + w + ellipsis > width {
            break;
        }
        used += w;
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Helvetica's advance width of `c` (1/1000 em, from Adobe's AFM); accented letters have
/// their base letter's width; the bold face is taken 10 % wider (enough for cutting).
fn glyph_width(c: char, bold: bool) -> f32 {
    #[rustfmt::skip]
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];
    let base = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        'ÿ' => 'y',
        'ñ' => 'n',
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => 'A',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'Î' | 'Ï' | 'Í' | 'Ì' => 'I',
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'O',
        'Ù' | 'Û' | 'Ü' | 'Ú' => 'U',
        'Ç' => 'C',
        'Ÿ' => 'Y',
        other => other,
    };
    let w = match base {
        ' '..='~' => f32::from(ASCII[base as usize - 32]),
        'œ' => 944.0,
        'Œ' | 'Æ' => 1000.0,
        'æ' => 889.0,
        '…' | '—' => 1000.0,
        '–' => 556.0,
        _ => 556.0,
    };
    if bold { w * 1.1 } else { w }
}

/// `s` in WinAnsiEncoding (Windows-1252), the encoding the fonts are declared with; a character
/// it lacks becomes `?`, a narrow or no-break space a space.
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '\u{202f}' | '\u{2009}' => b' ',
            _ => WIN_ANSI_HIGH
                .iter()
                .find(|(u, _)| *u == c)
                .map_or(b'?', |(_, b)| *b),
        })
        .collect()
}

/// The characters of Windows-1252's 0x80–0x9F.
pub(crate) const WIN_ANSI_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];
