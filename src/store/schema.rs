//! The store's tables, and the migrations that bring an older store up to date. Each version
//! is one step, run in a transaction with the bump of `PRAGMA user_version`, so a store is
//! always at one version or the next, never between. A store is known by its tables, not only
//! by `PRAGMA user_version`: one restored from `sqlite3 .dump` (which keeps the tables and loses
//! the version) is at the version its tables are, and a database whose tables are not those of
//! any version is not brief's, and nothing is written into it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::Connection;

/// The version this `brief` writes.
pub const VERSION: i64 = 7;

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
    // 5: for each key taken from a file's name (a briefing without an id), the file that
    // holds it, so that another file of the same name never shows its memory.
    "CREATE TABLE unnamed (
        key TEXT PRIMARY KEY NOT NULL,
        path BLOB NOT NULL
    ) WITHOUT ROWID;",
    // 6: `brief pull`'s progress: for each TAXII collection pulled into a folder, the server's
    // `X-TAXII-Date-Added-Last` of what was written; and for each report pulled there, the
    // file it was written to and the `modified` it had, so a later version rewrites that file.
    "CREATE TABLE pull (
        collection TEXT NOT NULL,
        folder BLOB NOT NULL,
        added_last TEXT NOT NULL,
        PRIMARY KEY (collection, folder)
    ) WITHOUT ROWID;
    CREATE TABLE pulled (
        folder BLOB NOT NULL,
        report TEXT NOT NULL,
        file TEXT NOT NULL,
        modified TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (folder, report)
    ) WITHOUT ROWID;",
    // 7: for each report pulled into a folder, the STIX objects its briefing was made of, with
    // the `modified` of each as it was (empty when it had none), so that a later version of
    // one of them, pulled without the report, brings the report again.
    "CREATE TABLE pulled_object (
        folder BLOB NOT NULL,
        object TEXT NOT NULL,
        report TEXT NOT NULL,
        modified TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (folder, object, report)
    ) WITHOUT ROWID;",
];

/// What bringing a store up to date found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrated {
    /// The store is at [`VERSION`].
    Done,
    /// The database's tables are not those of any version of brief's store: nothing was
    /// written to it.
    NotBrief,
}

/// Brings the store up to [`VERSION`], from the version its tables are at.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<Migrated> {
    const _: () = assert!(STEPS.len() as i64 == VERSION);
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let held: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if held > VERSION {
            // A newer `brief` brought it up to date meanwhile: its tables are its own.
            return Ok(Migrated::Done);
        }
        let Some(version) = recognise(&tx)? else {
            return Ok(Migrated::NotBrief);
        };
        match usize::try_from(version).ok().and_then(|v| STEPS.get(v)) {
            Some(step) => {
                tx.execute_batch(step)?;
                tx.pragma_update(None, "user_version", version + 1)?;
            }
            None if held != version => tx.pragma_update(None, "user_version", version)?,
            None => return tx.commit().map(|()| Migrated::Done),
        }
        tx.commit()?;
    }
}

/// The version of brief's store whose tables `conn` holds, exactly (none at all: version 0);
/// none when its tables are not those of any version.
pub fn recognise(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    let held = tables(conn)?;
    let versions = match EXPECTED.get() {
        Some(versions) => versions,
        None => {
            let _ = EXPECTED.set(expected()?);
            EXPECTED.get().map_or(&[][..], Vec::as_slice)
        }
    };
    Ok((versions.iter().position(|t| *t == held)).and_then(|v| i64::try_from(v).ok()))
}

/// The tables of a database by name, each with its columns (name, type, not null, place in
/// the key), and its views and triggers by name; indexes are left out.
type Tables = BTreeMap<String, Vec<(String, String, bool, i64)>>;

/// The tables of each version, from 0 (none) to [`VERSION`], as the steps make them.
static EXPECTED: OnceLock<Vec<Tables>> = OnceLock::new();

fn expected() -> rusqlite::Result<Vec<Tables>> {
    let conn = Connection::open_in_memory()?;
    let mut out = vec![tables(&conn)?];
    for step in STEPS {
        conn.execute_batch(step)?;
        out.push(tables(&conn)?);
    }
    Ok(out)
}

fn tables(conn: &Connection) -> rusqlite::Result<Tables> {
    let mut out = Tables::new();
    let mut stmt = conn.prepare(
        "SELECT type, name FROM sqlite_schema
         WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let names = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut columns =
        conn.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid")?;
    for named in names {
        let (kind, name) = named?;
        let held = if kind == "table" {
            let rows = columns.query_map([&name], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        } else {
            Vec::new()
        };
        out.insert(format!("{kind} {name}"), held);
    }
    Ok(out)
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
    fn a_version_4_store_keeps_its_memory_and_holds_no_file_names_yet() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute_batch(&STEPS[..4].concat()).unwrap();
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.execute(
            "INSERT INTO briefing (id, read_at) VALUES ('weekly', 1)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let read: i64 = conn
            .query_row(
                "SELECT read_at FROM briefing WHERE id = 'weekly'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(read, 1);
        let held: i64 = conn
            .query_row("SELECT count(*) FROM unnamed", [], |r| r.get(0))
            .unwrap();
        assert_eq!(held, 0, "claimed by the first file that asks");
    }

    #[test]
    fn a_version_5_store_keeps_its_memory_and_has_pulled_nothing_yet() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute_batch(&STEPS[..5].concat()).unwrap();
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute("INSERT INTO briefing (id, read_at) VALUES ('w', 1)", [])
            .unwrap();
        migrate(&mut conn).unwrap();
        let read: i64 = conn
            .query_row("SELECT read_at FROM briefing WHERE id = 'w'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(read, 1);
        let pulled: i64 = conn
            .query_row("SELECT count(*) FROM pull", [], |r| r.get(0))
            .unwrap();
        assert_eq!(pulled, 0);
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

    #[test]
    fn a_store_whose_version_was_lost_is_known_by_its_tables() {
        for lost in 1..VERSION {
            let dir = tempfile::tempdir().unwrap();
            let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
            conn.execute_batch(&STEPS[..usize::try_from(lost).unwrap()].concat())
                .unwrap();
            assert_eq!(recognise(&conn).unwrap(), Some(lost));
            assert_eq!(migrate(&mut conn).unwrap(), Migrated::Done);
            let version: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(version, VERSION);
            assert_eq!(recognise(&conn).unwrap(), Some(VERSION));
        }
    }

    #[test]
    fn tables_that_are_not_briefs_are_never_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute_batch("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT);")
            .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        assert_eq!(recognise(&conn).unwrap(), None);
        assert_eq!(migrate(&mut conn).unwrap(), Migrated::NotBrief);
        assert_eq!(tables(&conn).unwrap().len(), 1);
        // A store with one more table than brief's is not brief's either.
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute_batch("CREATE TABLE mine (x);").unwrap();
        assert_eq!(recognise(&conn).unwrap(), None);
    }
}
