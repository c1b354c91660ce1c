//! Property tests for everything that takes text: sanitising, wrapping, drawing and loading
//! never panic, never leave their bounds, and never let a control character through.

mod common;

use briefing::app::state::App;
use briefing::briefing::sanitize::{Lines, sanitize};
use briefing::briefing::{
    Briefing, Party, Reaction, Source, Statement, StatementKind, Summary, Text, When, load_bytes,
};
use briefing::document::{Document, Role, Wrapped};
use briefing::text::display_width;
use briefing::ui::{Theme, render};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

/// Text mixing what breaks layouts: wide and zero-width characters, combining marks, emoji
/// sequences, controls, bidi controls, spaces and newlines.
fn nasty_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zA-Z]{1,12}",
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\r".to_string()),
        "[\u{4e00}-\u{4e80}]{1,6}",
        "[\u{ac00}-\u{ac40}]{1,4}",
        Just("e\u{301}\u{302}\u{303}".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("🇯🇵".to_string()),
        Just("❤\u{fe0f}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{9b}2J".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{200d}".to_string()),
        Just(" \u{200d}".to_string()),
        Just("\u{301}".to_string()),
        Just("\u{fe0f}".to_string()),
        Just("\u{e0041}".to_string()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{e0000}'..='\u{e007f}')
}

/// One-line text cut from `text` as the loader would have cleaned it, had it been a field.
fn cut(text: impl Iterator<Item = char>) -> Text<'static> {
    sanitize(&text.collect::<String>(), Lines::Single)
        .into_owned()
        .into()
}

fn statement(text: Text<'static>) -> Statement<'static> {
    Statement {
        speaker: cut(text.chars().take(20)),
        role: Some(cut(text.chars().rev().take(10))),
        date: None,
        kind: if text.len().is_multiple_of(2) {
            StatementKind::Quote
        } else {
            StatementKind::Paraphrase
        },
        text,
        source: Some(0),
        credibility: None,
        original: None,
    }
}

/// A briefing whose every field is `text`, cleaned the way the loader cleans it.
fn briefing_of(raw: &str) -> Briefing<'static> {
    let line: Text<'static> = sanitize(raw, Lines::Single).into_owned().into();
    let multi: Text<'static> = sanitize(raw, Lines::Multi).into_owned().into();
    Briefing {
        id: None,
        title: line.clone(),
        date: When {
            year: 2024,
            month: 1,
            day: 2,
            time: None,
            offset_minutes: None,
        },
        region: Some(line.clone()),
        tags: vec![line.clone()],
        marking: Some(line.clone()),
        language: None,
        summary: Summary {
            bluf: multi.clone(),
            key_points: vec![line.clone()],
            text: multi.clone(),
        },
        parties: vec![Party {
            name: line.clone(),
            role: Some(line.clone()),
            position: Some(line.clone()),
            statements: vec![statement(multi.clone())],
        }],
        reactions: vec![Reaction {
            actor: line.clone(),
            statement: statement(multi.clone()),
        }],
        background: vec![],
        sources: vec![Source {
            id: line.clone(),
            name: line.clone(),
            kind: Some(line.clone()),
            url: Some(line.clone()),
            language: Some(line),
            reliability: None,
        }],
        comments: vec![],
    }
}

/// Every line of `raw`, wrapped to `width` as a paragraph, a quote and a bullet, fits the
/// width, but for one grapheme wider than it, which drawing clips; and every line can be
/// returned to.
fn wrapped_fit(raw: &str, width: u16) -> Result<(), TestCaseError> {
    use unicode_segmentation::UnicodeSegmentation;
    let text = sanitize(raw, Lines::Multi);
    let mut doc = Document::default();
    doc.text(Role::Body, &text);
    doc.para()
        .indent(3)
        .gutter("┃ ", Role::QuoteBar)
        .push(Role::Quote, &text);
    doc.para()
        .push(Role::Label, "•")
        .hang(2)
        .push(Role::Body, &text);
    let wrapped = Wrapped::new(&doc, width);
    // A grapheme may be wider than two columns (a sequence of emoji a terminal may draw
    // apart): the widest, after the quote's indent and bar, is the most a line may overflow.
    let widest = (text.graphemes(true))
        .map(briefing::text::grapheme_width)
        .max()
        .unwrap_or(0)
        .max(2);
    for line in &wrapped.lines {
        let plain = line.plain(&doc);
        let w = display_width(&plain);
        prop_assert!(
            w <= usize::from(width) || w <= 3 + 2 + widest,
            "{w} > {width}: {plain:?}"
        );
    }
    // Anchors increase strictly, so every line can be returned to.
    for pair in wrapped.lines.windows(2) {
        prop_assert!(pair[0].anchor < pair[1].anchor);
    }
    for (i, line) in wrapped.lines.iter().enumerate() {
        prop_assert_eq!(wrapped.line_of(line.anchor), i);
    }
    Ok(())
}

/// Found by the property above: two families joined by a combining mark and a joiner are one
/// grapheme four columns wide, which overflows five columns alone after the quote's bar.
#[test]
fn a_grapheme_wider_than_two_columns_overflows_alone() {
    wrapped_fit(
        "👩\u{200d}👩\u{200d}👧\u{301}\u{200d}👩\u{200d}👩\u{200d}👧",
        5,
    )
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sanitised_text_has_no_controls_and_is_stable(raw in nasty_text()) {
        for lines in [Lines::Single, Lines::Multi] {
            let clean = sanitize(&raw, lines);
            prop_assert!(!clean.chars().any(is_forbidden), "{clean:?}");
            if lines == Lines::Single {
                prop_assert!(!clean.contains('\n'));
            }
            let again = sanitize(&clean, lines).into_owned();
            prop_assert_eq!(again, clean.into_owned());
        }
    }

    #[test]
    fn wrapped_lines_fit_their_width(raw in nasty_text(), width in 1u16..=200) {
        wrapped_fit(&raw, width)?;
    }

    #[test]
    fn every_tab_draws_inside_any_screen(
        raw in nasty_text(),
        width in 1u16..=200,
        height in 1u16..=60,
        tab in 0usize..6,
        scroll in 0usize..50,
        search in nasty_text(),
    ) {
        let mut app = App::reader(briefing_of(&raw), Rect::new(0, 0, width, height));
        app.update(briefing::app::action::Action::GoToTab(tab));
        let reader = app.reader.as_mut().unwrap();
        reader.scroll_to(scroll);
        // Highlights of arbitrary hits, including ones that split wide characters' lines.
        let word: String = search.chars().take(3).collect();
        reader.set_search(&word, &briefing::library::query::parse(&word).unwrap_or_default());
        reader.update(briefing::app::action::Action::NextHit);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let theme = Theme::default_theme(true);
        terminal.draw(|f| render(&app, &theme, f)).unwrap();
        // No cell holds only zero-width characters, or ends with a joiner, which a terminal
        // would join to the next cell's character and so shift the rest of the row.
        for cell in terminal.backend().buffer().content() {
            let symbol = cell.symbol();
            prop_assert!(!symbol.ends_with('\u{200d}'), "{symbol:?}");
            prop_assert!(symbol.is_empty() || display_width(symbol) > 0, "{symbol:?}");
        }
        // Nothing is drawn in the text area's right margin (the last column).
        if let Some(area) = app.reader.as_ref().unwrap().text_area() {
            let buf = terminal.backend().buffer();
            let right = area.x + area.width;
            for y in area.y..area.y + area.height {
                for x in right..width {
                    prop_assert_eq!(buf[(x, y)].symbol(), " ", "({}, {}) at {}x{}", x, y, width, height);
                }
            }
        }
    }

    #[test]
    fn excerpts_never_end_a_character_with_a_joiner(raw in nasty_text(), at in 0usize..400) {
        let text = sanitize(&raw, Lines::Multi);
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let shown = briefing::text::excerpt(&text, at, 5, 9);
        for g in shown.graphemes(true) {
            prop_assert!(!g.ends_with('\u{200d}'), "{shown:?}");
        }
    }

    #[test]
    fn loading_random_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let outcome = load_bytes(bytes);
        prop_assert!(outcome.briefing.is_some() || outcome.errors().count() > 0);
    }

    #[test]
    fn loading_near_valid_toml_never_panics(
        title in nasty_text(),
        junk in "[\\[\\]{}=\"',.a-z0-9 \n]{0,40}",
        cut in 0usize..300,
    ) {
        let text = format!(
            "format = 1\n[briefing]\ntitle = {title:?}\ndate = 2024-01-01\n[summary]\nbluf = \"b\"\n{junk}\n[[parties]]\nname = \"A\"\n"
        );
        let mut cut_at = cut.min(text.len());
        while !text.is_char_boundary(cut_at) { cut_at -= 1; }
        for candidate in [text.clone(), text[..cut_at].to_string()] {
            let outcome = load_bytes(candidate.into_bytes());
            prop_assert!(outcome.briefing.is_some() || outcome.errors().count() > 0);
            let report = outcome.report("p");
            prop_assert!(!report.chars().any(|c| is_forbidden(c) && c != '\n'), "{report:?}");
        }
    }
}

