//! Who `brief` is to a TAXII server: HTTP basic authentication from `BRIEF_TAXII_USER` and
//! `BRIEF_TAXII_PASSWORD`, else from `~/.netrc` (the file curl and git read: `machine HOST
//! login USER password PASS`, or a `default` entry), else none. Never from the command line,
//! where other users see it in `ps`. The password is held only to be sent: it has no `Debug`
//! or `Display`, and no message names it.
//!
//! The netrc parser is a small one of `brief`'s own (no kept crate reads the format today):
//! tokens separated by white space, `machine`, `default`, `login`, `password`, and `macdef`
//! (whose body, up to an empty line, is skipped).

use std::path::Path;

/// A user and password to send.
pub struct Credentials {
    pub user: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    pub fn new(user: String, password: String) -> Credentials {
        Credentials { user, password }
    }

    /// The `Authorization` header's value.
    pub fn header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// Where the credentials came from, to say when the server refuses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    Environment,
    Netrc,
    Nowhere,
}

/// The credentials for `host`: from the environment (`user` and `password` as read from
/// `BRIEF_TAXII_USER` and `BRIEF_TAXII_PASSWORD`), else from the netrc file's text.
pub fn find(
    user: Option<String>,
    password: Option<String>,
    netrc: Option<&str>,
    host: &str,
) -> (Option<Credentials>, From) {
    if let (Some(user), Some(password)) = (user, password) {
        return (Some(Credentials { user, password }), From::Environment);
    }
    match netrc.and_then(|text| lookup(text, host)) {
        Some(c) => (Some(c), From::Netrc),
        None => (None, From::Nowhere),
    }
}

/// The netrc file: `$NETRC` when set, else `~/.netrc`; its text when it can be read.
pub fn netrc_text() -> Option<String> {
    let path = std::env::var_os("NETRC")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".netrc")))?;
    std::fs::read_to_string(path).ok()
}

/// The entry for `host` in a netrc file's text, else its `default` entry.
pub fn lookup(text: &str, host: &str) -> Option<Credentials> {
    let mut tokens = Tokens::new(text);
    let mut found: Option<(String, String)> = None;
    let mut default: Option<(String, String)> = None;
    // The entry being read: whether it is for `host` (or the default), and what it said.
    let mut current: Option<(bool, Option<String>, Option<String>)> = None;
    let finish = |current: &mut Option<(bool, Option<String>, Option<String>)>,
                  found: &mut Option<(String, String)>| {
        if let Some((true, Some(login), Some(password))) = current.take() {
            found.get_or_insert((login, password));
        }
    };
    while let Some(token) = tokens.next() {
        match token.as_str() {
            "machine" => {
                finish(&mut current, &mut found);
                let name = tokens.next().unwrap_or_default();
                current = Some((name.eq_ignore_ascii_case(host), None, None));
            }
            "default" => {
                finish(&mut current, &mut found);
                current = None;
                let (mut login, mut password) = (None, None);
                // The default entry runs to the next `machine`, or the end.
                while let Some(t) = tokens.peek() {
                    match t.as_str() {
                        "machine" | "default" => break,
                        "login" => {
                            tokens.next();
                            login = tokens.next();
                        }
                        "password" => {
                            tokens.next();
                            password = tokens.next();
                        }
                        _ => {
                            tokens.next();
                        }
                    }
                }
                if let (Some(l), Some(p)) = (login, password) {
                    default.get_or_insert((l, p));
                }
            }
            "login" => {
                let value = tokens.next();
                if let Some((_, login, _)) = current.as_mut() {
                    *login = value;
                }
            }
            "password" => {
                let value = tokens.next();
                if let Some((_, _, password)) = current.as_mut() {
                    *password = value;
                }
            }
            "account" => {
                tokens.next();
            }
            "macdef" => {
                tokens.next();
                tokens.skip_macro();
            }
            _ => {}
        }
    }
    finish(&mut current, &mut found);
    found
        .or(default)
        .map(|(user, password)| Credentials { user, password })
}

