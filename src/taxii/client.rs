//! The one HTTP client `brief` has (ureq, rustls): the system's certificate store plus an
//! organisation's CA (`--ca-file`), a timeout on every exchange, no redirects followed, no
//! proxy for this machine, every answer capped in size and required to be JSON, and every
//! failure an [`Error`] that says what happened without the password.

use std::time::Duration;

use serde_json::Value;
use ureq::http::Response;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use super::credentials::{Credentials, From};
use super::{Address, Error, MEDIA_TYPE};
use crate::briefing::sanitize::{Lines, sanitize};

/// How a client is set up.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long one exchange may take, connecting included.
    pub timeout: Duration,
    /// The largest answer read, in bytes.
    pub max_response: u64,
    /// An organisation's CA certificates (PEM), trusted beside the system's.
    pub ca_file: Option<std::path::PathBuf>,
}

/// A JSON answer, with the headers TAXII pages by.
#[derive(Debug)]
pub struct Answer {
    pub json: Value,
    /// `X-TAXII-Date-Added-Last`.
    pub added_last: Option<String>,
    /// The answer's size in bytes.
    pub size: usize,
}

/// A client for one server.
pub struct Client {
    agent: ureq::Agent,
    auth: Option<String>,
    from: From,
    settings: Settings,
}

