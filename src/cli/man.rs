//! `oktui man`: the man page, generated from the same clap definitions as `--help` and the
//! completions, so it cannot drift from the options the binary takes.

use std::io::{self, Write};

use clap::CommandFactory;

use super::args::{Cli, ManArgs};
use super::exit::CliError;

pub fn run(args: &ManArgs) -> Result<(), CliError> {
    let cmd = Cli::command();
    match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            clap_mangen::generate_to(cmd, dir)?;
            Ok(())
        }
        None => {
            // Rendered into memory first, so a closed pipe (`| head`) is one error, not a
            // half-written page.
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page)?;
            let mut out = io::stdout().lock();
            out.write_all(&page)?;
            out.flush()?;
            Ok(())
        }
    }
}
