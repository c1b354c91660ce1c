//! Whole-screen snapshots of the reader at fixed sizes, driven by synthetic key presses
//! through the same key table the real terminal uses.

use briefing::app::effect::Effect;
use briefing::app::reader::Reader;
use briefing::app::state::App;
use briefing::briefing::{Briefing, parse};
use briefing::bundled::BRIEFINGS;
use briefing::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn bundled() -> Briefing<'static> {
    parse(BRIEFINGS[0].1.to_string())
        .briefing
        .expect("bundled briefing loads")
}

fn fixture(name: &str) -> Briefing<'static> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let outcome = parse(std::fs::read_to_string(path).unwrap());
    let report = outcome.report(name);
    outcome.briefing.unwrap_or_else(|| panic!("{report}"))
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

/// The reader on `briefing` at `width`×`height`.
fn open(briefing: Briefing<'static>, width: u16, height: u16) -> App {
    App::reader(briefing, Rect::new(0, 0, width, height))
}

/// Presses `keys` in order.
fn press(app: &mut App, keys: &[KeyEvent]) {
    for k in keys {
        app.key(*k);
    }
}

fn reader(app: &App) -> &Reader {
    app.reader.as_ref().expect("the reader is open")
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    let theme = Theme::default_theme(false);
    terminal.draw(|f| render(app, &theme, f)).unwrap();
    terminal
}

fn screen(
    briefing: Briefing<'static>,
    width: u16,
    height: u16,
    keys: &[KeyEvent],
) -> Terminal<TestBackend> {
    let mut app = open(briefing, width, height);
    press(&mut app, keys);
    draw(&app)
}

