//! The store's tables, and the migrations that bring an older store up to date. Each version
//! is one step, run in a transaction with the bump of `PRAGMA user_version`, so a store is
//! always at one version or the next, never between.

use rusqlite::Connection;

/// The version this `brief` writes.
pub const VERSION: i64 = 1;

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
