//! A patient's history: which appointments are theirs (the one matcher,
//! [`crate::person::Person`], by e-mail or phone — never by name alone), how many times they did
//! not come without excuse (`rdv.attendance=absent`; `excused` is not a no-show), and when that
//! is repeated enough to flag (the tray, *Rendez-vous*, the patient's page).

use crate::person::Person;

/// From this many unexcused no-shows on, a patient is flagged as missing appointments
/// repeatedly.
pub const REPEATED_NO_SHOWS: u32 = 2;

/// What the history rule reads of one appointment (as stored, however typed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Visit<'a> {
    /// The patient's e-mail.
    pub email: Option<&'a str>,
    /// The patient's phone.
    pub phone: Option<&'a str>,
    /// `rdv.attendance`: `absent`, `excused`, or nothing.
    pub attendance: Option<&'a str>,
}

impl Visit<'_> {
    /// Whether this appointment is an unexcused no-show (`absent`; `excused` is not one).
    pub fn is_no_show(&self) -> bool {
        self.attendance.map(str::trim) == Some("absent")
    }
}

/// The person an appointment is about, from its e-mail and/or phone (either alone suffices; an
/// unusable one is ignored). `None` when neither identifies anyone: such a patient's history is
/// that appointment alone, since a name alone never identifies a person.
pub fn person_of(visit: &Visit<'_>) -> Option<Person> {
    Person::new(visit.email, visit.phone)
        .or_else(|_| Person::new(visit.email, None))
        .or_else(|_| Person::new(None, visit.phone))
        .ok()
}

/// Whether `visit` is `person`'s appointment.
pub fn is_theirs(person: &Person, visit: &Visit<'_>) -> bool {
    person.matches(visit.email, visit.phone)
}

/// The unexcused no-shows of the patient of `of` among `visits` (which may include `of`). A
/// patient that cannot be identified counts only `of` itself.
pub fn no_shows<'a>(of: &Visit<'_>, visits: impl IntoIterator<Item = Visit<'a>>) -> u32 {
    match person_of(of) {
        Some(person) => visits
            .into_iter()
            .filter(|v| v.is_no_show() && is_theirs(&person, v))
            .count() as u32,
        None => u32::from(of.is_no_show()),
    }
}

/// Whether `no_shows` unexcused no-shows are a repeated pattern worth flagging.
pub fn is_repeated(no_shows: u32) -> bool {
    no_shows >= REPEATED_NO_SHOWS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit<'a>(
        email: Option<&'a str>,
        phone: Option<&'a str>,
        attendance: Option<&'a str>,
    ) -> Visit<'a> {
        Visit {
            email,
            phone,
            attendance,
        }
    }

    #[test]
    fn only_an_unexcused_absence_is_a_no_show() {
        assert!(visit(None, None, Some("absent")).is_no_show());
        assert!(
            !visit(None, None, Some("excused")).is_no_show(),
            "excused is not a no-show"
        );
        assert!(!visit(None, None, None).is_no_show());
    }

    #[test]
    fn no_shows_are_counted_for_the_same_person_however_typed() {
        let of = visit(
            Some("Jeanne.Martin@Example.fr"),
            Some("06 12 34 56 78"),
            None,
        );
        let visits = [
            visit(Some("jeanne.martin@example.fr"), None, Some("absent")),
            visit(None, Some("+33 6 12 34 56 78"), Some("absent")),
            visit(Some("jeanne.martin@example.fr"), None, Some("excused")),
            visit(Some("jeanne.martin@example.fr"), None, None),
            visit(
                Some("autre@example.fr"),
                Some("07 00 00 00 00"),
                Some("absent"),
            ),
        ];
        assert_eq!(
            no_shows(&of, visits),
            2,
            "by e-mail and by phone; excused and others' not"
        );
    }

    #[test]
    fn a_name_alone_identifies_no_one() {
        let of = visit(None, None, Some("absent"));
        let visits = [
            of,
            visit(None, None, Some("absent")),
            visit(None, None, Some("absent")),
        ];
        assert_eq!(no_shows(&of, visits), 1, "only this appointment");
        assert_eq!(no_shows(&visit(None, None, None), visits), 0);
        assert!(person_of(&visit(Some("pas une adresse"), Some("12"), None)).is_none());
    }

    #[test]
    fn an_unusable_contact_is_ignored_when_the_other_identifies() {
        let of = visit(Some("pas une adresse"), Some("06 12 34 56 78"), None);
        let visits = [visit(None, Some("0612345678"), Some("absent"))];
        assert_eq!(no_shows(&of, visits), 1);
    }

    #[test]
    fn two_unexcused_no_shows_are_repeated() {
        assert!(!is_repeated(0));
        assert!(!is_repeated(1));
        assert!(is_repeated(REPEATED_NO_SHOWS));
        assert!(is_repeated(5));
    }
}
