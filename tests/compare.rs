//! The compare view, as a user sees it: whole screens at three sizes (wide characters,
//! combining marks, a party with no statements, dates and undated statements), the originals
//! shown alone, the keys that move it, and `brief print --compare`.

use briefing::app::effect::Effect;
use briefing::app::state::App;
use briefing::briefing::{Briefing, parse};
use briefing::bundled::BRIEFINGS;
use briefing::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn bundled() -> Briefing<'static> {
    parse(BRIEFINGS[0].1.to_string()).briefing.unwrap()
}

fn fixture() -> Briefing<'static> {
    let path = format!("{}/tests/fixtures/compare.toml", env!("CARGO_MANIFEST_DIR"));
    parse(std::fs::read_to_string(path).unwrap())
        .briefing
        .unwrap()
}

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn screen(b: Briefing<'static>, (width, height): (u16, u16), keys: &[KeyEvent]) -> App {
    let mut app = App::reader(b, Rect::new(0, 0, width, height));
    for k in keys {
        app.key(*k);
    }
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| render(app, &Theme::default_theme(false), f))
        .unwrap();
    t
}

fn text(app: &App) -> String {
    let t = draw(app);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            row + "\n"
        })
        .collect()
}

#[test]
fn the_bundled_briefing_side_by_side_at_80x24() {
    let app = screen(bundled(), (80, 24), &[ch('c')]);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn wide_text_dates_and_a_silent_party_at_three_sizes() {
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        let app = screen(fixture(), (w, h), &[ch('c')]);
        insta::assert_snapshot!(format!("compare_fixture_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn originals_alone_in_the_party_tab_and_side_by_side() {
    let app = screen(bundled(), (80, 24), &[ch('2'), ch('o'), ch('o')]);
    insta::assert_snapshot!("originals_only_armenia", draw(&app).backend());
    let screen_text = text(&app);
    assert!(screen_text.contains("Suren Papikyan mengatakan"));
    assert!(!screen_text.contains("Said he spoke"), "{screen_text}");
    let app = screen(bundled(), (80, 24), &[ch('o'), ch('o'), ch('c')]);
    let screen_text = text(&app);
    assert!(screen_text.contains("(original, id)"), "{screen_text}");
    // Back to both.
    let app = screen(bundled(), (80, 24), &[ch('2'), ch('o'), ch('o'), ch('o')]);
    let screen_text = text(&app);
    assert!(screen_text.contains("Said he spoke") && screen_text.contains("Original (id):"));
}

#[test]
fn a_narrow_terminal_gets_one_column_and_says_so() {
    let app = screen(bundled(), (60, 24), &[ch('c')]);
    let screen_text = text(&app);
    assert!(
        screen_text.contains("one column: 77 columns show two"),
        "{screen_text}"
    );
    let rules = screen_text
        .lines()
        .filter(|l| l.contains('│') && !l.contains("Compare │"));
    assert_eq!(rules.count(), 0, "{screen_text}");
}

#[test]
fn esc_goes_back_to_the_tab_at_the_focused_statement() {
    // Azerbaijan's tab, its second statement focused; compare; over to Armenia's column.
    let mut app = screen(
        bundled(),
        (80, 24),
        &[ch('3'), ch('}'), ch('}'), ch('c'), ch('l')],
    );
    let shown = text(&app);
    assert!(shown.contains(" Azerbaijan (2) "), "{shown}");
    app.key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    let r = app.reader.as_ref().unwrap();
    assert!(r.compare.is_none());
    assert_eq!(r.tab().title, "Armenia");
    let focused = r.focused();
    assert_eq!(
        focused,
        Some(briefing::briefing::parts::Part::Statement { party: 0, index: 1 })
    );
    // Esc again drops the focus, and the reader is still open.
    app.key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(!app.effects.contains(&Effect::Quit));
}

#[test]
fn print_compare_in_columns_and_as_a_markdown_table() {
    let path = format!("{}/tests/fixtures/compare.toml", env!("CARGO_MANIFEST_DIR"));
    let out = assert_cmd::Command::cargo_bin("brief")
        .unwrap()
        .args(["print", "--compare", "--width", "100", &path])
        .env(
            "BRIEF_CACHE_DIR",
            std::env::temp_dir().join("brief-test-no-cache"),
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("print_compare_100", String::from_utf8(out).unwrap());
    let out = assert_cmd::Command::cargo_bin("brief")
        .unwrap()
        .args(["print", "--compare", "--format", "markdown", &path])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("print_compare_markdown", String::from_utf8(out).unwrap());
}

#[test]
fn a_search_says_when_its_words_are_in_the_hidden_wording() {
    // "menstabilkan" is only in the Indonesian originals.
    let mut app = screen(bundled(), (100, 24), &[ch('/')]);
    for c in "menstabilkan".chars() {
        app.key(ch(c));
    }
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(!app.reader.as_ref().unwrap().search.hits.is_empty());
    app.key(ch('o'));
    let shown = text(&app);
    assert!(
        shown.contains("only in hidden wordings: o shows them"),
        "{shown}"
    );
    app.key(ch('o'));
    let r = app.reader.as_ref().unwrap();
    assert!(
        !r.search.hits.is_empty(),
        "shown again with the originals alone"
    );
    assert_eq!(r.search.hidden, 0);
}

#[test]
fn the_originals_mode_is_remembered_in_the_store() {
    use briefing::store::service::Service;
    let dir = tempfile::tempdir().unwrap();
    let location = briefing::store::location::Location::Folder(dir.path().to_path_buf());
    let mut app = screen(bundled(), (80, 24), &[ch('o'), ch('o')]);
    let service = Service::start(location.clone());
    for request in app.memory.take_requests() {
        service.send(request);
    }
    service.finish(std::time::Duration::from_secs(10));
    // A new session, on another briefing view, hears it from the store.
    let mut fresh = screen(bundled(), (80, 24), &[]);
    let service = Service::start(location);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if let Some(report) = service.try_recv() {
            fresh.remember(report);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let mode = fresh.reader.as_ref().unwrap().shown.originals;
    assert_eq!(mode, briefing::document::Originals::Original);
}

#[test]
fn too_small_says_how_to_close_the_comparison() {
    let mut app = screen(bundled(), (80, 24), &[ch('c')]);
    app.resize(Rect::new(0, 0, 25, 8));
    let shown = text(&app);
    assert!(shown.contains("Esc closes the"), "{shown}");
}

#[test]
fn the_readers_search_is_highlighted_in_the_compare_view() {
    let mut keys = vec![ch('/')];
    keys.extend("shoigu".chars().map(ch));
    keys.extend([KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), ch('c')]);
    let app = screen(bundled(), (120, 40), &keys);
    let theme = Theme::default_theme(true);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| render(&app, &theme, f)).unwrap();
    let buf = t.backend().buffer();
    // Every highlighted cell, as text, row by row.
    let lit: Vec<String> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .filter(|&x| buf[(x, y)].bg == theme.highlight.bg.unwrap())
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .filter(|row| !row.is_empty())
        .collect();
    assert!(!lit.is_empty(), "{}", text(&app));
    assert!(
        lit.iter().all(|row| row.to_lowercase().contains("shoigu")),
        "{lit:?}"
    );
    let screen_text = text(&app);
    assert!(screen_text.contains("│ 2 hits (n, N)"), "{screen_text}");
    // `n` focuses each cell that holds a hit in turn, row by row and left to right, and round
    // again; `N` goes back.
    let mut keys = vec![ch('/')];
    keys.extend("armenia".chars().map(ch));
    keys.extend([KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), ch('c')]);
    let mut app = screen(bundled(), (120, 40), &keys);
    let lit: Vec<(usize, usize)> = {
        let grid = &app.reader.as_ref().unwrap().compare.as_ref().unwrap().grid;
        (0..grid.rows.len())
            .flat_map(|r| (0..grid.sides.len()).map(move |c| (r, c)))
            .filter(|&(r, c)| grid.cell(r, c).is_some_and(|cell| !cell.hits.is_empty()))
            .collect()
    };
    assert!(lit.len() >= 3, "{lit:?}");
    let focus = |app: &App| app.reader.as_ref().unwrap().compare.as_ref().unwrap().focus;
    for expected in lit.iter().chain(lit.first()) {
        app.key(ch('n'));
        assert_eq!(focus(&app), Some(*expected));
    }
    app.key(ch('N'));
    assert_eq!(focus(&app), lit.last().copied(), "N goes back round");
}
