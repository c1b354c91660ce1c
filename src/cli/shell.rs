//! Shell integration generated from the command-line definition: completion scripts
//! (clap_complete) and the man page (clap_mangen).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, closed_pipe};

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

fn finish(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            super::warn(format_args!("cannot write: {e}"));
            ExitCode::from(1)
        }
    }
}

pub fn completions(args: CompletionArgs) -> ExitCode {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "brief", &mut out);
    finish(io::stdout().lock().write_all(&out))
}

pub fn man() -> ExitCode {
    let mut out = Vec::new();
    let result = clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .and_then(|()| io::stdout().lock().write_all(&out));
    finish(result)
}
