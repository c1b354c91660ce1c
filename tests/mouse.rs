//! The mouse on the app's state: a click on a statement focuses it, on a compare cell
//! focuses that, on a library row selects it and a second click soon after opens it, outside
//! an overlay closes it; the wheel moves what is under it.

mod common;

use std::time::{Duration, Instant};

use briefing::app::state::{App, Screen};
use briefing::briefing::parse;
use briefing::briefing::parts::Part;
use briefing::bundled::BRIEFINGS;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

fn click(app: &mut App, column: u16, row: u16, now: Instant) {
    let event = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    app.mouse(event, now);
}

fn reader() -> App {
    let b = parse(BRIEFINGS[0].1.to_string()).briefing.unwrap();
    App::reader(b, Rect::new(0, 0, 80, 24))
}

#[test]
fn a_click_on_a_statement_focuses_it_and_one_on_a_compare_cell_too() {
    let mut app = reader();
    app.key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
    // Armenia's first statement starts on the sixth line of text (row 6 + 5 of chrome).
    let text = app.reader.as_ref().unwrap().text_area().unwrap();
    let r = app.reader.as_ref().unwrap();
    let (doc, wrapped) = r.tab().lines().unwrap();
    let line = (0..wrapped.len())
        .find(|&l| {
            doc.item_at(
                wrapped.lines[l].anchor.block,
                wrapped.lines[l].anchor.offset,
            )
            .is_some()
        })
        .unwrap();
    click(
        &mut app,
        text.x + 2,
        text.y + u16::try_from(line).unwrap(),
        Instant::now(),
    );
    assert_eq!(
        app.reader.as_ref().unwrap().focused(),
        Some(Part::Statement { party: 0, index: 0 })
    );
    // In the compare view, a click in Azerbaijan's column focuses its statement there.
    app.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let columns = app.reader.as_ref().unwrap().compare_columns().unwrap();
    click(
        &mut app,
        columns.x(1) + 3,
        columns.grid.y + 4,
        Instant::now(),
    );
    let c = app.reader.as_ref().unwrap().compare.as_ref().unwrap();
    assert_eq!(c.focused(), Some(Part::Statement { party: 1, index: 0 }));
}

#[test]
fn a_row_is_selected_by_a_click_and_opened_by_a_second_one_soon_after() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library");
    let mut app = common::library_of(fixtures, 100, 20);
    let t = Instant::now();
    // The list starts on the fifth row.
    click(&mut app, 10, 4 + 1, t);
    assert_eq!(app.library.as_ref().unwrap().selected, 1);
    assert_eq!(app.screen, Screen::Library);
    // Too late for a double click: still selected, not opened.
    click(&mut app, 10, 4 + 1, t + Duration::from_secs(2));
    assert_eq!(app.screen, Screen::Library);
    click(&mut app, 10, 4 + 1, t + Duration::from_millis(2_200));
    assert_eq!(app.screen, Screen::Reader);
}

#[test]
fn a_click_outside_help_closes_it_and_the_wheel_scrolls_the_reader() {
    let mut app = reader();
    app.key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    assert!(app.overlay.is_some());
    click(&mut app, 40, 10, Instant::now());
    assert!(app.overlay.is_some(), "inside the box");
    click(&mut app, 0, 0, Instant::now());
    assert!(app.overlay.is_none(), "outside it");
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    app.mouse(wheel, Instant::now());
    assert_eq!(app.reader.as_ref().unwrap().tab().top, 3);
}
