//! The library as a user meets it: whole-screen snapshots of the list, the search and its
//! highlights, and the problems list, and the behaviour behind its keys.

mod common;

use std::path::PathBuf;

use briefing::app::effect::Effect;
use briefing::app::overlay::Overlay;
use briefing::app::state::{App, Screen};
use briefing::briefing::DEFAULT_MAX_SIZE;
use briefing::library::scan::Symlinks;
use briefing::library::source::Sources;
use briefing::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Color;

/// The fixture folder, relative (tests run from the package root), so screens that show
/// paths are the same wherever the repository is.
fn fixtures() -> PathBuf {
    PathBuf::from("tests/fixtures/library")
}

/// The library over the fixture folder, fully loaded.
fn library(width: u16, height: u16) -> App {
    common::library_of(fixtures(), width, height)
}

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.key(ch(c));
    }
}

fn draw_with(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| render(app, theme, f)).unwrap();
    terminal
}

fn draw(app: &App) -> Terminal<TestBackend> {
    draw_with(app, &Theme::default_theme(false))
}

/// The screen as text, with search hits marked: `[hit]` and `{current hit}`.
fn marked(app: &App) -> String {
    let terminal = draw_with(app, &Theme::default_theme(true));
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut open: Option<char> = None;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            let mark = match cell.bg {
                Color::Yellow => Some(('[', ']')),
                Color::LightMagenta => Some(('{', '}')),
                _ => None,
            };
            match (open, mark) {
                (None, Some((o, _))) => {
                    out.push(o);
                    open = Some(o);
                }
                (Some(o), None) => {
                    out.push(if o == '[' { ']' } else { '}' });
                    open = None;
                }
                _ => {}
            }
            out.push_str(cell.symbol());
        }
        if let Some(o) = open {
            out.push(if o == '[' { ']' } else { '}' });
        }
        out.push('\n');
    }
    out
}

/// The screen as text, one string per row, skipping the cells wide characters cover.
fn rows(app: &App) -> Vec<String> {
    let terminal = draw(app);
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let symbol = buf[(x, y)].symbol();
                row.push_str(symbol);
                let width = ratatui::text::Line::from(symbol).width().max(1);
                x += u16::try_from(width).unwrap();
            }
            row
        })
        .collect()
}

#[test]
fn library_at_80x24_and_120x40() {
    insta::assert_snapshot!("library_80x24", draw(&library(80, 24)).backend());
    insta::assert_snapshot!("library_120x40", draw(&library(120, 40)).backend());
}

#[test]
fn problems_list() {
    let mut app = library(80, 24);
    app.key(ch('!'));
    assert_eq!(app.overlay, Some(Overlay::Problems(0)));
    insta::assert_snapshot!(draw(&app).backend());
    app.key(key(KeyCode::Esc));
    assert_eq!(app.overlay, None);
}

#[test]
fn search_as_you_type_with_where_it_matched() {
    let mut app = library(100, 20);
    app.key(ch('/'));
    typed(&mut app, "zephyr");
    // The row's text is read off the key path: its excerpt comes a moment later.
    assert!(app.loading(), "the row's text is being read");
    common::finish_loading(&mut app);
    insta::assert_snapshot!("search_typing", draw(&app).backend());
    let lib = app.library.as_ref().unwrap();
    assert_eq!(lib.matching, 1);
    app.key(key(KeyCode::Enter));
    assert!(
        app.editing.is_none(),
        "Enter keeps the filter and leaves the line"
    );
    assert_eq!(app.library.as_ref().unwrap().query, "zephyr");
}

#[test]
fn a_bad_query_is_an_inline_error_and_keeps_the_list() {
    let mut app = library(100, 20);
    app.key(ch('/'));
    typed(&mut app, "tag:shipping after:notadate");
    insta::assert_snapshot!(draw(&app).backend());
    let lib = app.library.as_ref().unwrap();
    assert_eq!(
        lib.query, "tag:shipping after:",
        "the last usable query stays in force"
    );
    assert_eq!(lib.matching, 2);
}

