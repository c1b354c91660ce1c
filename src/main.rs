//! The `brief` binary: everything happens in [`briefing::cli`].

fn main() -> std::process::ExitCode {
    briefing::cli::main()
}
