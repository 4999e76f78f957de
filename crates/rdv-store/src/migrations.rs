//! The schema, as an ordered list of migrations gathered from the tables' files. Append only:
//! never edit or renumber a step that has shipped (databases in the field are at every
//! `user_version` it ever had); add a new one.
//!
//! Each table's file declares its own steps as `pub(crate) const MIGRATIONS: &[Step]`, each with
//! the global version it leads to. A new step goes at the end of the owning table's slice with
//! the next free version (`LATEST_VERSION + 1`); a table new to the schema also gets its slice
//! added to [`TABLES`]. The unit tests below fail when the versions are not exactly `1..=N`.

use rusqlite_migration::{M, Migrations};
use std::sync::LazyLock;

/// One migration step, declared in the file of the table it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    /// The `user_version` the step leads to: its position in the global order, from 1.
    pub(crate) version: i64,
    /// Its SQL, run as one batch in the migration's transaction.
    pub(crate) up: &'static str,
}

/// Every table file's steps. The order here does not matter: the steps run by version.
const TABLES: &[&[Step]] = &[
    crate::settings::MIGRATIONS,
    crate::calendars::MIGRATIONS,
    crate::events::MIGRATIONS,
    crate::availability::MIGRATIONS,
    crate::activity::MIGRATIONS,
    crate::retention::MIGRATIONS,
    crate::site::MIGRATIONS,
    crate::erasures::MIGRATIONS,
];

/// The schema version a fully migrated database has: the number of steps (the tests check that
/// their versions are exactly `1..=LATEST_VERSION`).
pub const LATEST_VERSION: i64 = step_count(TABLES);

const fn step_count(tables: &[&[Step]]) -> i64 {
    let mut count = 0;
    let mut i = 0;
    while i < tables.len() {
        count += tables[i].len();
        i += 1;
    }
    count as i64
}

/// Every migration, oldest first, as rusqlite_migration runs them (built at first use).
pub static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    let steps = ordered_steps(TABLES);
    if let Err(problem) = check_versions(&steps) {
        // Unreachable once the tests pass: running steps under wrong numbers would corrupt
        // databases in the field, so refuse outright.
        panic!("{problem}");
    }
    Migrations::new(steps.iter().map(|step| M::up(step.up)).collect())
});

/// The steps of every table, sorted by version.
fn ordered_steps(tables: &[&[Step]]) -> Vec<Step> {
    let mut steps: Vec<Step> = tables.iter().flat_map(|t| t.iter().copied()).collect();
    steps.sort_by_key(|step| step.version);
    steps
}

