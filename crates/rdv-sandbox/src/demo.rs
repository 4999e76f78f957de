//! The demo practice ([`crate::Seed::Demo`]): Dr Camille Laurent's agenda in `Europe/Paris`,
//! written as docs/calendar-conventions.md says — two weeks of weekly availability (recurring,
//! transparent, private, `rdv.kind=availability`) from the Monday of `now`'s week, about forty
//! bookings inside it (`rdv.kind=booking` with the four patient fields), a few *autre* events,
//! and the secretary's account with `writer` access (the ACL rule; she adds the agenda to her
//! list). A seeded PRNG keeps it stable. The booking site holds one record per booking
//! (`crate::site::demo`).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Europe::Paris;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use crate::time::{local_to_utc, render_in, seconds_z};
use crate::world::{Role, World};
use crate::{PRACTITIONER, SECRETARY};

/// An appointment type (*motif*) of the demo practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentType {
    /// Id used in `rdv.type`.
    pub id: &'static str,
    /// French label, first word of a booking's summary.
    pub label: &'static str,
    /// Duration in minutes.
    pub minutes: u32,
}

/// The demo practice's appointment types.
pub const DEMO_APPOINTMENT_TYPES: [AppointmentType; 3] = [
    AppointmentType {
        id: "consultation",
        label: "Consultation",
        minutes: 30,
    },
    AppointmentType {
        id: "premiere-consultation",
        label: "Première consultation",
        minutes: 60,
    },
    AppointmentType {
        id: "suivi",
        label: "Suivi",
        minutes: 20,
    },
];

/// One weekly opening range: weekday, start, end (hour, minute), appointment types (`None` =
/// all).
type Range = (Weekday, (u32, u32), (u32, u32), Option<&'static str>);

/// The weekly opening hours.
const WEEK: &[Range] = &[
    (Weekday::Mon, (9, 0), (12, 30), None),
    (Weekday::Mon, (14, 0), (19, 0), None),
    (Weekday::Tue, (9, 0), (13, 0), None),
    (Weekday::Wed, (14, 0), (18, 0), Some("consultation,suivi")),
    (Weekday::Thu, (9, 0), (12, 30), None),
    (Weekday::Thu, (14, 0), (19, 0), None),
    (Weekday::Fri, (8, 30), (12, 0), Some("consultation,suivi")),
    (Weekday::Sat, (9, 0), (12, 0), None),
];

const FIRST_NAMES: &[&str] = &[
    "Jeanne",
    "Louis",
    "Manon",
    "Lucas",
    "Chloé",
    "Hugo",
    "Léa",
    "Gabriel",
    "Inès",
    "Arthur",
    "Zoé",
    "Jules",
    "Emma",
    "Raphaël",
    "Louise",
    "Nathan",
    "Alice",
    "Thomas",
    "Juliette",
    "Paul",
    "Sarah",
    "Antoine",
    "Clara",
    "Mathis",
    "Margaux",
    "Théo",
    "Élise",
    "Maxime",
    "Anaïs",
    "Bernard",
    "Monique",
    "Françoise",
    "Michel",
    "Sylvie",
    "Philippe",
    "Hélène",
    "Noël",
    "Agnès",
];

const LAST_NAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Fontaine",
    "Chevalier",
    "Le Gall",
    "N'Diaye",
];

/// How many bookings the demo holds.
const BOOKINGS: usize = 40;

fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            Some(match c {
                'à' | 'â' | 'ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
                'î' | 'ï' => 'i',
                'ô' | 'ö' => 'o',
                'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                ' ' | '\'' => '-',
                c if c.is_ascii_alphanumeric() || c == '-' => c.to_ascii_lowercase(),
                _ => return None,
            })
        })
        .collect()
}

fn when(t: DateTime<Utc>) -> Value {
    json!({"dateTime": render_in(t, Paris), "timeZone": "Europe/Paris"})
}

fn at(date: NaiveDate, (h, m): (u32, u32)) -> DateTime<Utc> {
    local_to_utc(
        date.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()),
        Paris,
    )
}

fn insert(world: &mut World, mut event: Value, rng: &mut ChaCha8Rng) -> String {
    let id = crate::ids::event_id(rng);
    event["id"] = json!(id);
    if let Err(e) = world.event_insert(PRACTITIONER, event, PRACTITIONER) {
        tracing::error!(error = %e.body(), "demo seed: event refused");
    }
    id
}

