//! French public holidays (*jours fériés*), computed per year: the eleven of metropolitan France,
//! plus Good Friday and St Stephen's Day in Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle).
//! Easter is computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).

use super::text;
use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

/// Which set of public holidays applies.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum HolidayRegion {
    /// Metropolitan France: 11 days.
    #[default]
    #[serde(rename = "metropole")]
    Metropole,
    /// Alsace-Moselle: the 11 days plus Vendredi saint and 26 décembre.
    #[serde(rename = "alsace-moselle")]
    AlsaceMoselle,
}

/// A public holiday, by its stable id (used in files to open on it every year).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holiday {
    /// 1er janvier.
    JourDeLAn,
    /// Vendredi saint (Alsace-Moselle), Easter − 2 days.
    VendrediSaint,
    /// Lundi de Pâques, Easter + 1 day.
    LundiDePaques,
    /// 1er mai.
    FeteDuTravail,
    /// 8 mai.
    #[serde(rename = "victoire-1945")]
    Victoire1945,
    /// Ascension, Easter + 39 days.
    Ascension,
    /// Lundi de Pentecôte, Easter + 50 days.
    LundiDePentecote,
    /// 14 juillet.
    FeteNationale,
    /// 15 août.
    Assomption,
    /// 1er novembre.
    Toussaint,
    /// 11 novembre.
    Armistice,
    /// 25 décembre.
    Noel,
    /// 26 décembre (Alsace-Moselle).
    SaintEtienne,
}

impl Holiday {
    /// Every holiday, in calendar order.
    pub const ALL: [Self; 13] = [
        Self::JourDeLAn,
        Self::VendrediSaint,
        Self::LundiDePaques,
        Self::FeteDuTravail,
        Self::Victoire1945,
        Self::Ascension,
        Self::LundiDePentecote,
        Self::FeteNationale,
        Self::Assomption,
        Self::Toussaint,
        Self::Armistice,
        Self::Noel,
        Self::SaintEtienne,
    ];

    /// The id written in files (`lundi-de-pentecote`).
    pub const fn id(self) -> &'static str {
        match self {
            Self::JourDeLAn => "jour-de-l-an",
            Self::VendrediSaint => "vendredi-saint",
            Self::LundiDePaques => "lundi-de-paques",
            Self::FeteDuTravail => "fete-du-travail",
            Self::Victoire1945 => "victoire-1945",
            Self::Ascension => "ascension",
            Self::LundiDePentecote => "lundi-de-pentecote",
            Self::FeteNationale => "fete-nationale",
            Self::Assomption => "assomption",
            Self::Toussaint => "toussaint",
            Self::Armistice => "armistice",
            Self::Noel => "noel",
            Self::SaintEtienne => "saint-etienne",
        }
    }

    /// The French name (« Lundi de Pentecôte »).
    pub const fn name_fr(self) -> &'static str {
        match self {
            Self::JourDeLAn => "Jour de l'an",
            Self::VendrediSaint => "Vendredi saint",
            Self::LundiDePaques => "Lundi de Pâques",
            Self::FeteDuTravail => "Fête du travail",
            Self::Victoire1945 => "Victoire 1945",
            Self::Ascension => "Ascension",
            Self::LundiDePentecote => "Lundi de Pentecôte",
            Self::FeteNationale => "Fête nationale",
            Self::Assomption => "Assomption",
            Self::Toussaint => "Toussaint",
            Self::Armistice => "Armistice 1918",
            Self::Noel => "Noël",
            Self::SaintEtienne => "Saint-Étienne",
        }
    }

    /// Whether it is a public holiday in `region`.
    pub const fn observed_in(self, region: HolidayRegion) -> bool {
        match self {
            Self::VendrediSaint | Self::SaintEtienne => {
                matches!(region, HolidayRegion::AlsaceMoselle)
            }
            _ => true,
        }
    }

    /// Its date in `year`.
    pub fn date(self, year: i32) -> NaiveDate {
        self.date_after(year, easter_sunday(year))
    }

    /// Its date in `year`, whose Easter Sunday is `easter`.
    fn date_after(self, year: i32, easter: NaiveDate) -> NaiveDate {
        let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(NaiveDate::MIN);
        let from_easter = |days| easter + TimeDelta::days(days);
        match self {
            Self::JourDeLAn => fixed(1, 1),
            Self::VendrediSaint => from_easter(-2),
            Self::LundiDePaques => from_easter(1),
            Self::FeteDuTravail => fixed(5, 1),
            Self::Victoire1945 => fixed(5, 8),
            Self::Ascension => from_easter(39),
            Self::LundiDePentecote => from_easter(50),
            Self::FeteNationale => fixed(7, 14),
            Self::Assomption => fixed(8, 15),
            Self::Toussaint => fixed(11, 1),
            Self::Armistice => fixed(11, 11),
            Self::Noel => fixed(12, 25),
            Self::SaintEtienne => fixed(12, 26),
        }
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian algorithm, as given by
/// Meeus, *Astronomical Algorithms*).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day 1..=31 by construction.
    NaiveDate::from_ymd_opt(year, month.unsigned_abs(), day.unsigned_abs())
        .unwrap_or(NaiveDate::MIN)
}