#[test]
fn esc_cancels_the_search_line() {
    let mut app = library(100, 20);
    app.key(ch('/'));
    typed(&mut app, "grain");
    assert_eq!(app.library.as_ref().unwrap().matching, 1);
    app.key(key(KeyCode::Esc));
    assert!(app.editing.is_none());
    assert_eq!(app.library.as_ref().unwrap().query, "");
    assert_eq!(app.library.as_ref().unwrap().matching, 6);
}

#[test]
fn opening_from_a_search_lands_on_the_hit_with_highlights() {
    let mut app = library(80, 24);
    app.key(ch('/'));
    typed(&mut app, "mackerel");
    app.key(key(KeyCode::Enter));
    app.key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Reader);
    insta::assert_snapshot!("opened_at_hit", marked(&app));
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(reader.search.current, Some(0));
    assert_eq!(reader.tabs[reader.current].title, "Iceland");
    app.key(ch('n'));
    assert_eq!(
        app.reader.as_ref().unwrap().search.current,
        Some(0),
        "one hit: n stays on it"
    );
    // Esc goes back to the library, on the same row, with the filter.
    app.key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Library);
    let lib = app.library.as_ref().unwrap();
    assert_eq!(lib.query, "mackerel");
    assert_eq!(
        lib.selected().unwrap(),
        &briefing::library::source::Origin::File(
            fixtures().join("archive/2018-09-30-fisheries.toml")
        )
    );
}

#[test]
fn search_in_the_reader_highlights_every_hit_and_counts_them() {
    let mut app = library(100, 30);
    // The Armenia–Azerbaijan briefing is the third newest.
    app.key(ch('j'));
    app.key(ch('j'));
    app.key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Reader);
    app.key(ch('/'));
    typed(&mut app, "ceasefire");
    app.key(key(KeyCode::Enter));
    app.key(ch('n'));
    let screen = marked(&app);
    assert!(screen.contains("│ hit 2/"), "{screen}");
    insta::assert_snapshot!("reader_search", screen);
    // Hits are places in the text: they survive a resize, and n/N still walk them.
    app.resize(Rect::new(0, 0, 60, 30));
    assert!(marked(&app).contains("│ hit 2/"));
    app.key(ch('N'));
    app.key(ch('n'));
    let narrow = marked(&app);
    assert!(
        narrow.contains("{easefire}")
            || narrow.contains("{ceasefire}")
            || narrow.contains("{Ceasefire}"),
        "{narrow}"
    );
    assert!(narrow.contains("│ hit 2/"), "{narrow}");
}

#[test]
fn each_briefing_keeps_its_place_when_reopened() {
    let mut app = library(80, 24);
    app.key(key(KeyCode::Enter));
    app.key(ch('2'));
    for _ in 0..3 {
        app.key(ch('j'));
    }
    let (tab, top) = {
        let r = app.reader.as_ref().unwrap();
        (r.current, r.tab().top)
    };
    app.key(ch('q'));
    assert_eq!(app.screen, Screen::Library);
    app.key(key(KeyCode::Enter));
    let r = app.reader.as_ref().unwrap();
    assert_eq!((r.current, r.tab().top), (tab, top));
}

#[test]
fn sort_cycles_and_keeps_the_selection() {
    let mut app = library(120, 30);
    app.key(ch('j'));
    let selected = app.library.as_ref().unwrap().selected().cloned();
    app.key(ch('s'));
    let lib = app.library.as_ref().unwrap();
    assert_eq!(lib.sort.name(), "title");
    assert_eq!(
        lib.selected().cloned(),
        selected,
        "the selection follows the briefing"
    );
    let titles: Vec<String> = lib
        .visible()
        .map(|(_, shown)| shown.listed.title.clone().unwrap().to_lowercase())
        .collect();
    assert_eq!(titles.len(), 6);
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    app.key(ch('s'));
    assert_eq!(app.library.as_ref().unwrap().sort.name(), "region");
    app.key(ch('s'));
    assert_eq!(app.library.as_ref().unwrap().sort.name(), "date");
    assert!(rows(&app)[1].contains("sorted by date, newest first"));
}

