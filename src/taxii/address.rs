//! TAXII addresses as the user gives them and as `brief` builds them: checked before any
//! connection is made (`https`, or plain `http` only to this machine unless allowed; no
//! credentials in the URL), and the addresses a collection implies: its objects, one object,
//! its API root, a status resource.

use std::net::IpAddr;

use super::Error;
use crate::briefing::sanitize::{Lines, sanitize};

/// `text` (a URL from the command line or a server) as a message may show it: no control,
/// bidi or tag character reaches the terminal, and no more than 200 characters.
fn shown(text: &str) -> String {
    crate::text::truncate(&sanitize(text, Lines::Single), 200).into_owned()
}

/// A checked TAXII URL, always ending in `/` (TAXII 2.1's URLs do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    url: String,
    loopback: bool,
}

impl Address {
    /// Checks `text` as a URL `brief` may connect to: `https`, or `http` to a loopback
    /// address (`localhost`, `127.0.0.0/8`, `::1`) unless `allow_http`; no user or password in
    /// it (they would be visible in `ps`). Nothing is connected to.
    pub fn parse(text: &str, allow_http: bool) -> Result<Address, Error> {
        let bad = |why: &str| Error::BadUrl(shown(text), why.to_string());
        let (scheme, rest) = text
            .split_once("://")
            .ok_or_else(|| bad("it does not start with https://"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(bad("only https:// (and http:// to this machine) are used"));
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.contains('@') {
            return Err(Error::UserInfo(shown(&redact(text))));
        }
        if text.contains(['?', '#']) {
            return Err(bad(
                "it has a query or fragment; give the collection's own URL",
            ));
        }
        if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(bad("it holds spaces or control characters"));
        }
        let host = host(authority).ok_or_else(|| bad("it names no host"))?;
        let loopback = is_loopback(host);
        if scheme == "http" && !loopback && !allow_http {
            return Err(Error::PlainHttp(shown(text)));
        }
        // The scheme as the client expects it, and a trailing slash as TAXII's URLs have.
        let mut url = format!("{scheme}://{rest}");
        if !url.ends_with('/') {
            url.push('/');
        }
        url.parse::<ureq::http::Uri>()
            .map_err(|e| bad(&e.to_string()))?;
        Ok(Address { url, loopback })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The host, without a port or brackets.
    pub fn host(&self) -> &str {
        let after = self.url.find("://").map_or(0, |i| i + 3);
        let authority = self.url[after..].split('/').next().unwrap_or("");
        host(authority).unwrap_or("")
    }

    /// Whether the host is this machine (no proxy is used for it).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// The address `relative` names from here: an absolute URL as it is (on the same scheme
    /// and host only), a path from the root of this host, or a path below this address.
    pub fn join(&self, relative: &str) -> Result<Address, Error> {
        let origin = self.origin();
        let url = if relative.contains("://") {
            if !relative.starts_with(&format!("{origin}/")) {
                return Err(Error::BadUrl(
                    shown(relative),
                    format!("the server points away from {origin}: not followed"),
                ));
            }
            relative.to_string()
        } else if relative.starts_with('/') {
            format!("{origin}{relative}")
        } else {
            format!("{}{relative}", self.url)
        };
        let mut url = url;
        if !url.ends_with('/') {
            url.push('/');
        }
        if url.contains(['?', '#']) || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Error::BadUrl(shown(&url), "not a TAXII address".into()));
        }
        Ok(Address {
            url,
            loopback: self.loopback,
        })
    }

    /// `scheme://host[:port]`, without a slash.
    fn origin(&self) -> &str {
        let after = self.url.find("://").map_or(0, |i| i + 3);
        let end = self.url[after..]
            .find('/')
            .map_or(self.url.len(), |i| after + i);
        &self.url[..end]
    }

