//! The analyst's memory on screen, as whole-screen snapshots at 80×24: the focus, a statement
//! with a note, the Notes tab with a detached note, the note editor, a briefing changed since
//! it was last read, the library's updated and noted rows, and saved searches.

mod common;

use std::collections::HashMap;

use briefing::app::effect::Effect;
use briefing::app::state::App;
use briefing::briefing::parts::Kind;
use briefing::library::source::Origin;
use briefing::memory::Held;
use briefing::memory::Note;
use briefing::store::service::Report;
use briefing::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;

const ID: &str = "2022-09-12-armenia-azerbaijan-border";

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let key = match c {
            '\r' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            '\x1b' => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            c => ch(c),
        };
        app.key(key);
    }
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| render(app, &Theme::default_theme(true), f))
        .unwrap();
    t
}

fn text() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings/2022-09-12-armenia-azerbaijan-border.toml"),
    )
    .unwrap()
}

/// The bundled briefing in the reader, read from `text`, at 80×24.
fn reader(text: &str) -> App {
    let b = briefing::briefing::parse(text.to_string())
        .briefing
        .unwrap();
    App::reader(b, Rect::new(0, 0, 80, 24))
        .read_from(text.to_string())
        .reloading_from(
            Some(Origin::Bundled(0)),
            briefing::briefing::DEFAULT_MAX_SIZE,
        )
}

use common::{holding as held, note};

const BLINKEN: &str =
    "As we have long made clear, there will be no military solution to the conflict.";

#[test]
fn focus_moves_between_statements_and_sources() {
    let mut app = reader(&text());
    app.remember(held(Vec::new()));
    keys(&mut app, "5}}");
    insta::assert_snapshot!("focus_on_a_quote", draw(&app).backend());
    keys(&mut app, "7}}");
    let t = draw(&app);
    let shown = format!("{}", t.backend());
    let focused: Vec<&str> = shown.lines().filter(|l| l.contains('▌')).collect();
    assert!(
        focused.len() == 2 && focused[0].contains("aljazeera"),
        "the second source's row: {focused:?}"
    );
    // Esc drops the focus; q would leave.
    keys(&mut app, "\x1b");
    assert!(!format!("{}", draw(&app).backend()).contains('▌'));
    assert!(!app.effects.contains(&Effect::Quit));
}

#[test]
fn a_statement_with_a_note_and_the_notes_tab() {
    let mut app = reader(&text());
    app.remember(held(vec![
        note(
            "n1",
            Some((Kind::Reaction, "Antony Blinken", BLINKEN)),
            "Check against the State Department readout.\nAsk the desk for the full remarks.",
        ),
        note("n2", None, "Overall: the two accounts mirror each other."),
        note(
            "n3",
            Some((
                Kind::Statement,
                "Somebody",
                "A statement no longer in the briefing.",
            )),
            "Was this retracted?",
        ),
    ]));
    keys(&mut app, "5");
    insta::assert_snapshot!("note_under_a_quote", draw(&app).backend());
    // The label and bar tell the note from the reporting, in colour or not.
    let t = draw(&app);
    let buf = t.backend().buffer();
    let row = (0..24)
        .find(|&y| {
            (0..80)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .contains("✎ note")
        })
        .unwrap();
    assert!(buf[(3, row)].modifier.contains(Modifier::BOLD));
    keys(&mut app, "8");
    insta::assert_snapshot!("notes_tab", draw(&app).backend());
}

#[test]
fn the_note_editor_over_the_text() {
    let mut app = reader(&text());
    app.remember(held(Vec::new()));
    keys(&mut app, "5}}a");
    keys(&mut app, "Readout due Tuesday.");
    insta::assert_snapshot!("note_editor", draw(&app).backend());
    // Esc with unsaved text asks first.
    keys(&mut app, "\x1b");
    let shown = format!("{}", draw(&app).backend());
    assert!(
        shown.contains("The note is not saved. Leave it?"),
        "{shown}"
    );
    keys(&mut app, "y");
    assert!(app.note_editor.is_none());
    // Too small to show the editor: the way out is the editor's, since `q` would be typed.
    keys(&mut app, "a");
    app.resize(Rect::new(0, 0, 30, 8));
    let shown = format!("{}", draw(&app).backend());
    assert!(shown.contains("Esc leaves the note"), "{shown}");
    keys(&mut app, "q\x1b");
    app.resize(Rect::new(0, 0, 30, 8));
    let shown = format!("{}", draw(&app).backend());
    assert!(
        shown.contains("Esc leaves the note"),
        "typed q, so Esc asks: {shown}"
    );
}