/// Checks that sorted steps are numbered exactly `1..=N`, each once; the error says what to fix.
fn check_versions(sorted: &[Step]) -> Result<(), String> {
    for (index, step) in sorted.iter().enumerate() {
        let expected = index as i64 + 1;
        if step.version == expected {
            continue;
        }
        let next = sorted.len() as i64 + 1;
        return Err(if step.version < expected {
            format!(
                "migration version {} is declared twice: shipped steps keep their number, so \
                 give the new step the next free version ({next}) in its table's MIGRATIONS",
                step.version
            )
        } else {
            format!(
                "no migration has version {expected} (the next one found is {}): versions must \
                 be 1..=N without a gap, so number the new step {expected}",
                step.version
            )
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::{Connection, params};

    /// The SQL of every step that has shipped, at its position (version = index + 1). Databases
    /// in the field are at each of these versions: this list only ever grows at the end.
    const SHIPPED: &[&str] = &[
        crate::settings::CREATE_TABLE,
        crate::calendars::CREATE_TABLE,
        crate::events::CREATE_TABLES,
        crate::availability::CREATE_TABLE,
        crate::activity::CREATE_TABLES,
        crate::retention::CREATE_TABLE,
        crate::site::CREATE_TABLE,
        crate::availability::ADD_REMOTE_ETAG,
        crate::erasures::CREATE_TABLES,
    ];

    fn step(version: i64) -> Step {
        Step { version, up: "" }
    }

    fn user_version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn migrations_are_valid_from_an_empty_database() {
        // Runs every migration on a blank database and checks each leaves a consistent schema.
        MIGRATIONS
            .validate()
            .expect("the migration list must apply cleanly");
    }

    #[test]
    fn versions_are_one_to_latest_without_gap_or_duplicate() {
        let steps = ordered_steps(TABLES);
        if let Err(problem) = check_versions(&steps) {
            panic!("{problem}");
        }
        assert_eq!(steps.last().map(|s| s.version), Some(LATEST_VERSION));
    }

    #[test]
    fn a_duplicate_version_is_reported_with_the_next_free_one() {
        let first: &[Step] = &[step(1), step(2)];
        let second: &[Step] = &[step(2)];
        let problem = check_versions(&ordered_steps(&[first, second])).unwrap_err();
        assert!(problem.contains("version 2 is declared twice"), "{problem}");
        assert!(problem.contains("next free version (4)"), "{problem}");
    }

    #[test]
    fn a_gap_in_the_versions_is_reported_with_the_missing_one() {
        let first: &[Step] = &[step(1), step(2)];
        let second: &[Step] = &[step(4)];
        let problem = check_versions(&ordered_steps(&[first, second])).unwrap_err();
        assert!(problem.contains("no migration has version 3"), "{problem}");
        assert!(problem.contains("number the new step 3"), "{problem}");
        let late_start: &[Step] = &[step(2)];
        let problem = check_versions(&ordered_steps(&[late_start])).unwrap_err();
        assert!(problem.contains("no migration has version 1"), "{problem}");
    }

    #[test]
    fn shipped_steps_keep_their_sql_and_position() {
        let steps = ordered_steps(TABLES);
        assert!(steps.len() >= SHIPPED.len(), "a shipped step was removed");
        for (index, sql) in SHIPPED.iter().enumerate() {
            assert_eq!(
                steps[index].up,
                *sql,
                "step {} changed: a shipped step must keep its SQL and its number",
                index + 1
            );
        }
    }

    #[test]
    fn latest_version_matches_the_migration_list() {
        let mut conn = Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        assert_eq!(user_version(&conn), LATEST_VERSION);
    }

    #[test]
    fn a_database_at_version_7_migrates_to_the_latest_keeping_its_rows() {
        // A database as the app left it at version 7: the first seven shipped steps, in their
        // order, then data written against that schema.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::DATABASE_FILE);
        let mut conn = Connection::open(&path).unwrap();
        for sql in &SHIPPED[..7] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute_batch(
            "INSERT INTO settings (key, value) VALUES ('ui.language', 'fr');
             INSERT INTO calendars (id, summary, color, time_zone, access_role, is_primary,
                                    selected)
                 VALUES ('cal', 'Cabinet', '#336699', 'Europe/Paris', 'owner', 1, 1);
             INSERT INTO availability (calendar_id, config, updated)
                 VALUES ('cal', '{}', '2026-01-05T09:00:00Z');
             INSERT INTO site_bookings (event_id, consent_version) VALUES ('ev1', 'v2');",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO events (calendar_id, id, cancelled, start, end, transparent, kind,
                                 attendance)
             VALUES ('cal', 'ev1', 0, ?1, ?2, 0, 'booking', 'present')",
            params!["2026-01-06T09:00:00Z", "2026-01-06T10:00:00Z"],
        )
        .unwrap();

        MIGRATIONS.to_latest(&mut conn).unwrap();

        assert_eq!(user_version(&conn), LATEST_VERSION);
        let kept: (String, String, String, Option<String>) = conn
            .query_row(
                "SELECT s.value, e.attendance, b.consent_version, a.remote_etag
                 FROM settings s, events e, site_bookings b, availability a
                 WHERE s.key = 'ui.language' AND e.id = 'ev1' AND b.event_id = 'ev1'
                   AND a.calendar_id = 'cal'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(
            kept,
            ("fr".into(), "present".into(), "v2".into(), None),
            "the rows written at version 7 must survive, with step 8's new column empty"
        );
        let erasures: i64 = conn
            .query_row("SELECT COUNT(*) FROM erasures", [], |r| r.get(0))
            .unwrap();
        assert_eq!(erasures, 0, "step 9's tables exist after the upgrade");
    }
}