#[test]
fn reload_keeps_the_selection_and_the_filter() {
    let mut app = library(100, 24);
    app.key(ch('/'));
    typed(&mut app, "shipping");
    app.key(key(KeyCode::Enter));
    app.key(ch('j'));
    let selected = app.library.as_ref().unwrap().selected().cloned();
    app.key(ch('R'));
    common::finish_loading(&mut app);
    let lib = app.library.as_ref().unwrap();
    assert_eq!(lib.query, "shipping");
    assert_eq!(lib.selected().cloned(), selected);
    assert_eq!(lib.failures().len(), 1);
}

#[test]
fn esc_clears_the_filter_before_quitting() {
    let mut app = library(100, 24);
    app.key(ch('/'));
    typed(&mut app, "grain");
    app.key(key(KeyCode::Enter));
    app.key(key(KeyCode::Esc));
    assert!(!app.effects.contains(&Effect::Quit));
    assert_eq!(app.library.as_ref().unwrap().query, "");
    app.key(ch('q'));
    assert!(app.effects.contains(&Effect::Quit));
}

#[test]
fn the_library_lists_what_the_index_holds_at_once_while_indexing() {
    let index = tempfile::tempdir().unwrap();
    let sources = || Sources::Paths(vec![fixtures()], Symlinks::Inside);
    let open = || {
        App::library(
            sources(),
            Some(index.path().to_path_buf()),
            DEFAULT_MAX_SIZE,
            Rect::new(0, 0, 80, 12),
        )
    };
    // The first run finds no index: nothing to list until the first files are indexed.
    let mut app = open();
    let screen = rows(&app).join("\n");
    assert!(screen.contains("indexing…"), "{screen}");
    assert!(screen.contains("Indexing…"), "{screen}");
    assert!(
        screen.contains("q quit"),
        "the key hints still fit: {screen}"
    );
    common::finish_loading(&mut app);
    assert_eq!(app.library.as_ref().unwrap().matching, 6);
    drop(app);
    // The next lists what the index holds before the walk is done, with the progress the
    // indexing thread reports.
    let mut app = open();
    assert!(app.loading());
    app.library
        .as_mut()
        .unwrap()
        .receive(briefing::archive::indexer::Report::Indexing(
            31_000, 100_000,
        ));
    insta::assert_snapshot!("library_while_indexing", draw(&app).backend());
    // Keys work while indexing.
    app.key(ch('j'));
    assert_eq!(app.library.as_ref().unwrap().selected, 1);
    app.key(ch('?'));
    assert!(matches!(app.overlay, Some(Overlay::Help(_))));
    common::finish_loading(&mut app);
    assert_eq!(app.library.as_ref().unwrap().matching, 6);
}

#[test]
fn tiny_terminal_shows_a_message() {
    let app = library(30, 6);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn long_and_wide_titles_keep_columns_aligned() {
    let app = library(90, 16);
    let rows = rows(&app);
    // Every date starts at the same column and every row is exactly the screen's width.
    let date_rows: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("-0") || r.contains("-1"))
        .collect();
    assert!(date_rows.len() >= 6, "{rows:#?}");
    for r in &date_rows {
        assert_eq!(ratatui::text::Line::from(r.as_str()).width(), 90, "{r}");
    }
    let wide = rows.iter().find(|r| r.contains("東京")).unwrap();
    let normal = rows.iter().find(|r| r.contains("Harbour")).unwrap();
    let col = |row: &str, needle: &str| {
        let at = row.find(needle).unwrap();
        ratatui::text::Line::from(&row[..at]).width()
    };
    assert_eq!(
        col(wide, "East Asia"),
        col(normal, "Baltic"),
        "\n{wide}\n{normal}"
    );
}

#[test]
fn the_problems_list_scrolls_only_as_far_as_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        std::fs::write(
            dir.path().join(format!("bad{i:02}.toml")),
            "format = 1\n[briefing]\ntitle = 3\n",
        )
        .unwrap();
    }
    let mut app = common::library_of(dir.path().to_path_buf(), 80, 24);
    app.key(ch('!'));
    // Far more presses than the list has lines.
    for _ in 0..400 {
        app.key(ch('j'));
    }
    let Some(Overlay::Problems(bottom)) = app.overlay else {
        panic!("the list is open")
    };
    assert!(bottom > 0);
    let last = rows(&app).join("\n");
    assert!(last.contains("bad29.toml"), "{last}");
    app.key(ch('k'));
    assert_eq!(
        app.overlay,
        Some(Overlay::Problems(bottom - 1)),
        "one key press moves back at once"
    );
}

