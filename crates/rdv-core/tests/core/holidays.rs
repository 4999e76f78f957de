//! French public holidays 2024–2030, against the published calendars.

use chrono::NaiveDate;
use rdv_core::availability::{Holiday, HolidayRegion, easter_sunday, holiday_on, holidays};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// year, Easter Sunday, Lundi de Pâques, Ascension, Lundi de Pentecôte, Vendredi saint.
const MOVABLE: [(i32, &str, &str, &str, &str, &str); 7] = [
    (
        2024,
        "2024-03-31",
        "2024-04-01",
        "2024-05-09",
        "2024-05-20",
        "2024-03-29",
    ),
    (
        2025,
        "2025-04-20",
        "2025-04-21",
        "2025-05-29",
        "2025-06-09",
        "2025-04-18",
    ),
    (
        2026,
        "2026-04-05",
        "2026-04-06",
        "2026-05-14",
        "2026-05-25",
        "2026-04-03",
    ),
    (
        2027,
        "2027-03-28",
        "2027-03-29",
        "2027-05-06",
        "2027-05-17",
        "2027-03-26",
    ),
    (
        2028,
        "2028-04-16",
        "2028-04-17",
        "2028-05-25",
        "2028-06-05",
        "2028-04-14",
    ),
    (
        2029,
        "2029-04-01",
        "2029-04-02",
        "2029-05-10",
        "2029-05-21",
        "2029-03-30",
    ),
    (
        2030,
        "2030-04-21",
        "2030-04-22",
        "2030-05-30",
        "2030-06-10",
        "2030-04-19",
    ),
];

#[test]
fn easter_sunday_is_on_the_published_dates_from_2024_to_2030() {
    for (year, easter, ..) in MOVABLE {
        assert_eq!(easter_sunday(year), day(easter), "Pâques {year}");
    }
}

#[test]
fn the_metropole_observes_exactly_these_eleven_days_each_year_from_2024_to_2030() {
    for (year, _, monday, ascension, whit_monday, _) in MOVABLE {
        let fixed = |md: &str| day(&format!("{year}-{md}"));
        let mut expected = vec![
            (fixed("01-01"), Holiday::JourDeLAn),
            (day(monday), Holiday::LundiDePaques),
            (fixed("05-01"), Holiday::FeteDuTravail),
            (fixed("05-08"), Holiday::Victoire1945),
            (day(ascension), Holiday::Ascension),
            (day(whit_monday), Holiday::LundiDePentecote),
            (fixed("07-14"), Holiday::FeteNationale),
            (fixed("08-15"), Holiday::Assomption),
            (fixed("11-01"), Holiday::Toussaint),
            (fixed("11-11"), Holiday::Armistice),
            (fixed("12-25"), Holiday::Noel),
        ];
        expected.sort(); // calendar order, as `holidays` returns them
        assert_eq!(
            holidays(year, HolidayRegion::Metropole),
            expected,
            "jours fériés {year}"
        );
    }
}

#[test]
fn alsace_moselle_adds_good_friday_and_st_stephens_day_from_2024_to_2030() {
    for (year, .., good_friday) in MOVABLE {
        let got = holidays(year, HolidayRegion::AlsaceMoselle);
        assert_eq!(got.len(), 13, "{year}");
        assert_eq!(
            holiday_on(day(good_friday), HolidayRegion::AlsaceMoselle),
            Some(Holiday::VendrediSaint),
            "{year}"
        );
        assert_eq!(
            holiday_on(day(good_friday), HolidayRegion::Metropole),
            None,
            "{year}: not in the metropole"
        );
        let stephen = day(&format!("{year}-12-26"));
        assert_eq!(
            holiday_on(stephen, HolidayRegion::AlsaceMoselle),
            Some(Holiday::SaintEtienne),
            "{year}"
        );
        assert_eq!(
            holiday_on(stephen, HolidayRegion::Metropole),
            None,
            "{year}"
        );
    }
}

#[test]
fn holidays_come_in_calendar_order() {
    for year in 2024..=2030 {
        let got = holidays(year, HolidayRegion::AlsaceMoselle);
        assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "{year}: {got:?}");
    }
}
