#[test]
#[ignore]
fn sql_forms() {
    let c = rusqlite::Connection::open_with_flags(
        "/tmp/i100k/index.db",
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let t = |name: &str, sql: &str, arg: &str| {
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..7 {
            let s = std::time::Instant::now();
            let mut st = c.prepare(sql).unwrap();
            n = st.query_map([arg], |_| Ok(())).unwrap().count();
            best = best.min(s.elapsed().as_secs_f64() * 1e3);
        }
        eprintln!("{name:30} {best:8.2} ms {n}");
    };
    let page_in = "SELECT rowid, path FROM file INDEXED BY by_date WHERE problems IS NULL AND rowid IN (SELECT rowid FROM body WHERE body MATCH ?) ORDER BY date DESC, title COLLATE NOCASE, path LIMIT 60";
    let page_ex = "SELECT rowid, path FROM file INDEXED BY by_date WHERE problems IS NULL AND EXISTS (SELECT 1 FROM body WHERE body MATCH ?1 AND body.rowid = file.rowid) ORDER BY date DESC, title COLLATE NOCASE, path LIMIT 60";
    let count = "SELECT count(*) FROM body WHERE body MATCH ?";
    for q in ["\"ministry\"", "\"minis\"*", "\"susa\"", "\"quetzal\""] {
        t(&format!("count {q}"), count, q);
        t(&format!("page IN {q}"), page_in, q);
        t(&format!("page EXISTS {q}"), page_ex, q);
    }
    t(
        "filter count",
        "SELECT count(*) FROM file NOT INDEXED WHERE problems IS NULL AND instr(tags, ?) > 0",
        "tag7",
    );
    t(
        "filter page",
        "SELECT rowid, path FROM file INDEXED BY by_date WHERE problems IS NULL AND instr(tags, ?) > 0 ORDER BY date DESC, title COLLATE NOCASE, path LIMIT 60",
        "tag7",
    );
}