#[test]
fn a_note_asked_for_before_the_store_answers_opens_in_the_editor_asked_for() {
    // `a`: the editor over the text, once the store has said what notes there are.
    let mut app = reader(&text());
    keys(&mut app, "5}}a");
    assert!(app.note_editor.is_none());
    assert!(format!("{}", draw(&app).backend()).contains("opening the state store"));
    app.remember(held(Vec::new()));
    assert!(
        app.note_editor.is_some() && !app.effects.iter().any(|e| matches!(e, Effect::Outside(_)))
    );
    // `E`: the text goes to $VISUAL/$EDITOR, not into the inline editor.
    let mut app = reader(&text());
    keys(&mut app, "5}}E");
    app.remember(held(Vec::new()));
    assert!(
        app.effects.contains(&Effect::Outside(String::new())),
        "{:?}",
        app.effects
    );
    let on = app.note_editor.as_ref().and_then(|e| e.on().cloned());
    assert_eq!(on.map(|p| p.speaker), Some("Antony Blinken".to_string()));
}

#[test]
fn a_briefing_changed_since_it_was_read() {
    let read = text();
    let now = read
        .replace(
            "Speaking on Monday, said there will be no military solution to the conflict",
            "Speaking on Monday, said there could be no military solution to the conflict",
        )
        .replace(
            "Said it was deeply concerned by reports of the attacks.",
            "Said it was deeply concerned by reports of the attacks and called for calm.",
        );
    assert_ne!(now, read);
    let mut app = reader(&now);
    app.remember(held(Vec::new()));
    app.remember(Report::SeenText(ID.into(), Some(read)));
    keys(&mut app, "5");
    insta::assert_snapshot!("changed_since_read", draw(&app).backend());
    let t = draw(&app);
    let buf = t.backend().buffer();
    let shown = format!("{}", t.backend());
    assert!(shown.contains("2 changes since read"), "{shown}");
    // The new words are set apart, without colour too (underlined).
    let (y, line) = (0u16..24)
        .map(|y| (y, (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>()))
        .find(|(_, l)| l.contains("could be no"))
        .unwrap();
    let x = u16::try_from(line.find("could").unwrap()).unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    assert!(line.starts_with('~'));
}

#[test]
fn removed_text_is_shown_where_it_stood() {
    let read = text();
    let now = read.replace(
        "text = \"Speaking on Monday, said there will be no military solution to the conflict and urged an end to the open conflict.\"",
        "text = \"Urged an end to the open conflict.\"",
    );
    assert_ne!(now, read);
    let mut app = reader(&now);
    app.remember(held(Vec::new()));
    app.remember(Report::SeenText(ID.into(), Some(read)));
    keys(&mut app, "5]");
    let shown = format!("{}", draw(&app).backend());
    assert!(shown.contains("~Urged an end"), "{shown}");
}

/// The bundled briefing with `words` words of generated text at the head of its summary, and
/// the same with one word in three replaced.
fn with_long_summary(words: usize) -> (String, String) {
    const POOL: &[&str] = &[
        "Şuşa",
        "Kəlbəcər",
        "border",
        "talks",
        "漢字",
        "forces",
        "Ереван",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for i in 0..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let w = POOL[(x % POOL.len() as u64) as usize];
        old.push(w.to_string());
        new.push(if i % 3 == 0 {
            format!("{w}-{}", x % 97)
        } else {
            w.to_string()
        });
    }
    let with = |long: &[String]| {
        text().replacen(
            "text = \"\"\"\n",
            &format!("text = \"\"\"\n{}\n\n", long.join(" ")),
            1,
        )
    };
    (with(&old), with(&new))
}

#[test]
fn keys_are_taken_while_a_large_briefing_is_compared_with_its_last_reading() {
    // 158 KB of summary changed one word in three: comparing took 16 s and more, the reader
    // drawing nothing and taking no key meanwhile.
    let (read, now) = with_long_summary(17_000);
    assert!(read.len() > 150_000);
    let mut app = reader(&now);
    app.remember(held(Vec::new()));
    app.remember(Report::SeenText(ID.into(), Some(read)));
    // The comparison runs on a thread of its own; its result is taken by `pump` only, so
    // until then the reader is comparing, however fast the thread.
    assert!(app.loading());
    let shown = format!("{}", draw(&app).backend());
    assert!(shown.contains("finding changes since read"), "{shown}");
    keys(&mut app, "5");
    let shown = format!("{}", draw(&app).backend());
    assert!(shown.contains("Antony Blinken"), "{shown}");
    assert!(shown.contains("finding changes since read"), "{shown}");
    // The marks come when it is ready.
    let start = std::time::Instant::now();
    while app.loading() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "never ready"
        );
        app.pump();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let shown = format!("{}", draw(&app).backend());
    assert!(!shown.contains("finding changes"), "{shown}");
    assert!(shown.contains("change since read"), "{shown}");
    keys(&mut app, "]");
    let shown = format!("{}", draw(&app).backend());
    // The long summary, marked changed.
    assert!(shown.lines().any(|l| l.starts_with("\"~")), "{shown}");
    assert!(shown.contains(" Summary │"), "{shown}");
}

