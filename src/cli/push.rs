//! `brief push URL [PATH...]`: the briefings, with the analyst's notes on them, as
//! `brief export --format stix` writes them ([`super::export::bundle`]), posted to a TAXII 2.1
//! collection as one envelope (or several, when the server takes less in one request); then the server's status resource, asked again until it says
//! the push is complete (for a bounded time), and how many objects succeeded, failed and are
//! still pending.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::Value;

use super::remote::Remote;
use crate::taxii::push;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Credentials: BRIEF_TAXII_USER and BRIEF_TAXII_PASSWORD, else ~/.netrc.\n\nExit codes:\n  0  every object was taken\n  1  the server could not be used, refused objects, or had not finished; or a briefing could not be loaded\n  2  offline, a URL brief will not use, or a usage error"
)]
pub struct Args {
    /// A TAXII 2.1 collection the account can write to (…/API-ROOT/collections/ID/).
    url: String,

    /// Briefing files and folders to push. Default: what `brief` would open.
    paths: Vec<PathBuf>,

    /// How long to wait for the server to finish taking the objects, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    wait: u64,

    #[command(flatten)]
    remote: Remote,
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let (address, client) = match args.remote.connect("brief push", &args.url, global) {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    if let Err(code) = super::remote::collection(&address) {
        return code;
    }
    let (bundle, mut failed) = match super::export::bundle(args.paths, global) {
        Ok(made) => made,
        Err(code) => return code,
    };
    let objects = bundle
        .get("objects")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if objects.is_empty() {
        super::warn("nothing to push");
        return ExitCode::from(1);
    }
    let every = Duration::from_millis(500);
    let tries = usize::try_from(args.wait.saturating_mul(2)).unwrap_or(usize::MAX);
    let pushed = match push::push(&client, &address, &objects, every, tries) {
        Ok(pushed) => pushed,
        Err(e) => {
            super::warn(e);
            return ExitCode::from(1);
        }
    };
    for (id, message) in &pushed.failures {
        super::warn(format_args!("refused: {id}: {message}"));
    }
    let requests = if pushed.envelopes > 1 {
        format!(" in {} requests", pushed.envelopes)
    } else {
        String::new()
    };
    println!(
        "{} objects sent{requests}: {} succeeded, {} failed, {} pending",
        objects.len(),
        pushed.succeeded,
        pushed.failed,
        pushed.pending
    );
    if !pushed.unfinished.is_empty() {
        super::warn(format_args!(
            "the server had not finished after {} s (status {}); ask it later",
            args.wait,
            pushed.unfinished.join(", ")
        ));
        failed = true;
    }
    ExitCode::from(u8::from(failed || pushed.failed > 0))
}
