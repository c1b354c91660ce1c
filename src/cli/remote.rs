//! What `brief pull` and `brief push` share: the options of a connection (`--allow-http`,
//! `--ca-file`, `--timeout`, `--max-response`), the refusal when `brief` is offline
//! (`--offline`, or `offline = true` in the configuration), and the client made from them with
//! the credentials of `BRIEF_TAXII_USER`/`BRIEF_TAXII_PASSWORD` or `~/.netrc`
//! ([`crate::taxii::credentials`]).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::taxii::client::Settings;
use crate::taxii::{Address, Client, credentials};

/// The exit code of a command refused because `brief` is offline, or given a URL it will not
/// use: nothing was attempted.
pub(super) const REFUSED: u8 = 2;

#[derive(Debug, Clone, clap::Args)]
pub struct Remote {
    /// Allow plain http:// to a host other than this machine (the password goes in clear).
    #[arg(long)]
    allow_http: bool,

    /// Trust the CA certificates in this PEM file beside the system's (an organisation's CA).
    #[arg(long, value_name = "FILE")]
    ca_file: Option<PathBuf>,

    /// Give up on an exchange with the server after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,

    /// Refuse an answer from the server larger than this (for example 64MiB).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = super::parse_size)]
    max_response: u64,
}

impl Remote {
    /// The checked address of `url` and a client for it; said on stderr when refused.
    pub(super) fn connect(
        &self,
        command: &str,
        url: &str,
        global: &super::Global,
    ) -> Result<(Address, Client), ExitCode> {
        if global.offline || global.configuration().config.offline {
            super::warn(format_args!(
                "brief is offline (--offline, or offline = true in the configuration): \
                 {command} needs the network and does nothing"
            ));
            return Err(ExitCode::from(REFUSED));
        }
        let address = Address::parse(url, self.allow_http).map_err(|e| {
            super::warn(e);
            ExitCode::from(REFUSED)
        })?;
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let netrc = credentials::netrc_text();
        let (found, from) = credentials::find(
            env("BRIEF_TAXII_USER"),
            env("BRIEF_TAXII_PASSWORD"),
            netrc.as_deref(),
            address.host(),
        );
        let settings = Settings {
            timeout: Duration::from_secs(self.timeout.max(1)),
            max_response: self.max_response,
            ca_file: self.ca_file.clone(),
        };
        let client = Client::new(&address, found.as_ref(), from, settings).map_err(|e| {
            super::warn(e);
            ExitCode::from(1)
        })?;
        Ok((address, client))
    }
}

/// Refuses an address that is not a collection's (`…/API-ROOT/collections/ID/`), saying how
/// to find one.
pub(super) fn collection(address: &Address) -> Result<(), ExitCode> {
    if address.is_collection() {
        return Ok(());
    }
    super::warn(format_args!(
        "{}: not a collection's URL (…/API-ROOT/collections/ID/); `brief pull --list {}` \
         shows the collections",
        address.as_str(),
        address.as_str()
    ));
    Err(ExitCode::from(REFUSED))
}