    /// A collection's API root: the address above `collections/ID/`; none when this is not a
    /// collection's address.
    pub fn api_root(&self) -> Option<Address> {
        let path = self.url.strip_suffix('/')?;
        let (above, _id) = path.rsplit_once('/')?;
        let root = above.strip_suffix("/collections")?;
        Some(Address {
            url: format!("{root}/"),
            loopback: self.loopback,
        })
    }

    /// Whether this is a collection's address (`…/collections/ID/`).
    pub fn is_collection(&self) -> bool {
        self.api_root().is_some()
    }
}

/// `text` with anything between `://` and an `@` hidden, for a message.
fn redact(text: &str) -> String {
    match (text.find("://"), text.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &text[..s], &text[at..]),
        _ => text.to_string(),
    }
}

/// The host of `authority` (`host`, `host:port`, `[v6]:port`), without brackets.
fn host(authority: &str) -> Option<&str> {
    let host = if let Some(rest) = authority.strip_prefix('[') {
        rest.split(']').next()?
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

/// Whether `host` is this machine: `localhost`, or a loopback IP address.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_here() {
        let ok = |t, allow| Address::parse(t, allow).map(|a| a.as_str().to_string());
        assert_eq!(
            ok("https://taxii.example/api/collections/abc", false).unwrap(),
            "https://taxii.example/api/collections/abc/"
        );
        assert!(ok("http://127.0.0.1:5000/api/", false).is_ok());
        assert!(ok("http://[::1]:5000/api/", false).is_ok());
        assert!(ok("http://localhost/api/", false).is_ok());
        assert!(matches!(
            Address::parse("http://192.0.2.1/api/", false),
            Err(Error::PlainHttp(_))
        ));
        assert!(ok("http://192.0.2.1/api/", true).is_ok());
        assert!(matches!(
            Address::parse("ftp://x/", false),
            Err(Error::BadUrl(..))
        ));
        assert!(matches!(
            Address::parse("taxii.example/api", false),
            Err(Error::BadUrl(..))
        ));
        assert!(Address::parse("https://x/api/?a=1", false).is_err());
        assert!(Address::parse("https:///api/", false).is_err());
    }

    #[test]
    fn what_a_message_repeats_of_an_address_is_safe_to_show() {
        let root = Address::parse("https://t.example/api1/", false).unwrap();
        for hostile in [
            "https://evil.example/\u{1b}]0;pwned\u{7}/",
            "x\u{1b}[2J\u{202e}/",
        ] {
            let e = root.join(hostile).unwrap_err().to_string();
            assert!(!e.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{e:?}");
            let e = Address::parse(hostile, false).unwrap_err().to_string();
            assert!(!e.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{e:?}");
        }
    }

    #[test]
    fn credentials_in_the_url_are_refused_and_never_repeated() {
        let e = Address::parse("https://ana:s3cret@taxii.example/api/", false).unwrap_err();
        assert!(matches!(e, Error::UserInfo(_)));
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }

    #[test]
    fn a_collection_knows_its_api_root_and_joins_what_the_server_names() {
        let c = Address::parse("https://t.example/api1/collections/91a7/", false).unwrap();
        assert!(c.is_collection());
        assert_eq!(c.host(), "t.example");
        let v6 = Address::parse("http://[::1]:5000/api/", false).unwrap();
        assert_eq!(v6.host(), "::1");
        let root = c.api_root().unwrap();
        assert_eq!(root.as_str(), "https://t.example/api1/");
        assert!(!root.is_collection());
        assert_eq!(
            root.join("status/5").unwrap().as_str(),
            "https://t.example/api1/status/5/"
        );
        assert_eq!(
            root.join("/api2/").unwrap().as_str(),
            "https://t.example/api2/"
        );
        assert_eq!(
            root.join("https://t.example/api3/").unwrap().as_str(),
            "https://t.example/api3/"
        );
        assert!(root.join("https://elsewhere.example/api/").is_err());
        assert!(root.join("http://t.example/api/").is_err());
    }
}