/// The visible text of the screen, row by row.
fn text(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn every_tab_at_80x24_and_120x40() {
    let tabs = [
        "summary",
        "armenia",
        "azerbaijan",
        "russia",
        "reactions",
        "background",
        "sources",
    ];
    for (width, height) in [(80, 24), (120, 40)] {
        for (i, name) in tabs.iter().enumerate() {
            let digit = char::from(b'1' + i as u8);
            let t = screen(bundled(), width, height, &[ch(digit)]);
            insta::assert_snapshot!(format!("tab_{i}_{name}_{width}x{height}"), t.backend());
        }
    }
}

#[test]
fn help_overlay() {
    let t = screen(bundled(), 80, 24, &[ch('?')]);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn help_overlay_scrolls_on_a_short_screen() {
    let t = screen(bundled(), 60, 12, &[ch('?'), ch('j'), ch('j')]);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn too_small() {
    let t = screen(bundled(), 28, 8, &[]);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn zero_width_characters_never_take_a_cell_of_their_own() {
    // The joiners that joined nothing are gone; invisible text stands on a dotted circle; the
    // family emoji stays one character.
    let t = screen(fixture("hostile/zero_width.toml"), 60, 16, &[ch('2')]);
    insta::assert_snapshot!(t.backend());
    for cell in t.backend().buffer().content() {
        assert!(!cell.symbol().ends_with('\u{200d}'), "{:?}", cell.symbol());
    }
    let summary = text(&screen(fixture("hostile/zero_width.toml"), 60, 16, &[]));
    assert!(summary.iter().any(|l| l.contains("👩\u{200d}👩\u{200d}👧")));
}

#[test]
fn wide_text_at_odd_widths() {
    for (w, h) in [(41, 18), (77, 25), (33, 12)] {
        let t = screen(fixture("wide.toml"), w, h, &[]);
        insta::assert_snapshot!(format!("wide_summary_{w}x{h}"), t.backend());
    }
    let t = screen(fixture("wide.toml"), 41, 18, &[ch('2')]);
    insta::assert_snapshot!("wide_party_41x18", t.backend());
    let t = screen(fixture("wide.toml"), 57, 16, &[ch('6')]);
    insta::assert_snapshot!("wide_sources_57x16", t.backend());
}

#[test]
fn end_of_a_tab() {
    let t = screen(bundled(), 80, 24, &[ch('5'), ch('G')]);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn scrolling_keys_move_by_line_half_page_and_page() {
    let mut state = open(bundled(), 80, 24);
    let rows = reader(&state).text_area().unwrap().height as usize;
    press(&mut state, &[ch('j'), ch('j'), key(KeyCode::Down)]);
    assert_eq!(reader(&state).tab().top, 3);
    press(&mut state, &[ch('k'), key(KeyCode::Up)]);
    assert_eq!(reader(&state).tab().top, 1);
    press(
        &mut state,
        &[KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)],
    );
    assert_eq!(reader(&state).tab().top, 1 + rows / 2);
    press(
        &mut state,
        &[KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)],
    );
    assert_eq!(reader(&state).tab().top, 1);
    press(&mut state, &[ch('g'), ch(' ')]);
    assert_eq!(reader(&state).tab().top, rows);
    press(&mut state, &[ch('b')]);
    assert_eq!(reader(&state).tab().top, 0);
    press(&mut state, &[key(KeyCode::End)]);
    let (top, total, shown) = reader(&state).position().unwrap();
    assert_eq!(top + shown, total, "End shows the last line at the bottom");
    press(&mut state, &[ch('j')]);
    assert_eq!(reader(&state).tab().top, top, "cannot scroll past the end");
    press(&mut state, &[key(KeyCode::Home)]);
    assert_eq!(reader(&state).tab().top, 0);
}

#[test]
fn tab_keys_cycle_and_jump() {
    let mut state = open(bundled(), 80, 24);
    let n = reader(&state).tabs.len();
    press(
        &mut state,
        &[key(KeyCode::Tab), ch('l'), key(KeyCode::Right)],
    );
    assert_eq!(reader(&state).current, 3);
    press(&mut state, &[ch('h'), key(KeyCode::Left)]);
    assert_eq!(reader(&state).current, 1);
    press(
        &mut state,
        &[KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)],
    );
    assert_eq!(reader(&state).current, 0);
    press(&mut state, &[key(KeyCode::BackTab).with_shift()]);
    assert_eq!(
        reader(&state).current,
        n - 1,
        "previous from the first wraps to the last"
    );
    press(&mut state, &[ch('9')]);
    assert_eq!(
        reader(&state).current,
        n - 1,
        "a digit past the last tab does nothing"
    );
    press(&mut state, &[ch('1')]);
    assert_eq!(reader(&state).current, 0);
}

trait WithShift {
    fn with_shift(self) -> Self;
}

impl WithShift for KeyEvent {
    fn with_shift(mut self) -> Self {
        self.modifiers |= KeyModifiers::SHIFT;
        self
    }
}

#[test]
fn each_tab_keeps_its_own_place() {
    let mut state = open(bundled(), 80, 24);
    press(&mut state, &[ch('j'), ch('j'), ch('j'), ch('2'), ch('j')]);
    assert_eq!(reader(&state).tab().top, 1);
    press(&mut state, &[ch('1')]);
    assert_eq!(reader(&state).tab().top, 3);
    press(&mut state, &[ch('2')]);
    assert_eq!(reader(&state).tab().top, 1);
}

#[test]
fn resize_keeps_the_same_words_at_the_top() {
    let mut state = open(bundled(), 120, 40);
    press(&mut state, &[ch('j'); 12]);
    let before = text(&draw(&state))[5].trim().to_string();
    state.resize(Rect::new(0, 0, 60, 30));
    let narrow = text(&draw(&state))[5].trim().to_string();
    state.resize(Rect::new(0, 0, 120, 40));
    let after = text(&draw(&state))[5].trim().to_string();
    let first_word = |s: &str| s.split_whitespace().next().unwrap_or_default().to_string();
    assert_eq!(
        first_word(&narrow),
        first_word(&before),
        "{before:?} vs {narrow:?}"
    );
    assert_eq!(after, before);
}

#[test]
fn resize_to_too_small_and_back_keeps_the_place() {
    let mut state = open(bundled(), 80, 24);
    press(&mut state, &[ch('4'), ch('j'), ch('j')]);
    let before = text(&draw(&state));
    state.resize(Rect::new(0, 0, 10, 5));
    assert!(text(&draw(&state)).join("\n").contains("small"));
    state.resize(Rect::new(0, 0, 80, 24));
    assert_eq!(text(&draw(&state)), before);
}

#[test]
fn esc_closes_help_before_quitting() {
    let mut state = open(bundled(), 80, 24);
    press(&mut state, &[ch('?'), key(KeyCode::Esc)]);
    assert!(state.overlay.is_none());
    assert!(!state.effects.contains(&Effect::Quit));
    press(&mut state, &[ch('?'), ch('q')]);
    assert!(
        !state.effects.contains(&Effect::Quit),
        "q closes the overlay first"
    );
    press(&mut state, &[ch('q')]);
    assert!(state.effects.contains(&Effect::Quit));
}

#[test]
fn ctrl_c_quits_even_from_help() {
    let mut state = open(bundled(), 80, 24);
    press(
        &mut state,
        &[
            ch('?'),
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ],
    );
    assert!(state.effects.contains(&Effect::Quit));
}

#[test]
fn marking_is_pinned_top_and_bottom_while_scrolling() {
    let mut state = open(bundled(), 80, 24);
    for _ in 0..5 {
        press(&mut state, &[ch(' ')]);
        let rows = text(&draw(&state));
        assert_eq!(rows[0].trim(), "TLP:CLEAR");
        assert_eq!(rows[23].trim(), "TLP:CLEAR");
    }
}

#[test]
fn quotes_and_paraphrases_differ_without_colour() {
    let rows = text(&screen(bundled(), 80, 24, &[ch('5')])).join("\n");
    assert!(rows.contains("┃ “As we have long made clear"), "{rows}");
    assert!(rows.contains("\n Said it was deeply concerned"), "{rows}");
}

#[test]
fn r_reloads_the_open_file_keeping_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.toml");
    let text = BRIEFINGS[0].1;
    std::fs::write(&path, text).unwrap();
    let briefing = parse(text.to_string()).briefing.unwrap();
    let mut app = App::reader(briefing, Rect::new(0, 0, 80, 24)).reloading_from(
        Some(briefing::library::source::Origin::File(path.clone())),
        briefing::briefing::DEFAULT_MAX_SIZE,
    );
    press(&mut app, &[ch('5'), ch('j')]);
    std::fs::write(
        &path,
        text.replace("Said it was deeply concerned", "Said it was very concerned"),
    )
    .unwrap();
    press(&mut app, &[ch('R')]);
    let r = reader(&app);
    assert_eq!((r.current, r.tab().top), (4, 1), "the place is kept");
    assert!(text_of(&app).contains("Said it was very concerned"));
    // A file broken since it was opened: the reader keeps what it had and says why.
    std::fs::write(&path, "format = 1\n[briefing]\n").unwrap();
    press(&mut app, &[ch('R')]);
    assert!(
        app.notice.as_deref().unwrap().contains("b.toml"),
        "{:?}",
        app.notice
    );
    assert!(text_of(&app).contains("Said it was very concerned"));
}

fn text_of(app: &App) -> String {
    text(&draw(app)).join("\n")
}

#[test]
fn a_word_only_in_the_title_is_said_to_be_there() {
    // The library finds a briefing by its title; the reader shows the title in its header,
    // not in a tab, so it says where the only hit is rather than "no hits".
    let status_after = |query: &str| {
        let b = briefing::briefing::parse(
            "format = 1\n[briefing]\ntitle = \"Quillwort summit\"\ndate = 2024-03-01\n\
             [summary]\nbluf = \"Talks went on.\"\n[[parties]]\nname = \"Estonia\"\n"
                .to_string(),
        )
        .briefing
        .unwrap();
        let mut app = open(b, 80, 24);
        press(&mut app, &[ch('/')]);
        for c in query.chars() {
            press(&mut app, &[ch(c)]);
        }
        press(&mut app, &[key(KeyCode::Enter)]);
        text(&draw(&app)).pop().unwrap()
    };
    let status = status_after("quillwort");
    assert!(status.contains("in the title only"), "{status}");
    let status = status_after("zzz");
    assert!(status.contains("no hits"), "{status}");
    let status = status_after("talks");
    assert!(status.contains("hit 1/1"), "{status}");
}

#[test]
fn the_header_shows_a_hit_in_the_title() {
    let b = briefing::briefing::parse(
        "format = 1\n[briefing]\ntitle = \"Quillwort summit at Şuşa\"\ndate = 2024-03-01\n\
         [summary]\nbluf = \"Talks went on.\"\n[[parties]]\nname = \"Estonia\"\n"
            .to_string(),
    )
    .briefing
    .unwrap();
    let mut app = open(b, 60, 12);
    press(&mut app, &[ch('/')]);
    for c in "quillwort susa".chars() {
        press(&mut app, &[ch(c)]);
    }
    press(&mut app, &[key(KeyCode::Enter)]);
    let terminal = draw(&app);
    let theme = Theme::default_theme(false);
    // The title and the line under it, with highlighted cells between brackets.
    let buf = terminal.backend().buffer();
    let header: Vec<String> = (0..2)
        .map(|y| {
            let mut row = String::new();
            let mut inside = false;
            for x in 0..buf.area.width {
                let cell = &buf[(x, y)];
                let lit = cell.style().patch(theme.highlight) == cell.style();
                if lit != inside {
                    row.push(if lit { '[' } else { ']' });
                    inside = lit;
                }
                row.push_str(cell.symbol());
            }
            if inside {
                row.push(']');
            }
            row.trim_end().to_string()
        })
        .collect();
    insta::assert_snapshot!("header_with_a_hit_in_the_title", header.join("\n"));
}

/// A report from another tool that quotes no one (OASIS's APT1 example, imported): a briefing
/// with no parties, whose key points name what the report refers to. The reader shows its
/// other tabs, and the tab keys go round them.
#[test]
fn a_report_that_quotes_no_one_reads_with_its_other_tabs() {
    let path = format!(
        "{}/tests/fixtures/stix/oasis-apt1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let bundle = std::fs::read(path).unwrap();
    let imported = briefing::import::stix::import(&bundle, None).unwrap();
    let (_, b) = imported.briefings.into_iter().next().unwrap();
    assert!(b.parties.is_empty());
    let t = screen(b.clone(), 80, 24, &[]);
    insta::assert_snapshot!("no_parties_summary_80x24", t.backend());
    let t = screen(b.clone(), 80, 24, &[ch('4')]);
    insta::assert_snapshot!("no_parties_sources_80x24", t.backend());
    let mut app = open(b, 80, 24);
    press(&mut app, &[key(KeyCode::Tab); 4]);
    assert_eq!(reader(&app).current, 0, "four tabs, round to the first");
}
