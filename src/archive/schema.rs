//! The index's tables. The index is a cache: a file of another version is not migrated but
//! emptied and built again, which costs only time.

use rusqlite::Connection;

/// The version this `brief` writes; any other is rebuilt.
pub const VERSION: i64 = 16;

/// Every table, made fresh.
const TABLES: &str = "
    CREATE TABLE file (
        rowid INTEGER PRIMARY KEY,
        -- The path as the walk found it, bytes as the system gave them; one row per path
        -- (the one writer replaces a file's row: `Writing::put`).
        path BLOB NOT NULL,
        size INTEGER NOT NULL,
        -- Modified time, nanoseconds since the epoch.
        mtime INTEGER NOT NULL,
        -- The text's fingerprint (16 bytes), to tell a touched file from a changed one.
        hash BLOB NOT NULL,
        -- NULL when the file has errors: then `problems` says why.
        id TEXT,
        date TEXT,
        title TEXT,
        region TEXT,
        marking TEXT,
        -- Folded as words are (`crate::text::fold`), each value followed by a newline, for
        -- the field filters.
        tags TEXT NOT NULL DEFAULT '',
        regions TEXT NOT NULL DEFAULT '',
        markings TEXT NOT NULL DEFAULT '',
        parties TEXT NOT NULL DEFAULT '',
        speakers TEXT NOT NULL DEFAULT '',
        sources TEXT NOT NULL DEFAULT '',
        -- The parties and the tags as written, one per line, for the list.
        shown TEXT NOT NULL DEFAULT '',
        tag_list TEXT NOT NULL DEFAULT '',
        warnings INTEGER NOT NULL DEFAULT 0,
        problems TEXT
    );
    -- Files by path, with what a walk compares: a reopening reads this index alone, not every
    -- row (for 100,000 files, 50 ms rather than 110).
    CREATE INDEX by_path ON file (path, size, mtime, hash);
    -- The list's orders, over the files that hold a briefing: narrow, so that a search
    -- matching most of the archive walks one of these to its first page instead of sorting.
    -- Ties go by path, so the order never depends on which file was indexed first.
    CREATE INDEX by_date ON file (date DESC, title COLLATE NOCASE, path)
        WHERE problems IS NULL;
    CREATE INDEX by_title ON file (title COLLATE NOCASE, date DESC, path)
        WHERE problems IS NULL;
    CREATE INDEX by_region ON file (region IS NULL, region COLLATE NOCASE, date DESC, path)
        WHERE problems IS NULL;
    CREATE INDEX by_id ON file (id);
    -- The few files that failed to load, found without reading every row.
    CREATE INDEX failed ON file (path) WHERE problems IS NOT NULL;
    -- The widest value of the list's optional columns over the files of a walk (its roots,
    -- each followed by a zero byte), kept by the walk so that a library lists at once with
    -- its columns as wide as they were.
    CREATE TABLE widest (
        roots BLOB PRIMARY KEY,
        region INTEGER NOT NULL,
        tags INTEGER NOT NULL,
        marking INTEGER NOT NULL
    );
    -- Where the last look for files gone from walks no longer made stopped (a rowid).
    CREATE TABLE sweep (rowid INTEGER PRIMARY KEY CHECK (rowid = 1), next INTEGER NOT NULL);
    -- The text of every field, searchable, with no second copy of it: the files are the text.
    -- It comes as words already folded and split on the loading threads (`super::row`), so
    -- the tokenizer, in the one writer, has only to cut at spaces: `ascii`, which takes every
    -- other character as part of a word, rather than `unicode61`, which looked each up in its
    -- tables again (a seventh of the writer's work building an index).
    CREATE VIRTUAL TABLE body USING fts5 (
        title, summary, parties, reactions, background, sources,
        content = '', contentless_delete = 1,
        tokenize = 'ascii'
    );
    -- How the words of each briefing start, their first letter and first two (`m`, `mi`),
    -- each once (`super::row::Row::starts`): a prefix of one or two letters as typed is one
    -- entry here, a list of rows, where in `body` it is the lists of the thousands of words
    -- starting so, merged (200 ms for `mi` at 100,000). Which rows, not where: no positions.
    CREATE VIRTUAL TABLE starts USING fts5 (
        letters,
        content = '', contentless_delete = 1, detail = 'none',
        tokenize = 'ascii'
    );
";

/// The full-text tables, which a big sync sets up alike ([`super::sync`]).
pub const FULL_TEXT: [&str; 2] = ["body", "starts"];

/// The short columns the common filters read (`tag:`, `party:`, `region:`, dates, the
/// memory's by id), so counting under them reads this index rather than every whole row (16
/// ms rather than 43 at 100,000). Not the speakers and sources: with them it was as wide as
/// the rows, and counted no faster. Kept up to date row by row it made a first build 4.5×
/// the bare parse: a big sync drops it and makes it again at its end ([`super::sync`]).
pub const FILTERS: &str = "CREATE INDEX IF NOT EXISTS by_filter
    ON file (tags, parties, regions, date, id, problems) WHERE problems IS NULL";

/// Makes the tables when the file is new or of another version; true when it did (the
/// index is then empty).
pub fn prepare(conn: &mut Connection) -> rusqlite::Result<bool> {
    // Most opens find the version this `brief` writes: asked without the write lock, so that
    // they need not wait for another `brief` that is writing.
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == VERSION {
        return Ok(false);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == VERSION {
        return Ok(false);
    }
    // Another version's tables, whatever they are, go.
    let tables: Vec<String> = {
        // Virtual tables first: dropping one drops its shadow tables.
        let mut stmt = tx.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY sql LIKE 'CREATE VIRTUAL%' DESC",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for table in tables {
        let quoted = table.replace('"', "\"\"");
        // A shadow table of a dropped virtual table is gone already.
        tx.execute_batch(&format!("DROP TABLE IF EXISTS \"{quoted}\""))?;
    }
    tx.execute_batch(TABLES)?;
    tx.execute_batch(FILTERS)?;
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_another_version_is_emptied_and_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("index.db")).unwrap();
        assert!(prepare(&mut conn).unwrap());
        assert!(!prepare(&mut conn).unwrap(), "the same version is kept");
        conn.execute(
            "INSERT INTO file (path, size, mtime, hash) VALUES (x'61', 1, 1, 'h')",
            [],
        )
        .unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        conn.execute_batch("CREATE TABLE stray (x)").unwrap();
        assert!(prepare(&mut conn).unwrap());
        let files: i64 = conn
            .query_row("SELECT count(*) FROM file", [], |r| r.get(0))
            .unwrap();
        assert_eq!(files, 0);
        let stray: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'stray'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stray, 0);
    }
}