/// A netrc file's tokens: words separated by white space, a `"quoted word"` with `\` escapes.
struct Tokens<'t> {
    text: &'t str,
    at: usize,
    peeked: Option<Option<String>>,
}

impl<'t> Tokens<'t> {
    fn new(text: &'t str) -> Self {
        Tokens {
            text,
            at: 0,
            peeked: None,
        }
    }

    fn peek(&mut self) -> Option<&String> {
        if self.peeked.is_none() {
            let next = self.read();
            self.peeked = Some(next);
        }
        self.peeked.as_ref().and_then(Option::as_ref)
    }

    fn read(&mut self) -> Option<String> {
        let rest = &self.text[self.at..];
        let start = rest.find(|c: char| !c.is_whitespace())?;
        let rest = &rest[start..];
        let mut word = String::new();
        let mut chars = rest.char_indices();
        let mut end = rest.len();
        if rest.starts_with('"') {
            chars.next();
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    _ if escaped => {
                        word.push(c);
                        escaped = false;
                    }
                    '\\' => escaped = true,
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => word.push(c),
                }
            }
        } else {
            for (i, c) in chars {
                if c.is_whitespace() {
                    end = i;
                    break;
                }
                word.push(c);
            }
        }
        self.at += start + end;
        Some(word)
    }

    /// Skips a macro's body: the rest of its line, then up to an empty line.
    fn skip_macro(&mut self) {
        self.peeked = None;
        let rest = &self.text[self.at..];
        self.at += rest.find("\n\n").map_or(rest.len(), |i| i + 2);
    }
}

impl Iterator for Tokens<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        match self.peeked.take() {
            Some(peeked) => peeked,
            None => self.read(),
        }
    }
}

/// Standard base64 with padding (RFC 4648), for the `Authorization` header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(c: Option<Credentials>) -> Option<(String, String)> {
        c.map(|c| (c.user, c.password))
    }

    #[test]
    fn netrc_entries_by_host_with_the_default_last() {
        let text = "machine other.example login o password op\n\
                    default login d password dp\n";
        assert_eq!(
            pair(lookup(text, "taxii.example")),
            Some(("d".into(), "dp".into()))
        );
        let text = "# a comment is a token nobody asks for\n\
                    machine taxii.example\n  login ana\n  password \"two words\"\n\
                    machine other.example login o password op\n";
        assert_eq!(
            pair(lookup(text, "TAXII.example")),
            Some(("ana".into(), "two words".into()))
        );
        assert_eq!(
            pair(lookup(text, "other.example")),
            Some(("o".into(), "op".into()))
        );
        assert_eq!(pair(lookup(text, "third.example")), None);
    }

    #[test]
    fn netrc_macros_and_half_entries_are_passed_over() {
        let text = "macdef init\ncd /pub\nmachine taxii.example login x password y\n\n\
                    machine taxii.example login ana\n\
                    machine taxii.example login ana password pw account a\n";
        assert_eq!(
            pair(lookup(text, "taxii.example")),
            Some(("ana".into(), "pw".into()))
        );
        assert_eq!(pair(lookup("machine", "x")), None);
        assert_eq!(pair(lookup("", "x")), None);
    }

    #[test]
    fn the_environment_comes_before_netrc() {
        let netrc = "machine t login n password np";
        let (c, from) = find(Some("e".into()), Some("ep".into()), Some(netrc), "t");
        assert_eq!(
            (pair(c), from),
            (Some(("e".into(), "ep".into())), From::Environment)
        );
        let (c, from) = find(Some("e".into()), None, Some(netrc), "t");
        assert_eq!(
            (pair(c), from),
            (Some(("n".into(), "np".into())), From::Netrc)
        );
        let (c, from) = find(None, None, None, "t");
        assert_eq!((pair(c), from), (None, From::Nowhere));
    }

    #[test]
    fn the_header_is_basic_and_the_password_is_never_shown() {
        let c = Credentials::new("Aladdin".into(), "open sesame".into());
        assert_eq!(c.header(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(!format!("{c:?}").contains("sesame"));
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }
}