/// Builds the demo practice around `now`.
pub(crate) fn seed(world: &mut World, now: DateTime<Utc>) {
    world.ensure_account(PRACTITIONER, Some("Dr Camille Laurent"));
    world.ensure_account(SECRETARY, Some("Secrétariat du cabinet"));
    if let Some(cal) = world.calendars.get_mut(PRACTITIONER) {
        cal.summary = "Dr Camille Laurent".into();
        cal.description = "Agenda du cabinet – consultations sur rendez-vous".into();
    }
    // Shared as the practitioner's Partage shares it: the rule only; the secretary adds the agenda.
    world.set_rule(PRACTITIONER, "user", Some(SECRETARY), Role::Writer);

    let today = now.with_timezone(&Paris).date_naive();
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let mut rng = ChaCha8Rng::seed_from_u64(0x5244_5643 ^ monday.num_days_from_ce() as u64);
    let until = at(monday + Duration::days(14), (0, 0)) - Duration::seconds(1);

    // Availability: one weekly series per range, for two weeks.
    let mut ranges: Vec<(DateTime<Utc>, DateTime<Utc>, Option<&str>)> = Vec::new();
    let mut cancelled_instance = None;
    for (i, (day, from, to, types)) in WEEK.iter().enumerate() {
        let date = monday + Duration::days(day.num_days_from_monday() as i64);
        let byday = match day {
            Weekday::Mon => "MO",
            Weekday::Tue => "TU",
            Weekday::Wed => "WE",
            Weekday::Thu => "TH",
            Weekday::Fri => "FR",
            Weekday::Sat => "SA",
            Weekday::Sun => "SU",
        };
        let mut private = json!({
            "rdv.v": "1",
            "rdv.kind": "availability",
            "rdv.template": "semaine-type",
        });
        let summary = match types {
            Some(t) => {
                private["rdv.type"] = json!(t);
                "Disponible – Consultation, Suivi"
            }
            None => "Disponible",
        };
        let id = insert(
            world,
            json!({
                "summary": summary,
                "start": when(at(date, *from)),
                "end": when(at(date, *to)),
                "recurrence": [format!("RRULE:FREQ=WEEKLY;UNTIL={};BYDAY={byday}", until.format("%Y%m%dT%H%M%SZ"))],
                "transparency": "transparent",
                "visibility": "private",
                "extendedProperties": {"private": private},
            }),
            &mut rng,
        );
        for week in 0..2 {
            let d = date + Duration::weeks(week);
            // An exceptional closure: the second Thursday afternoon is cancelled, as Google
            // models it (a cancelled instance, notes §4).
            if week == 1 && i == 5 {
                cancelled_instance =
                    Some(format!("{id}_{}", at(d, *from).format("%Y%m%dT%H%M%SZ")));
                continue;
            }
            ranges.push((at(d, *from), at(d, *to), *types));
        }
    }
    if let Some(instance) = cancelled_instance
        && let Err(e) = world.event_delete(PRACTITIONER, &instance, None)
    {
        tracing::error!(error = %e.body(), "demo seed: closure refused");
    }
    ranges.sort();

    // Bookings: walk each range, leaving random gaps, then keep forty of the candidates.
    let mut candidates = Vec::new();
    for (start, end, types) in &ranges {
        let mut cursor = *start;
        loop {
            if rng.gen_bool(0.3) {
                cursor += Duration::minutes(*[10, 20, 30].choose(&mut rng).unwrap_or(&10));
                if cursor >= *end {
                    break;
                }
                continue;
            }
            let kind = match rng.gen_range(0..100) {
                0..=59 => DEMO_APPOINTMENT_TYPES[0],
                60..=79 => DEMO_APPOINTMENT_TYPES[2],
                _ => DEMO_APPOINTMENT_TYPES[1],
            };
            if types.is_some_and(|t| !t.split(',').any(|id| id == kind.id)) {
                continue; // not open for that type: draw again
            }
            let stop = cursor + Duration::minutes(kind.minutes as i64);
            if stop > *end {
                break;
            }
            candidates.push((cursor, stop, kind));
            cursor = stop;
        }
    }
    while candidates.len() > BOOKINGS {
        let i = rng.gen_range(0..candidates.len());
        candidates.remove(i);
    }
    let mut site_bookings = Vec::new();
    for (start, end, kind) in candidates {
        let first = *FIRST_NAMES.choose(&mut rng).unwrap_or(&"Jeanne");
        let last = *LAST_NAMES.choose(&mut rng).unwrap_or(&"Martin");
        let phone = format!(
            "+33{}{:08}",
            if rng.gen_bool(0.85) { 6 } else { 7 },
            rng.gen_range(0..100_000_000u32)
        );
        let email = format!("{}.{}@example.fr", ascii_fold(first), ascii_fold(last));
        let source = if rng.gen_bool(0.8) { "site" } else { "phone" };
        let booked_at = if start <= now {
            start - Duration::seconds(rng.gen_range(3_600..20 * 86_400))
        } else {
            (now - Duration::seconds(rng.gen_range(300..12 * 86_400)))
                .min(start - Duration::seconds(rng.gen_range(3_600..7_200)))
        };
        let id = insert(
            world,
            json!({
                "summary": format!("{} – {first} {last}", kind.label),
                "description": format!("Tél. : {phone}\nE-mail : {email}"),
                "start": when(start),
                "end": when(end),
                "extendedProperties": {"private": {
                    "rdv.v": "1",
                    "rdv.kind": "booking",
                    "rdv.type": kind.id,
                    "rdv.source": source,
                    "rdv.bookedAt": seconds_z(booked_at),
                    "rdv.lastName": last,
                    "rdv.firstName": first,
                    "rdv.phone": phone,
                    "rdv.email": email,
                }},
            }),
            &mut rng,
        );
        site_bookings.push(crate::site::demo::DemoBooking {
            id,
            start,
            appointment_type: kind.id,
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            phone,
            email,
            source,
            booked_at,
        });
    }

    // *Autre* events, outside the opening hours.
    let wednesday = monday + Duration::days(2);
    let tuesday2 = monday + Duration::days(8);
    let sunday2 = monday + Duration::days(13);
    for event in [
        json!({"summary": "Réunion réseau santé", "location": "Maison de santé pluriprofessionnelle",
               "start": when(at(wednesday, (12, 30))), "end": when(at(wednesday, (14, 0)))}),
        json!({"summary": "Dentiste", "start": when(at(tuesday2, (16, 0))), "end": when(at(tuesday2, (17, 0)))}),
        json!({"summary": "Congrès – Journées de médecine générale",
               "start": {"date": sunday2.to_string()}, "end": {"date": (sunday2 + Duration::days(1)).to_string()}}),
    ] {
        insert(world, event, &mut rng);
    }

    // The booking site's records of the same bookings (its own PRNG: the calendar is unchanged).
    crate::site::demo::seed(world, now, &site_bookings);
}
