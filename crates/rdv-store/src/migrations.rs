//! The schema, as an ordered list of migrations. Append only: never edit a migration that has
//! shipped; add a new one. Each table's migration sits next to the module that owns the table.

use rusqlite_migration::{M, Migrations};

/// The migration steps, oldest first. The index + 1 is the `user_version` each leads to.
const STEPS: &[M<'static>] = &[
    // 1 — settings (see settings.rs): small key/value preferences of the user.
    M::up(crate::settings::CREATE_TABLE),
    // 2 — calendars (calendars.rs), the event cache and its occurrences (events.rs).
    M::up(crate::calendars::CREATE_TABLE),
    M::up(crate::events::CREATE_TABLES),
    // 4 — availability configurations per calendar (availability.rs).
    M::up(crate::availability::CREATE_TABLE),
    // 5 — booking marks on cached events (events.rs), the outbox of pending edits and the
    // activity log (activity.rs).
    M::up(crate::activity::CREATE_TABLES),
    // 6 — the purge log of personal-data retention and erasure (retention.rs).
    M::up(crate::retention::CREATE_TABLE),
    // 7 — what the booking site adds to bookings: consent and SMS statuses (site.rs).
    M::up(crate::site::CREATE_TABLE),
    // 8 — the ETag of each calendar's shared configuration event (availability.rs).
    M::up(crate::availability::ADD_REMOTE_ETAG),
    // 9 — erasure requests pending until every part is done, their parts and what each found
    // (erasures.rs).
    M::up(crate::erasures::CREATE_TABLES),
];

/// Every migration, as rusqlite_migration runs them.
pub static MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// The schema version a fully migrated database has.
pub const LATEST_VERSION: i64 = 9;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_from_an_empty_database() {
        // Runs every migration on a blank database and checks each leaves a consistent schema.
        MIGRATIONS
            .validate()
            .expect("the migration list must apply cleanly");
    }

    #[test]
    fn latest_version_matches_the_migration_list() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            v, LATEST_VERSION,
            "update LATEST_VERSION when adding a migration"
        );
    }
}