/// The public holidays of `year` in `region`, in calendar order.
pub fn holidays(year: i32, region: HolidayRegion) -> Vec<(NaiveDate, Holiday)> {
    let mut days: Vec<_> = Holiday::ALL
        .into_iter()
        .filter(|h| h.observed_in(region))
        .map(|h| (h.date(year), h))
        .collect();
    days.sort();
    days
}

/// The public holiday falling on `date` in `region`, if any.
pub fn holiday_on(date: NaiveDate, region: HolidayRegion) -> Option<Holiday> {
    let easter = easter_sunday(date.year());
    Holiday::ALL
        .into_iter()
        .find(|h| h.observed_in(region) && h.date_after(date.year(), easter) == date)
}

/// A holiday on which the practice stays open: one date, or the same holiday every year.
/// Written in files as `"2027-05-17"` or `"lundi-de-pentecote"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayOverride {
    /// Open on the holiday of this date.
    Date(NaiveDate),
    /// Open on this holiday every year.
    Every(Holiday),
}

impl HolidayOverride {
    /// Whether it opens `date`, which is `holiday`.
    pub fn opens(self, date: NaiveDate, holiday: Holiday) -> bool {
        match self {
            Self::Date(d) => d == date,
            Self::Every(h) => h == holiday,
        }
    }
}

impl Serialize for HolidayOverride {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Date(d) => text::date::serialize(d, s),
            Self::Every(h) => s.serialize_str(h.id()),
        }
    }
}

impl<'de> Deserialize<'de> for HolidayOverride {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if let Some(h) = Holiday::ALL.into_iter().find(|h| h.id() == s.trim()) {
            return Ok(Self::Every(h));
        }
        if s.trim().starts_with(|c: char| c.is_ascii_digit()) {
            return text::parse_date(&s)
                .map(Self::Date)
                .map_err(D::Error::custom);
        }
        let ids: Vec<_> = Holiday::ALL.iter().map(|h| h.id()).collect();
        Err(D::Error::custom(format!(
            "jour férié inconnu « {s} » : attendu une date AAAA-MM-JJ ou l'un de {}",
            ids.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_falls_on_the_published_dates_including_the_extremes() {
        for (year, easter) in [
            (1818, "1818-03-22"), // earliest possible date
            (1943, "1943-04-25"), // latest possible date
            (2000, "2000-04-23"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(year), day(easter), "Easter {year}");
        }
    }

    #[test]
    fn easter_is_always_a_sunday_between_march_22_and_april_25() {
        for year in 1583..=4099 {
            let e = easter_sunday(year);
            assert_eq!(e.weekday(), chrono::Weekday::Sun, "{year}");
            assert!(
                day(&format!("{year}-03-22")) <= e && e <= day(&format!("{year}-04-25")),
                "{year}"
            );
        }
    }

    #[test]
    fn the_metropole_has_eleven_holidays_and_alsace_moselle_thirteen() {
        assert_eq!(holidays(2026, HolidayRegion::Metropole).len(), 11);
        let alsace = holidays(2026, HolidayRegion::AlsaceMoselle);
        assert_eq!(alsace.len(), 13);
        assert!(alsace.contains(&(day("2026-04-03"), Holiday::VendrediSaint)));
        assert!(alsace.contains(&(day("2026-12-26"), Holiday::SaintEtienne)));
    }

    #[test]
    fn a_date_is_found_to_be_a_holiday_only_in_the_regions_observing_it() {
        assert_eq!(
            holiday_on(day("2026-05-25"), HolidayRegion::Metropole),
            Some(Holiday::LundiDePentecote)
        );
        assert_eq!(
            holiday_on(day("2026-12-26"), HolidayRegion::Metropole),
            None
        );
        assert_eq!(
            holiday_on(day("2026-12-26"), HolidayRegion::AlsaceMoselle),
            Some(Holiday::SaintEtienne)
        );
        assert_eq!(
            holiday_on(day("2026-11-26"), HolidayRegion::AlsaceMoselle),
            None
        );
    }

    #[test]
    fn overrides_are_read_as_a_date_or_a_holiday_id() {
        let got: Vec<HolidayOverride> =
            serde_json::from_str(r#"["2027-05-17","lundi-de-pentecote"]"#).unwrap();
        assert_eq!(
            got,
            vec![
                HolidayOverride::Date(day("2027-05-17")),
                HolidayOverride::Every(Holiday::LundiDePentecote)
            ]
        );
        let err = serde_json::from_str::<Vec<HolidayOverride>>(r#"["pentecote"]"#).unwrap_err();
        assert!(
            err.to_string().contains("jour férié inconnu « pentecote »"),
            "{err}"
        );
        assert_eq!(
            serde_json::to_string(&got).unwrap(),
            r#"["2027-05-17","lundi-de-pentecote"]"#
        );
    }

    #[test]
    fn every_holiday_id_reads_back_as_itself() {
        for h in Holiday::ALL {
            let json = serde_json::to_string(&h).unwrap();
            assert_eq!(json, format!("\"{}\"", h.id()), "serde and id() agree");
        }
    }
}