proptest! {
    // Each case prints a whole briefing of up to forty parties: fewer cases.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn printed_text_fits_its_width(
        raw in nasty_text(),
        names in prop::collection::vec(nasty_text(), 1..40),
        // The narrowest widths half the time: that is where sentences overflow.
        width in prop_oneof![20u16..=24, 25u16..=120],
    ) {
        let mut b = briefing_of(&raw);
        let party = b.parties[0].clone();
        b.parties = names
            .iter()
            .enumerate()
            .map(|(i, name)| Party {
                name: sanitize(name, Lines::Single).into_owned().into(),
                // Every other party records no statement, which the comparison says.
                statements: if i % 2 == 1 { Vec::new() } else { party.statements.clone() },
                ..party.clone()
            })
            .collect();
        let mut out = Vec::new();
        briefing::export::text::write(&mut out, &b, width).unwrap();
        briefing::export::compare::write_text(&mut out, &b, width).unwrap();
        let out = String::from_utf8(out).unwrap();
        for line in out.lines() {
            prop_assert!(display_width(line) <= usize::from(width), "{} > {width}: {line:?}", display_width(line));
        }
    }
}

/// The bundled briefing in the reader at `width`×`height`, holding three notes of `body`: on
/// Blinken's quote, on the briefing, and on a statement no longer there (with `body` as the
/// text it was written against).
fn annotated(body: &str, width: u16, height: u16) -> App {
    use briefing::briefing::parts::Kind;
    use briefing::memory::Note;
    let id = common::BUNDLED_ID;
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("briefings/{id}.toml")),
    )
    .unwrap();
    let b = briefing::briefing::parse(text.clone()).briefing.unwrap();
    let mut app = App::reader(b, Rect::new(0, 0, width, height)).read_from(text);
    // The author is as hostile as the body.
    let note = |id: &str, on| Note {
        author: body.chars().take(8).collect(),
        ..common::note(id, on, body)
    };
    let blinken = "As we have long made clear, there will be no military solution to the conflict.";
    let notes = vec![
        note("n1", Some((Kind::Reaction, "Antony Blinken", blinken))),
        note("n2", None),
        note("n3", Some((Kind::Statement, body, body))),
    ];
    app.remember(common::holding(notes));
    app
}