#[test]
fn the_library_marks_updated_and_noted_briefings_and_recalls_saved_searches() {
    let mut app = common::library_of("tests/fixtures/library".into(), 80, 24);
    let mut seen = HashMap::new();
    seen.insert(
        "2023-11-20-river-dispute".to_string(),
        briefing::memory::Fingerprint::from(42u128),
    );
    let mut notes = HashMap::new();
    notes.insert(
        "2024-03-01-harbour-talks".to_string(),
        vec![Note {
            briefing: "2024-03-01-harbour-talks".into(),
            ..note("h1", None, "Watch the port fees.")
        }],
    );
    app.remember(Report::Held(
        Box::new(Held {
            seen,
            notes,
            searches: vec![("baltic".into(), "region:baltic".into())],
            ..Held::default()
        }),
        None,
    ));
    insta::assert_snapshot!("library_updated_and_noted", draw(&app).backend());
    keys(&mut app, "/is:updated\r");
    assert_eq!(app.library.as_ref().unwrap().matching, 1);
    keys(&mut app, "\x1b/has:note\r");
    assert_eq!(app.library.as_ref().unwrap().matching, 1);
    keys(&mut app, "\x1b'");
    insta::assert_snapshot!("saved_searches", draw(&app).backend());
    keys(&mut app, "\r");
    assert_eq!(app.library.as_ref().unwrap().query, "region:baltic");
    // S saves the filter in force under a name.
    keys(&mut app, "Sports\r");
    assert!(
        app.memory
            .held
            .searches
            .iter()
            .any(|(n, q)| n == "ports" && q == "region:baltic")
    );
    // S with a saved search's name asks before replacing it: n keeps it, y replaces it.
    let saved = |app: &App, name: &str| {
        (app.memory.held.searches.iter())
            .find(|(n, _)| n == name)
            .map(|(_, q)| q.clone())
    };
    keys(&mut app, "\x1b/tag:x\rSbaltic\r");
    assert_eq!(saved(&app, "baltic").as_deref(), Some("region:baltic"));
    let shown = format!("{}", draw(&app).backend());
    assert!(shown.contains("replace it? (y/n)"), "{shown}");
    keys(&mut app, "n");
    assert_eq!(saved(&app, "baltic").as_deref(), Some("region:baltic"));
    assert!(app.editing.is_none());
    keys(&mut app, "Sbaltic\ry");
    assert_eq!(saved(&app, "baltic").as_deref(), Some("tag:x"));
}

/// Blinken's quote as a note was written against it, before "long" was added.
const BLINKEN_BEFORE: &str =
    "As we have made clear, there will be no military solution to the conflict.";

