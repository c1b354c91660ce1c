//! The store's tables, and the migrations that bring an older store up to date. Each version
//! is one step, run in a transaction with the bump of `PRAGMA user_version`, so a store is
//! always at one version or the next, never between.

use rusqlite::Connection;

/// The version this `brief` writes.
pub const VERSION: i64 = 4;

/// Each step, from the version before it: step `i` makes version `i + 1`.
const STEPS: &[&str] = &[
    // 1: reading state and the place each briefing was left, by briefing id.
    "CREATE TABLE briefing (
        id TEXT PRIMARY KEY NOT NULL,
        read_at INTEGER,
        flagged INTEGER NOT NULL DEFAULT 0,
        tab INTEGER,
        block INTEGER,
        offset INTEGER
    ) WITHOUT ROWID;",
    // 2: notes, the text of each briefing as last read, saved searches.
    "CREATE TABLE note (
        id TEXT PRIMARY KEY NOT NULL,
        briefing TEXT NOT NULL,
        kind TEXT,
        speaker TEXT NOT NULL DEFAULT '',
        anchor TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        imported INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX note_by_briefing ON note (briefing);
    CREATE TABLE seen (
        id TEXT PRIMARY KEY NOT NULL,
        hash TEXT NOT NULL,
        source TEXT NOT NULL,
        at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE search (
        name TEXT PRIMARY KEY NOT NULL,
        query TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 3: the party a noted statement is by, so that a note never moves to another party's.
    "ALTER TABLE note ADD COLUMN party TEXT NOT NULL DEFAULT '';",
    // 4: the reader's settings that outlive a session (how originals show).
    "CREATE TABLE setting (
        name TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
];

/// Brings the store up to [`VERSION`].
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    const _: () = assert!(STEPS.len() as i64 == VERSION);
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let Some(step) = usize::try_from(version).ok().and_then(|v| STEPS.get(v)) else {
            return tx.commit();
        };
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_store_is_brought_up_to_date_and_keeps_its_state() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute_batch(STEPS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute("INSERT INTO briefing (id, read_at) VALUES ('a', 1)", [])
            .unwrap();
        migrate(&mut conn).unwrap();
        let read: i64 = conn
            .query_row("SELECT read_at FROM briefing WHERE id = 'a'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(read, 1);
        let notes: i64 = conn
            .query_row("SELECT count(*) FROM note", [], |r| r.get(0))
            .unwrap();
        assert_eq!(notes, 0);
    }

    #[test]
    fn a_version_2_store_keeps_its_notes_which_do_not_say_their_party() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute_batch(&STEPS[..2].concat()).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO note (id, briefing, kind, speaker, anchor, body, created, updated)
             VALUES ('n', 'b', 'statement', 'Ministry', 'Shelling began.', 'Check.', 1, 1)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let (body, party): (String, String) = conn
            .query_row("SELECT body, party FROM note WHERE id = 'n'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((body.as_str(), party.as_str()), ("Check.", ""));
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
    }
}