#[test]
fn briefings_with_one_title_show_what_tells_them_apart() {
    // Three files of one title, and two more with the same file name in two folders, which
    // only the folder tells apart; a title of its own is shown as it is.
    let app = common::library_of(PathBuf::from("tests/fixtures/same-title"), 100, 14);
    let shown = rows(&app);
    insta::assert_snapshot!(shown.join("\n"));
    let titles: Vec<&String> = shown.iter().filter(|r| r.contains("Weekly")).collect();
    assert_eq!(titles.len(), 5);
    for (i, a) in titles.iter().enumerate() {
        for b in &titles[i + 1..] {
            assert_ne!(a, b, "two rows look the same");
        }
    }
    assert!(
        shown
            .iter()
            .any(|r| r.contains("River dispute") && !r.contains(" · river"))
    );
}

#[test]
fn ids_and_folders_that_differ_near_their_start_still_tell_rows_apart() {
    // Where the whole id or folder does not fit, what differs in it is shown, not its end,
    // which these share.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/same-title/weekly-summary-2.toml").unwrap();
    for week in 0..6 {
        let id = format!("2024-w0{week}-baltic-regional-weekly-summary-of-shipping-news");
        let with_id = text.replacen("[briefing]\n", &format!("[briefing]\nid = \"{id}\"\n"), 1);
        std::fs::write(dir.path().join(format!("{id}.toml")), with_id).unwrap();
        let folder = dir
            .path()
            .join(format!("{week}-regional-reporting-desk-archive-folder/sub"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("weekly.toml"), &text).unwrap();
    }
    let app = common::library_of(dir.path().to_path_buf(), 80, 20);
    let shown = rows(&app);
    let titles: Vec<&String> = shown.iter().filter(|r| r.contains("Weekly")).collect();
    assert_eq!(titles.len(), 12, "{shown:#?}");
    for (i, a) in titles.iter().enumerate() {
        for b in &titles[i + 1..] {
            assert_ne!(a, b, "two rows look the same");
        }
    }
    assert!(
        titles.iter().any(|r| r.contains("· …w03-baltic")),
        "{titles:#?}"
    );
    assert!(
        titles.iter().any(|r| r.contains("· …3-regional")),
        "{titles:#?}"
    );
}

#[test]
fn what_cannot_be_searched_for_is_an_inline_message_and_keeps_the_list() {
    let mut app = library(100, 20);
    app.key(ch('/'));
    typed(&mut app, "grain");
    assert_eq!(app.library.as_ref().unwrap().matching, 1);
    // `^` has nothing to search for, and stays in the line as more is typed.
    for more in [" ^", " NEAR(", " \"unclosed"] {
        typed(&mut app, more);
        let lib = app.library.as_ref().unwrap();
        let message = &lib.query_error.as_ref().expect("an inline message").message;
        assert!(message.contains("no letters or digits"), "{message}");
        assert!(rows(&app).join("\n").contains("no letters or digits"));
        assert_eq!(
            lib.query.trim(),
            "grain",
            "the last usable query stays in force"
        );
        assert_eq!(lib.matching, 1);
    }
}

#[test]
fn the_date_column_takes_the_configured_format_where_it_fits_and_iso_where_not() {
    let (config, problems) = briefing::config::parse("date_format = \"%A %-d %B %Y\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    let mut wide = library(100, 12);
    wide.configure(briefing::terminal::Options {
        dates: config.date_format.clone(),
        keymap: wide.options.keymap.clone(),
        ..Default::default()
    });
    insta::assert_snapshot!("library_date_format_100x12", draw(&wide).backend());
    let mut narrow = library(44, 12);
    narrow.configure(briefing::terminal::Options {
        dates: config.date_format,
        keymap: narrow.options.keymap.clone(),
        ..Default::default()
    });
    let rows = rows(&narrow);
    assert!(rows[4].contains("2024-03-01  Harbour talks"), "{rows:#?}");
}
