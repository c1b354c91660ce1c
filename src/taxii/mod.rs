//! TAXII 2.1, the OASIS transport for STIX, as `brief pull` and `brief push` speak it: checked
//! addresses (`address`), credentials from the environment or `~/.netrc` (`credentials`), one
//! HTTP client with its limits (`client`), the pages of a collection (`pages`), what a server
//! lists (`discovery`), the objects a pull fetches (`fetch`), and what a push sends and
//! hears back (`push`). Nothing else in `brief` touches the network; no terminal code here.

pub mod address;
pub mod client;
pub mod credentials;
pub mod discovery;
pub mod fetch;
pub mod pages;
pub mod push;

pub use address::Address;
pub use client::Client;

/// The media type of TAXII 2.1's requests and answers.
pub const MEDIA_TYPE: &str = "application/taxii+json;version=2.1";

/// Why talking to a TAXII server failed, said for the user. No message holds a password.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: not a URL brief can use: {1}")]
    BadUrl(String, String),
    #[error(
        "{0}: plain http:// is used only to this machine (localhost, 127.0.0.1, ::1): use \
         https://, or --allow-http to send in clear (credentials included)"
    )]
    PlainHttp(String),
    #[error(
        "{0}: a user or password does not belong in the URL (other users see it in ps): \
         set BRIEF_TAXII_USER and BRIEF_TAXII_PASSWORD, or use ~/.netrc"
    )]
    UserInfo(String),
    #[error("--ca-file {0}: {1}")]
    CaFile(String, String),
    #[error("{url}: cannot connect: {why}")]
    Connect { url: String, why: String },
    #[error("{url}: the server stopped answering ({why}): is it still running?")]
    Lost { url: String, why: String },
    #[error("{url}: no answer within {seconds} s; --timeout SECONDS waits longer")]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: the server answered {status}: {what}")]
    Status {
        url: String,
        status: u16,
        what: String,
    },
    #[error(
        "{url}: the server answered {kind}, not TAXII JSON (is this the URL of a TAXII 2.1 \
         server, API root or collection?)"
    )]
    NotJson { url: String, kind: String },
    #[error("{url}: the answer is larger than {cap} bytes; --max-response raises the cap")]
    TooLarge { url: String, cap: u64 },
    #[error(
        "{url}: the server's pages go round in a loop: it says there is more, then gives what \
         it gave already (at `next` or date {token}); stopped"
    )]
    Loop { url: String, token: String },
    #[error(
        "{url}: the collection's pages add up to more than {cap} bytes ({times} times \
         --max-response): stopped; --max-response raises both"
    )]
    TooMuch { url: String, cap: u64, times: u64 },
    #[error("{url}: more than {pages} pages: stopped")]
    TooManyPages { url: String, pages: usize },
    #[error("{url}: {why}")]
    Answer { url: String, why: String },
}
