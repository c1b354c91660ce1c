//! Sources at hand, as a user meets them: the focused statement's source card, the jump to
//! the Sources tab, the question before a web address is opened (with hostile addresses:
//! control characters, 2,000 characters, `javascript:`), `--offline`, and the notice a copy
//! leaves.

use briefing::app::effect::Effect;
use briefing::app::overlay::Overlay;
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

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.key(ch(c));
    }
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| render(app, &Theme::default_theme(false), f))
        .unwrap();
    t
}

/// A briefing whose three statements cite a source with a hostile address each.
fn hostile() -> Briefing<'static> {
    let long = format!("https://example.org/{}", "ab/".repeat(660));
    let text = format!(
        "format = 1\n[briefing]\ntitle = \"Hostile addresses\"\ndate = 2024-01-01\n\
         [summary]\nbluf = \"b\"\n[[parties]]\nname = \"A\"\n\
         [[parties.statements]]\nspeaker = \"S1\"\ntext = \"one\"\nsource = \"esc\"\n\
         [[parties.statements]]\nspeaker = \"S2\"\ntext = \"two\"\nsource = \"long\"\n\
         [[parties.statements]]\nspeaker = \"S3\"\ntext = \"three\"\nsource = \"js\"\n\
         [[sources]]\nid = \"esc\"\nname = \"Escapes\"\nurl = \"https://example.org/\\u001b]52;c;aGk=\\u0007\\u001b[2J\"\n\
         [[sources]]\nid = \"long\"\nname = \"Long\"\nurl = \"{long}\"\n\
         [[sources]]\nid = \"js\"\nname = \"Script\"\nurl = \"javascript:alert(document.cookie)\"\n"
    );
    let outcome = parse(text);
    let report = outcome.report("hostile");
    outcome.briefing.unwrap_or_else(|| panic!("{report}"))
}

#[test]
fn i_shows_the_focused_statements_source_and_enter_goes_to_it() {
    let mut app = App::reader(bundled(), Rect::new(0, 0, 80, 24));
    press(&mut app, "5}}i");
    assert_eq!(app.overlay, Some(Overlay::Source(0)));
    insta::assert_snapshot!("source_card", draw(&app).backend());
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(app.overlay, None);
    assert_eq!(r.tab().title, "Sources");
    assert_eq!(
        r.focused(),
        Some(briefing::briefing::parts::Part::Source(0))
    );
}

#[test]
fn i_with_nothing_focused_says_how_to_focus() {
    let mut app = App::reader(bundled(), Rect::new(0, 0, 80, 24));
    press(&mut app, "i");
    assert_eq!(app.overlay, None);
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .contains("} focuses a statement")
    );
}

/// The web address the event loop was last asked to open, if any.
fn to_open(app: &App) -> Option<String> {
    app.effects.iter().rev().find_map(|e| match e {
        Effect::Open(url) => Some(url.clone()),
        _ => None,
    })
}

#[test]
fn hostile_addresses_are_shown_whole_and_sanitised_before_anything_opens() {
    // Control characters: shown as symbols, and refused.
    let mut app = App::reader(hostile(), Rect::new(0, 0, 80, 24));
    press(&mut app, "2}x");
    assert_eq!(app.overlay, Some(Overlay::OpenUrl(0, 0)));
    insta::assert_snapshot!("confirm_control_characters", draw(&app).backend());
    press(&mut app, "y");
    assert_eq!(to_open(&app), None);
    assert!(app.notice.as_deref().unwrap().starts_with("not opened"));

    // 2,000 characters: every one is shown, j scrolls, y hands over the whole address.
    let mut app = App::reader(hostile(), Rect::new(0, 0, 80, 24));
    press(&mut app, "2}}x");
    insta::assert_snapshot!("confirm_long_top", draw(&app).backend());
    press(&mut app, &"j".repeat(40));
    insta::assert_snapshot!("confirm_long_end", draw(&app).backend());
    press(&mut app, "y");
    let url = to_open(&app).expect("confirmed");
    assert_eq!(url.len(), "https://example.org/".len() + 3 * 660);

    // javascript: never opens, whatever is pressed.
    let mut app = App::reader(hostile(), Rect::new(0, 0, 80, 24));
    press(&mut app, "2}}}x");
    insta::assert_snapshot!("confirm_javascript", draw(&app).backend());
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(to_open(&app), None);

    // n, and Esc, open nothing.
    let mut app = App::reader(hostile(), Rect::new(0, 0, 80, 24));
    press(&mut app, "2}}xn");
    assert_eq!((app.overlay, to_open(&app)), (None, None));
}

#[test]
fn offline_opens_nothing_and_says_so() {
    let mut app = App::reader(hostile(), Rect::new(0, 0, 80, 24));
    app.options.offline = true;
    press(&mut app, "2}}x");
    assert_eq!(app.overlay, None);
    assert!(app.notice.as_deref().unwrap().contains("offline"));
}

#[test]
fn a_copy_says_what_was_copied_and_how_long_it_is() {
    let mut app = App::reader(bundled(), Rect::new(0, 0, 100, 24));
    press(&mut app, "5}}y");
    let copied = (app.effects.iter().rev())
        .find_map(|e| match e {
            Effect::Clipboard(text) => Some(text.clone()),
            _ => None,
        })
        .expect("a copy for the terminal");
    assert!(copied.starts_with("TLP:CLEAR\n“As we have long made clear"));
    insta::assert_snapshot!("copied", draw(&app).backend());
}

/// Clicks the first character of `label` where the screen shows it.
fn click_on(app: &mut App, label: &str) {
    let t = draw(app);
    let buf = t.backend().buffer();
    let (x, y) = (0..buf.area.height)
        .find_map(|y| {
            let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            let at = row.find(label)?;
            Some((u16::try_from(row[..at].chars().count()).unwrap(), y))
        })
        .unwrap_or_else(|| panic!("{label} is not on the screen"));
    let event = ratatui::crossterm::event::MouseEvent {
        kind: ratatui::crossterm::event::MouseEventKind::Down(
            ratatui::crossterm::event::MouseButton::Left,
        ),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    };
    app.mouse(event, std::time::Instant::now());
}

#[test]
fn the_buttons_of_the_card_and_of_the_question_answer_clicks() {
    let mut app = App::reader(bundled(), Rect::new(0, 0, 80, 24));
    press(&mut app, "5}}i");
    click_on(&mut app, "Enter Sources tab");
    assert_eq!(app.overlay, None);
    assert_eq!(app.reader.as_ref().unwrap().tab().title, "Sources");

    let mut app = App::reader(hostile(), Rect::new(0, 0, 80, 24));
    press(&mut app, "2}}x");
    click_on(&mut app, "n do not");
    assert_eq!((app.overlay, to_open(&app)), (None, None));
    press(&mut app, "x");
    click_on(&mut app, "y open");
    assert!(to_open(&app).is_some(), "opened on the button");
}
