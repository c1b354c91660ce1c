//! Helpers shared by the integration tests: running the real binary in a pseudo-terminal with
//! a vt100 screen.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the program asked the terminal to do besides drawing: none of it should happen.
#[derive(Default, Debug)]
pub struct Requests {
    pub titles: Vec<Vec<u8>>,
    pub clipboard: usize,
    /// What each clipboard request carried: the selection, and the data as sent (base64).
    pub copied: Vec<(Vec<u8>, Vec<u8>)>,
    pub bells: usize,
    pub resizes: usize,
}

impl vt100::Callbacks for Requests {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, ty: &[u8], data: &[u8]) {
        self.clipboard += 1;
        self.copied.push((ty.to_vec(), data.to_vec()));
    }
    fn resize(&mut self, _: &mut vt100::Screen, _: (u16, u16)) {
        self.resizes += 1;
    }
}

pub type Screen = Arc<Mutex<vt100::Parser<Requests>>>;

/// A running `brief` and the screen it draws on.
pub struct Session {
    pub screen: Screen,
    writer: Option<Box<dyn Write + Send>>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Asks the thread that reads the terminal's output to stop after its next read.
    stop_reading: Arc<AtomicBool>,
    reading: Option<JoinHandle<()>>,
    /// The session's own state folder, so that no test reads or writes the user's (a test
    /// that shares one between runs names it in `BRIEF_STATE_DIR`).
    _state: tempfile::TempDir,
}

impl Session {
    /// Starts `brief args…` in an empty folder (so it opens the built-in briefing).
    pub fn start(args: &[&str], cwd: &std::path::Path) -> Self {
        Self::start_with_env(args, cwd, &[])
    }

    /// Starts `brief args…` with extra environment variables.
    pub fn start_with_env(args: &[&str], cwd: &std::path::Path, env: &[(&str, &str)]) -> Self {
        Self::spawn(env!("CARGO_BIN_EXE_brief"), args, cwd, env)
    }

    /// Starts `program args…` in the terminal, such as a shell that then starts `brief`.
    pub fn spawn(
        program: &str,
        args: &[&str],
        cwd: &std::path::Path,
        env: &[(&str, &str)],
    ) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let state = tempfile::tempdir().unwrap();
        cmd.env("BRIEF_STATE_DIR", state.path());
        // The search index too: each session builds its own, and none lands in $HOME.
        cmd.env("BRIEF_CACHE_DIR", state.path().join("cache"));
        // And no configuration but the one a test names: none of the user's.
        cmd.env("BRIEF_CONFIG", state.path().join("config.toml"));
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn brief");
        drop(pty.slave);
        let (rows, cols) = (24.try_into().unwrap(), 80.try_into().unwrap());
        let parser = vt100::Parser::new_with_callbacks(rows, cols, 0, Requests::default());
        let screen = Arc::new(Mutex::new(parser));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                if stop.load(Ordering::Relaxed) {
                    break;
                }
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Self {
            screen,
            writer: Some(writer),
            child,
            master: Some(pty.master),
            stop_reading,
            reading: Some(reading),
            _state: state,
        }
    }

    /// Closes the terminal under the program, as closing its window or losing an ssh
    /// connection does: every handle on the terminal's side of the pty is closed.
    pub fn hang_up(&mut self) {
        self.stop_reading.store(true, Ordering::Relaxed);
        // The reading thread waits in a read: a resize makes the program draw, which ends it.
        self.resize(30, 100);
        if let Some(reading) = self.reading.take() {
            reading.join().unwrap();
        }
        self.writer = None;
        self.master = None;
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen after 10 s.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(
            Duration::from_secs(10),
            &format!("never saw {text:?}"),
            |screen| screen.contains(text),
        );
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        let why = format!("{text:?} never went away");
        self.wait_until(Duration::from_secs(10), &why, |screen| {
            !screen.contains(text)
        });
    }

    /// Waits until `ready` holds of the screen's text, failing with `why` and the screen after
    /// `within` (for what takes longer than a keystroke, such as building a large index).
    pub fn wait_until(&self, within: Duration, why: &str, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.contents();
            if ready(&screen) {
                return;
            }
            assert!(
                start.elapsed() < within,
                "{why} within {within:?}; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "brief did not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Session {
    /// What the program asked of the terminal besides drawing.
    pub fn requests(&self) -> (usize, usize, usize, usize) {
        let parser = self.screen.lock().unwrap();
        let r = parser.callbacks();
        (r.titles.len(), r.clipboard, r.bells, r.resizes)
    }

    /// Whether the program left the cursor hidden.
    pub fn cursor_hidden(&self) -> bool {
        self.screen.lock().unwrap().screen().hide_cursor()
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    /// Resizes the terminal, as a user dragging the window would.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        let (r, c) = (rows.try_into().unwrap(), cols.try_into().unwrap());
        self.screen.lock().unwrap().screen_mut().set_size(r, c);
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }
}

/// The processes whose parent is `pid`, from `/proc` (Linux).
pub fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&child| parent_of(child) == Some(pid))
        .collect()
}