#[test]
fn the_notes_tab_quotes_the_current_text_and_labels_the_earlier_one() {
    let mut app = reader(&text());
    app.remember(held(vec![note(
        "n1",
        Some((Kind::Reaction, "Antony Blinken", BLINKEN_BEFORE)),
        "Check the readout.",
    )]));
    keys(&mut app, "8");
    let shown = format!("{}", draw(&app).backend());
    let now = shown
        .find("“As we have long made clear")
        .unwrap_or_else(|| panic!("{shown}"));
    let label = shown
        .find("Written against an earlier text")
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(now < label, "{shown}");
}

#[test]
fn editing_a_note_keeps_the_passage_it_was_written_against() {
    use briefing::store::service::Request;
    let mut app = reader(&text());
    app.remember(held(vec![note(
        "n1",
        Some((Kind::Reaction, "Antony Blinken", BLINKEN_BEFORE)),
        "First.",
    )]));
    keys(&mut app, "5}}a");
    keys(&mut app, " More.");
    app.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let requests = app.memory.take_requests();
    let saved = requests
        .iter()
        .find_map(|r| match r {
            Request::SaveNote(n, ..) => Some(n),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{requests:?}"));
    assert_eq!(saved.body, "First. More.");
    let on = saved.on.as_ref().unwrap();
    assert_eq!(
        on.text, BLINKEN_BEFORE,
        "not re-anchored to where it was found"
    );
}

/// The drafts' effects the state asked for since the last call.
fn drafts_asked(app: &mut App) -> Vec<briefing::app::effect::Draft> {
    let effects: Vec<Effect> = app.effects.drain(..).collect();
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Draft(d) => Some(d),
            _ => None,
        })
        .collect()
}

#[test]
fn the_note_editor_asks_for_its_draft_kept_and_removed_and_recovered_drafts_are_saved() {
    use briefing::app::effect::Draft;
    use briefing::app::notes::RESCUED;
    use briefing::store::service::Request;
    let mut app = reader(&text());
    app.remember(held(Vec::new()));
    keys(&mut app, "5}}a");
    app.keep_draft();
    assert_eq!(drafts_asked(&mut app), [], "nothing typed, no draft");
    keys(&mut app, "half");
    app.keep_draft();
    app.keep_draft();
    let asked = drafts_asked(&mut app);
    let [Draft::Keep(kept)] = asked.as_slice() else {
        panic!("kept once while unchanged: {asked:?}");
    };
    assert_eq!(kept.body, "half");
    assert_eq!(
        kept.on.as_ref().map(|p| p.speaker.as_str()),
        Some("Antony Blinken")
    );
    // Left on purpose: the draft goes.
    keys(&mut app, "\x1by");
    assert!(app.note_editor.is_none());
    assert_eq!(drafts_asked(&mut app), [Draft::Drop]);
    // A draft a `brief` now gone left: saved as a note of its own, said, removed once saved.
    let left = note(
        "r1",
        Some((Kind::Reaction, "Antony Blinken", BLINKEN)),
        "typed before",
    );
    app.recover(vec![briefing::store::drafts::Draft {
        pid: 4242,
        note: left,
    }]);
    assert_eq!(app.notice.as_deref(), Some("1 unsaved note recovered"));
    let requests = app.memory.take_requests();
    assert!(
        requests.iter().any(|r| matches!(r,
            Request::SaveNote(n, None) if n.id == "r1" && n.body == format!("{RESCUED}\ntyped before"))),
        "{requests:?}"
    );
    assert_eq!(drafts_asked(&mut app), []);
    app.remember(Report::Saved("r1".into()));
    assert_eq!(drafts_asked(&mut app), [Draft::Forget(4242)]);
    // One the store cannot save keeps its draft, and the status bar says so.
    let left = note("r2", None, "typed before, too");
    app.recover(vec![briefing::store::drafts::Draft {
        pid: 4343,
        note: left,
    }]);
    app.memory.take_requests();
    app.remember(Report::NotSaved(
        "r2".into(),
        "the store is read-only".into(),
    ));
    assert_eq!(drafts_asked(&mut app), []);
    assert_eq!(
        app.notice.as_deref(),
        Some("a recovered note is not saved yet: the store is read-only")
    );
}