proptest! {
    // Each case builds the bundled briefing's reader: fewer cases.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Notes are the analyst's own text, but may come from an import: under their statement,
    /// in the Notes tab and in the editor, no control or bidi character reaches a cell.
    #[test]
    fn notes_of_any_text_draw_clean(
        body in nasty_text(),
        width in 20u16..=140,
        height in 6u16..=50,
    ) {
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let mut app = annotated(&body, width, height);
        let theme = Theme::default_theme(true);
        for keys in ["5", "8", "5}}a"] {
            for c in keys.chars() {
                app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            }
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|f| render(&app, &theme, f)).unwrap();
            let screen: String =
                terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect();
            // The notes are there to be drawn: the Notes tab counts them.
            if keys == "8" && width >= 40 && height >= 12 {
                prop_assert!(screen.contains("NOTES (3)"), "{screen}");
            }
            for cell in terminal.backend().buffer().content() {
                let symbol = cell.symbol();
                prop_assert!(!symbol.chars().any(is_forbidden), "after {keys}: {symbol:?}");
                prop_assert!(symbol.is_empty() || display_width(symbol) > 0, "{symbol:?}");
            }
        }
    }
}

/// The bundled briefing, indexed in memory, and its words as the index holds them.
fn indexed() -> (briefing::archive::Archive, Vec<String>) {
    use briefing::library::source::Origin;
    let mut archive = briefing::archive::Archive::in_memory();
    archive
        .put_origin(&Origin::Bundled(0), briefing::briefing::DEFAULT_MAX_SIZE)
        .unwrap();
    let b = Origin::Bundled(0).load(1 << 22).briefing.unwrap();
    let row = briefing::archive::row::Row::of(&b, 0, || "b".into());
    let mut words: Vec<String> = row
        .text
        .iter()
        .flat_map(|t| {
            briefing::archive::fts::words(t)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    (archive, words)
}

/// Every word the index finds the bundled briefing by, typed lowercase or uppercase, the
/// reader shows at least once: the list and the reader's hits never disagree. (All of them,
/// not a sample: a word missed would be missed every time.)
#[test]
fn what_the_index_finds_the_reader_shows() {
    use briefing::archive::{plan::Plan, search::Order};
    let (archive, words) = indexed();
    assert!(words.len() > 300, "{}", words.len());
    let b = briefing::library::source::Origin::Bundled(0)
        .load(1 << 22)
        .briefing
        .unwrap();
    let mut app = App::reader(b, Rect::new(0, 0, 80, 24));
    let reader = app.reader.as_mut().unwrap();
    for word in &words {
        for typed in [word.clone(), word.to_uppercase()] {
            let query = briefing::library::query::parse(&typed).unwrap();
            let plan = Plan::of(&query, false).unwrap();
            let page = archive
                .search(
                    &plan,
                    Order::Date,
                    0,
                    10,
                    &briefing::archive::scope::Scope::everything(),
                )
                .unwrap();
            assert_eq!(page.total, 1, "the index finds its own word {word}");
            reader.set_search(&typed, &query);
            assert!(
                !reader.search.hits.is_empty(),
                "no hit of {typed} in the reader"
            );
        }
    }
}

/// Compatibility forms (a ligature, full-width letters, a circled digit) are found by the
/// index and shown by the reader, typed plainly or as written, and the reader's hit is the
/// text as written: library hits and reader hits agree on them too.
#[test]
fn what_the_index_finds_the_reader_shows_in_compatibility_forms() {
    use briefing::archive::{plan::Plan, search::Order};
    use briefing::library::source::Origin;
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings/2022-09-12-armenia-azerbaijan-border.toml"),
    )
    .unwrap()
    .replacen(
        "bluf = \"\"\"\n",
        "bluf = \"\"\"\nThe ﬁnance of ＡＢＣ and Ｓｕşa ① ㎒. ",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compat.toml");
    std::fs::write(&path, &text).unwrap();
    let mut archive = briefing::archive::Archive::in_memory();
    archive
        .put_origin(&Origin::File(path), briefing::briefing::DEFAULT_MAX_SIZE)
        .unwrap();
    let b = briefing::briefing::parse(text).briefing.unwrap();
    let mut app = App::reader(b, Rect::new(0, 0, 80, 24));
    let reader = app.reader.as_mut().unwrap();
    for (typed, shown) in [
        ("finance", "ﬁnance"),
        ("FINANCE", "ﬁnance"),
        ("ﬁnance", "ﬁnance"),
        ("abc", "ＡＢＣ"),
        ("ＡＢＣ", "ＡＢＣ"),
        ("ａｂｃ", "ＡＢＣ"),
        ("susa", "Ｓｕşa"),
        ("1", "①"),
        ("mhz", "㎒"),
    ] {
        let query = briefing::library::query::parse(typed).unwrap();
        let plan = Plan::of(&query, false).unwrap();
        let page = archive
            .search(
                &plan,
                Order::Date,
                0,
                10,
                &briefing::archive::scope::Scope::everything(),
            )
            .unwrap();
        assert_eq!(page.total, 1, "the index finds {typed}");
        reader.set_search(typed, &query);
        let hit = (reader.search.hits.iter())
            .find(|hit| {
                let doc = reader.tabs[hit.tab].document.as_ref().unwrap();
                doc.blocks[hit.block].text[hit.range.clone()] == *shown
            })
            .map(|_| ());
        assert!(hit.is_some(), "no hit of {typed} as {shown} in the reader");
    }
}

#[test]
fn the_reader_finds_names_however_they_are_typed() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings/2022-09-12-armenia-azerbaijan-border.toml"),
    )
    .unwrap()
    .replacen(
        "bluf = \"\"\"\n",
        "bluf = \"\"\"\nShelling near Şuşa and Straße. ",
        1,
    );
    let b = briefing::briefing::parse(text).briefing.unwrap();
    let mut app = App::reader(b, Rect::new(0, 0, 80, 24));
    let reader = app.reader.as_mut().unwrap();
    for typed in ["susa", "SUSA", "şuşa", "strasse"] {
        let query = briefing::library::query::parse(typed).unwrap();
        reader.set_search(typed, &query);
        let hit = reader.search.hits.first().expect(typed);
        let doc = reader.tabs[hit.tab].document.as_ref().unwrap();
        let block = &doc.blocks[hit.block];
        let shown = &block.text[hit.range.clone()];
        assert!(["Şuşa", "Straße"].contains(&shown), "{typed}: {shown:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Cells of the compare view never draw outside their column: at any width, the column
    /// right of each one's text is blank on every row of the grid and the rule between
    /// columns is whole, however hostile the text and whatever the focus.
    #[test]
    fn compare_cells_stay_in_their_columns(
        raw in nasty_text(),
        names in prop::collection::vec(nasty_text(), 1..6),
        width in 1u16..=300,
        height in 12u16..=40,
        scroll in 0usize..30,
    ) {
        use briefing::app::action::Action;
        use briefing::geometry::compare::columns;
        let mut b = briefing_of(&raw);
        let party = b.parties[0].clone();
        b.parties = names
            .iter()
            .map(|name| Party {
                name: sanitize(name, Lines::Single).into_owned().into(),
                statements: vec![party.statements[0].clone(); 1 + name.len() % 3],
                ..party.clone()
            })
            .collect();
        let sides = b.parties.len() + 1;
        let mut app = App::reader(b, Rect::new(0, 0, width, height));
        app.update(Action::Compare);
        app.update(Action::FocusNext);
        for _ in 0..scroll {
            app.update(Action::LineDown);
        }
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| render(&app, &Theme::default_theme(false), f)).unwrap();
        let Some(cols) = columns(Rect::new(0, 0, width, height), true, sides) else {
            return Ok(());
        };
        let buf = terminal.backend().buffer();
        let grid = cols.grid;
        for y in grid.y..grid.bottom() {
            let row: String = (0..width).map(|x| buf[(x, y)].symbol().to_string()).collect();
            // A day's label spans the width, and blank rows (under a label, past the last
            // row) hold no cells: only rows of cells are held to their columns.
            if row.trim_start().starts_with("──") || row.trim().is_empty() {
                continue;
            }
            for c in 0..cols.count {
                let after = cols.x(c) + cols.width;
                if after < width {
                    prop_assert_eq!(buf[(after, y)].symbol(), " ", "column {} overflows at row {}: {}", c, y, row);
                }
                if c > 0 {
                    prop_assert_eq!(buf[(cols.x(c) - 2, y)].symbol(), "│", "rule broken at row {}: {}", y, row);
                }
            }
        }
    }
}