/// The parent of `pid` and its state letter (`R`, `S`, `T` for stopped, `Z`…), from `/proc`.
pub fn proc_stat(pid: u32) -> Option<(u32, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: read after the last one.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ');
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((parent, state))
}

fn parent_of(pid: u32) -> Option<u32> {
    proc_stat(pid).map(|(parent, _)| parent)
}

/// Whether process `pid` still exists (and is not a zombie).
pub fn alive(pid: u32) -> bool {
    proc_stat(pid).is_some_and(|(_, state)| state != 'Z')
}

/// Sends `signal` (a name such as `TSTP`) to `pid` with kill(1).
pub fn kill(signal: &str, pid: u32) {
    let ok = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success(), "kill -{signal} {pid}");
}

/// The bundled briefing without its `id`: copies of it take their file names as ids, so that
/// many copies in one folder do not share one.
pub fn bundled_copy() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/briefings/2022-09-12-armenia-azerbaijan-border.toml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let without = text.replace("id = \"2022-09-12-armenia-azerbaijan-border\"\n", "");
    assert_ne!(without, text, "the bundled briefing has an id");
    without
}

/// Takes the loader's reports until it is done.
pub fn finish_loading(app: &mut briefing::app::state::App) {
    let start = Instant::now();
    while app.loading() {
        app.pump();
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "loading never finished"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The library over `folder` at `width`×`height`, fully loaded.
pub fn library_of(
    folder: std::path::PathBuf,
    width: u16,
    height: u16,
) -> briefing::app::state::App {
    let size = ratatui::layout::Rect::new(0, 0, width, height);
    let sources = briefing::library::source::Sources::Paths(
        vec![folder],
        briefing::library::scan::Symlinks::Inside,
    );
    let mut app = briefing::app::state::App::library(
        sources,
        None,
        briefing::briefing::DEFAULT_MAX_SIZE,
        size,
    );
    finish_loading(&mut app);
    app
}

/// The bundled briefing's id.
pub const BUNDLED_ID: &str = "2022-09-12-armenia-azerbaijan-border";

/// A note by `ana` on the bundled briefing: on `(kind, speaker, text)`, or on the briefing.
pub fn note(
    id: &str,
    on: Option<(briefing::briefing::parts::Kind, &str, &str)>,
    body: &str,
) -> briefing::memory::Note {
    briefing::memory::Note {
        id: id.into(),
        briefing: BUNDLED_ID.into(),
        on: on.map(|(kind, speaker, text)| briefing::briefing::parts::Passage {
            kind,
            // The bundled briefing's reactions are all the United States'.
            party: if kind == briefing::briefing::parts::Kind::Reaction {
                "United States".into()
            } else {
                String::new()
            },
            speaker: speaker.into(),
            text: text.into(),
        }),
        body: body.into(),
        author: "ana".into(),
        created: 1_796_130_000,
        updated: 1_796_130_000,
        imported: false,
    }
}

/// The store's first report, holding `notes` of the bundled briefing.
pub fn holding(notes: Vec<briefing::memory::Note>) -> briefing::store::service::Report {
    use briefing::memory::Held;
    use briefing::store::service::Report;
    let held = Held {
        notes: std::iter::once((BUNDLED_ID.to_string(), notes)).collect(),
        ..Held::default()
    };
    Report::Held(Box::new(held), None)
}

/// What `buffer` shows, row by row, as text.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
