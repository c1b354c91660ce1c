//! The real binary in a pseudo-terminal, its output fed to a vt100 screen: what an analyst at
//! a real terminal would see.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the program asked the terminal to do besides drawing: none of it should happen.
#[derive(Default, Debug)]
struct Requests {
    titles: Vec<Vec<u8>>,
    clipboard: usize,
    bells: usize,
    resizes: usize,
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
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], _: &[u8]) {
        self.clipboard += 1;
    }
    fn resize(&mut self, _: &mut vt100::Screen, _: (u16, u16)) {
        self.resizes += 1;
    }
}

type Screen = Arc<Mutex<vt100::Parser<Requests>>>;

/// A running `brief` and the screen it draws on.
struct Session {
    screen: Screen,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    /// Starts `brief args…` in an empty folder (so it opens the built-in briefing).
    fn start(args: &[&str], cwd: &std::path::Path) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("spawn brief");
        drop(pty.slave);
        let (rows, cols) = (24.try_into().unwrap(), 80.try_into().unwrap());
        let parser = vt100::Parser::new_with_callbacks(rows, cols, 0, Requests::default());
        let screen = Arc::new(Mutex::new(parser));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Self {
            screen,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen after 10 s.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.contents().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never saw {text:?}; the screen was:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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

#[test]
fn read_the_blinken_quote_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    // Tab four times: Summary → Armenia → Azerbaijan → Russia → Reactions.
    s.send("\t\t\t\t");
    s.wait_for("Reactions │");
    s.wait_for("there can be no military solution");
    s.wait_for("Antony Blinken");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(
        !s.screen.lock().unwrap().screen().alternate_screen(),
        "the terminal is back on the main screen"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    let pid = s.child.process_id().expect("a pid") as i32;
    // kill(1) keeps the test free of unsafe code.
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = s.wait_exit();
    assert!(
        !status.success(),
        "a signal is not a clean quit: {status:?}"
    );
    assert!(!s.screen.lock().unwrap().screen().alternate_screen());
}

#[test]
fn hostile_title_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.toml");
    // OSC 0 (window title) and a CSI clear-screen in the title, as TOML escapes.
    std::fs::write(
        &path,
        "format = 1\n[briefing]\ntitle = \"Hi\\u001b]0;pwned\\u0007 \\u001b[2J there\"\ndate = 2024-01-01\n\
         [summary]\nbluf = \"b\"\n[[parties]]\nname = \"A\"\n",
    )
    .unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()], dir.path());
    s.wait_for("Hi␛]0;pwned␇ ␛[2J there");
    {
        let parser = s.screen.lock().unwrap();
        let requests = parser.callbacks();
        assert!(requests.titles.is_empty(), "no title was set: {requests:?}");
        assert_eq!(
            (requests.bells, requests.clipboard, requests.resizes),
            (0, 0, 0)
        );
    }
    s.send("q");
    assert!(s.wait_exit().success());
}