impl Client {
    /// A client for the server at `address`, sending `credentials` (found `from` where said).
    pub fn new(
        address: &Address,
        credentials: Option<&Credentials>,
        from: From,
        settings: Settings,
    ) -> Result<Client, Error> {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(settings.timeout))
            .user_agent(concat!("brief/", env!("CARGO_PKG_VERSION")))
            .tls_config(TlsConfig::builder().root_certs(roots(&settings)?).build());
        if address.is_loopback() {
            config = config.proxy(None);
        }
        Ok(Client {
            agent: config.build().into(),
            auth: credentials.map(Credentials::header),
            from,
            settings,
        })
    }

    /// GETs `address` with `query`, as TAXII JSON.
    pub fn get(&self, address: &Address, query: &[(&str, &str)]) -> Result<Answer, Error> {
        let mut request = self
            .agent
            .get(address.as_str())
            .header("Accept", MEDIA_TYPE);
        for (k, v) in query {
            request = request.query(*k, *v);
        }
        if let Some(auth) = &self.auth {
            request = request.header("Authorization", auth);
        }
        let response = request.call().map_err(|e| self.failed(address, e))?;
        self.answer(address, response)
    }

    /// The largest answer read, in bytes.
    pub fn max_response(&self) -> u64 {
        self.settings.max_response
    }

    /// POSTs `body` (TAXII JSON) to `address`.
    pub fn post(&self, address: &Address, body: &[u8]) -> Result<Answer, Error> {
        let mut request = (self.agent.post(address.as_str()))
            .header("Accept", MEDIA_TYPE)
            .header("Content-Type", MEDIA_TYPE);
        if let Some(auth) = &self.auth {
            request = request.header("Authorization", auth);
        }
        let response = request.send(body).map_err(|e| self.failed(address, e))?;
        self.answer(address, response)
    }

    fn answer(
        &self,
        address: &Address,
        mut response: Response<ureq::Body>,
    ) -> Result<Answer, Error> {
        let url = address.as_str().to_string();
        let status = response.status().as_u16();
        let kind = (response.headers().get("content-type"))
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let added_last = (response.headers().get("x-taxii-date-added-last"))
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cap = self.settings.max_response;
        let bytes = (response.body_mut().with_config().limit(cap).read_to_vec())
            .map_err(|e| self.failed(address, e))?;
        let json = kind
            .contains("json")
            .then(|| serde_json::from_slice::<Value>(&bytes).ok());
        if !(200..300).contains(&status) {
            return Err(Error::Status {
                url,
                status,
                what: self.status_text(status, json.flatten().as_ref()),
            });
        }
        if !kind.contains("json") {
            let kind = if kind.is_empty() {
                "with no content type".to_string()
            } else {
                sanitize(kind.split(';').next().unwrap_or(""), Lines::Single).into_owned()
            };
            return Err(Error::NotJson { url, kind });
        }
        let Some(Some(json)) = json else {
            return Err(Error::Answer {
                url,
                why: "the answer is not valid JSON".into(),
            });
        };
        Ok(Answer {
            json,
            added_last,
            size: bytes.len(),
        })
    }

    /// What status `status` means here, with what the server said of it (TAXII's error
    /// message has a `title` and a `description`).
    fn status_text(&self, status: u16, json: Option<&Value>) -> String {
        let meaning = match status {
            401 => match self.from {
                From::Nowhere => {
                    "the server wants credentials: set BRIEF_TAXII_USER and \
                     BRIEF_TAXII_PASSWORD, or add the host to ~/.netrc"
                }
                From::Environment => {
                    "the server refused the credentials from BRIEF_TAXII_USER and \
                     BRIEF_TAXII_PASSWORD"
                }
                From::Netrc => "the server refused the credentials from ~/.netrc",
            },
            403 => "the account may not do this (can it read, or write, this collection?)",
            404 => {
                "no such server, API root or collection there; `brief pull --list URL` \
                 shows what the server has"
            }
            406 | 415 => "the server does not speak TAXII 2.1 at this URL",
            413 => "the server refuses a request this large",
            422 => "the server could not process what was sent",
            429 => "the server asks for fewer requests: try again later",
            301..=308 => "the server sends brief elsewhere; give the URL it names",
            500..=599 => "the server failed on its side (its log says why)",
            _ => "not what TAXII answers",
        };
        let said: Vec<String> = ["title", "description"]
            .iter()
            .filter_map(|k| json?.get(k)?.as_str())
            .map(|t| {
                let t = sanitize(t, Lines::Single);
                crate::text::truncate(&t, 300).into_owned()
            })
            .collect();
        if said.is_empty() {
            meaning.to_string()
        } else {
            format!("{meaning} (it says: {})", said.join(": "))
        }
    }

    fn failed(&self, address: &Address, e: ureq::Error) -> Error {
        let url = address.as_str().to_string();
        match e {
            ureq::Error::Timeout(_) => Error::Timeout {
                url,
                seconds: self.settings.timeout.as_secs().max(1),
            },
            ureq::Error::BodyExceedsLimit(_) => Error::TooLarge {
                url,
                cap: self.settings.max_response,
            },
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                Error::Connect {
                    url,
                    why: "connection refused (is the server running, on this port?)".into(),
                }
            }
            ureq::Error::Io(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::UnexpectedEof
                        | std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::BrokenPipe
                ) =>
            {
                Error::Lost {
                    url,
                    why: sanitize(&e.to_string(), Lines::Single).into_owned(),
                }
            }
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => Error::Timeout {
                url,
                seconds: self.settings.timeout.as_secs().max(1),
            },
            ureq::Error::HostNotFound => Error::Connect {
                url,
                why: "the host name is not known".into(),
            },
            e => {
                let said = sanitize(&e.to_string(), Lines::Single).into_owned();
                // rustls's refusal comes through as an I/O error: said with the way out.
                let why = if said.contains("certificate") {
                    format!(
                        "the server's certificate is not trusted ({said}); --ca-file FILE \
                         trusts an organisation's CA"
                    )
                } else {
                    said
                };
                Error::Connect { url, why }
            }
        }
    }
}

/// The certificates trusted: the system's, and those of `--ca-file`; the ones compiled into
/// `brief` (Mozilla's, through webpki-roots) when the system has none and no file is named.
fn roots(settings: &Settings) -> Result<RootCerts, Error> {
    let mut certs: Vec<Certificate<'static>> = rustls_native_certs::load_native_certs()
        .certs
        .iter()
        .map(|c| Certificate::from_der(c.as_ref()).to_owned())
        .collect();
    if let Some(path) = &settings.ca_file {
        let name = sanitize(&path.display().to_string(), Lines::Single).into_owned();
        let pem = std::fs::read(path).map_err(|e| Error::CaFile(name.clone(), e.to_string()))?;
        let before = certs.len();
        for item in ureq::tls::parse_pem(&pem) {
            match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c),
                Ok(_) => {}
                Err(e) => return Err(Error::CaFile(name, e.to_string())),
            }
        }
        if certs.len() == before {
            return Err(Error::CaFile(name, "it holds no PEM certificate".into()));
        }
    }
    if certs.is_empty() {
        return Ok(RootCerts::WebPki);
    }
    Ok(RootCerts::new_with_certs(&certs))
}
