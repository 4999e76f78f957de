//! Who may do what on a practitioner's agenda, by the role Google Calendar's ACL gives them.
//!
//! PRODUCT.md art. 4.3: people the agenda is shared with may **modify or cancel** appointments
//! and availability ranges, but **only the calendar owner creates new availability**. The rule
//! lives here so that every command checks the same function, whatever the interface shows.

use serde::{Deserialize, Serialize};

/// A Google Calendar ACL role (`owner`, `writer`, `reader`, `freeBusyReader`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// The practitioner (or a co-owner).
    Owner,
    /// Edit access: typically the secretary (*Secrétaire*).
    Writer,
    /// Sees every event's details, changes nothing.
    Reader,
    /// Sees only when the agenda is busy.
    FreeBusyReader,
}

/// Something done to an agenda.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// Create new availability (a range, a template, an extra opening, publish a template).
    CreateAvailability,
    /// Change an existing availability range (times, types).
    ModifyAvailability,
    /// Cancel (remove) an existing availability range, or close a day.
    CancelAvailability,
    /// Enter a booking (e.g. taken on the phone).
    CreateBooking,
    /// Move or cancel a booking.
    MoveOrCancelBooking,
    /// See the agenda's events and bookings.
    View,
    /// See when the agenda is busy, without details.
    ViewFreeBusy,
}

impl Action {
    /// Every action.
    pub const ALL: [Self; 7] = [
        Self::CreateAvailability,
        Self::ModifyAvailability,
        Self::CancelAvailability,
        Self::CreateBooking,
        Self::MoveOrCancelBooking,
        Self::View,
        Self::ViewFreeBusy,
    ];
}

/// Whether `role` may do `action` (PRODUCT.md art. 4.3).
pub const fn can(role: Role, action: Action) -> bool {
    match role {
        Role::Owner => true,
        Role::Writer => !matches!(action, Action::CreateAvailability),
        Role::Reader => matches!(action, Action::View | Action::ViewFreeBusy),
        Role::FreeBusyReader => matches!(action, Action::ViewFreeBusy),
    }
}

/// `Ok` when `role` may do `action`, else why not, in words the user can act on.
pub fn ensure(role: Role, action: Action) -> Result<(), Forbidden> {
    if can(role, action) {
        Ok(())
    } else {
        Err(Forbidden { role, action })
    }
}

/// An action the role does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", forbidden_message(*role, *action).0)]
pub struct Forbidden {
    /// The role of the user.
    pub role: Role,
    /// What they tried.
    pub action: Action,
}

impl Forbidden {
    /// Why, in French and English.
    pub fn text(&self) -> crate::Text {
        let (fr, en) = forbidden_message(self.role, self.action);
        crate::Text::new(fr, en)
    }
}

/// Why `role` may not do `action`: (French, English).
fn forbidden_message(role: Role, action: Action) -> (&'static str, &'static str) {
    match (role, action) {
        (Role::Writer, Action::CreateAvailability) => (
            "Seul le titulaire de l'agenda peut ouvrir de nouvelles disponibilités. Vous pouvez \
             modifier ou annuler les plages existantes.",
            "Only the calendar's owner can open new availability. You can change or cancel the \
             existing ranges.",
        ),
        (Role::Reader, _) => (
            "Votre accès à cet agenda est en lecture seule.",
            "Your access to this calendar is read-only.",
        ),
        _ => (
            "Votre accès à cet agenda ne montre que les périodes occupées.",
            "Your access to this calendar shows only busy times.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    #[test]
    fn the_owner_may_do_everything() {
        assert!(Action::ALL.iter().all(|&a| can(Role::Owner, a)));
    }

    #[test]
    fn a_secretary_may_modify_and_cancel_availability_but_not_create_it() {
        assert!(
            !can(Role::Writer, CreateAvailability),
            "art. 4.3: only the owner creates availability"
        );
        assert!(can(Role::Writer, ModifyAvailability));
        assert!(can(Role::Writer, CancelAvailability));
    }

    #[test]
    fn a_secretary_handles_bookings() {
        assert!(
            can(Role::Writer, CreateBooking),
            "bookings taken on the phone"
        );
        assert!(can(Role::Writer, MoveOrCancelBooking));
        assert!(can(Role::Writer, View));
    }

    #[test]
    fn a_reader_only_views_and_a_free_busy_reader_only_sees_busy_time() {
        for a in Action::ALL {
            assert_eq!(
                can(Role::Reader, a),
                matches!(a, View | ViewFreeBusy),
                "{a:?}"
            );
            assert_eq!(can(Role::FreeBusyReader, a), a == ViewFreeBusy, "{a:?}");
        }
    }

    #[test]
    fn a_refusal_tells_the_secretary_what_they_can_do_instead() {
        let err = ensure(Role::Writer, CreateAvailability).unwrap_err();
        assert!(
            err.to_string().starts_with("Seul le titulaire de l'agenda"),
            "{err}"
        );
        assert!(err.to_string().contains("modifier ou annuler"), "{err}");
        assert_eq!(ensure(Role::Writer, ModifyAvailability), Ok(()));
        assert!(
            ensure(Role::Reader, CancelAvailability)
                .unwrap_err()
                .to_string()
                .contains("lecture seule")
        );
    }

    #[test]
    fn roles_are_read_as_google_names_them() {
        let roles: Vec<Role> =
            serde_json::from_str(r#"["owner","writer","reader","freeBusyReader"]"#).unwrap();
        assert_eq!(
            roles,
            [
                Role::Owner,
                Role::Writer,
                Role::Reader,
                Role::FreeBusyReader
            ]
        );
    }
}
