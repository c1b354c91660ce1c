//! Helpers shared by the integration tests: running the real binary in a pseudo-terminal with
//! a vt100 screen.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the program asked the terminal to do besides drawing: none of it should happen.
#[derive(Default, Debug)]
pub struct Requests {
    pub titles: Vec<Vec<u8>>,
    pub clipboard: usize,
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
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], _: &[u8]) {
        self.clipboard += 1;
    }
    fn resize(&mut self, _: &mut vt100::Screen, _: (u16, u16)) {
        self.resizes += 1;
    }
}

pub type Screen = Arc<Mutex<vt100::Parser<Requests>>>;

/// A running `brief` and the screen it draws on.
pub struct Session {
    pub screen: Screen,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    /// Starts `brief args…` in an empty folder (so it opens the built-in briefing).
    pub fn start(args: &[&str], cwd: &std::path::Path) -> Self {
        Self::start_with_env(args, cwd, &[])
    }

    /// Starts `brief args…` with extra environment variables.
    pub fn start_with_env(args: &[&str], cwd: &std::path::Path, env: &[(&str, &str)]) -> Self {
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
            master: pty.master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen after 10 s.
    pub fn wait_for(&self, text: &str) {
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

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while self.contents().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{text:?} never went away; the screen was:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
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
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }
}
