//! `currents completions` and `currents man`: shell completions and man
//! pages, generated from the same definitions as `--help`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents completions bash > /etc/bash_completion.d/currents\n  currents completions zsh > ~/.zfunc/_currents"
)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Print a man page (roff): `currents`, or one subcommand's full page.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents man > /usr/local/share/man/man1/currents.1\n  currents man fmt | man -l -\n  currents man --dir /usr/local/share/man/man1"
)]
pub struct ManArgs {
    /// The subcommand whose page to print (currents-SUBCOMMAND(1)).
    #[arg(value_name = "SUBCOMMAND", value_parser = PAGES.map(|(name, _)| name))]
    command: Option<String>,
    /// Write every page (currents.1, currents-check.1, …) into DIR instead.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath, conflicts_with = "command")]
    dir: Option<PathBuf>,
}

/// The subcommands with a page, and what their exit status means.
const PAGES: [(&str, &str); 6] = [
    (
        "check",
        "0 when no page has an error; 1 when a page has an error or a file cannot be read \
         (with --strict, warnings and prose pages count as errors); 2 for usage errors, \
         a bad currents.toml included.",
    ),
    (
        "convert",
        "0 when every page was read and the output written; 1 when a page had an error \
         (it is left out; the run goes on) or the output could not be written; 2 for usage errors.",
    ),
    (
        "fmt",
        "0 when all went well; 1 when a file was refused, could not be read or written, or \
         (with --check) would change for a reason not allowed; 2 for usage errors.",
    ),
    (
        "stats",
        "0 when every page was read; 1 when a page had an error; 2 for usage errors.",
    ),
    ("completions", "0; 2 for usage errors."),
    (
        "man",
        "0; 1 when a page cannot be written; 2 for usage errors.",
    ),
];

pub fn completions(args: CompletionsArgs) -> crate::Result<ExitCode> {
    super::io::require_stdout()?;
    let mut command = super::Cli::command();
    // Made in memory: clap_complete panics when its writes fail.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "currents", &mut script);
    if args.shell == clap_complete::Shell::Zsh {
        // `*::` restricts zsh's words to the paths, so no option would be
        // offered after the first path (clap issue 4652); `*:` keeps them.
        script = String::from_utf8_lossy(&script)
            .replace("'*::", "'*:")
            .into_bytes();
    }
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: ManArgs) -> crate::Result<ExitCode> {
    if let Some(dir) = &args.dir {
        let mut top = Vec::new();
        page(None, &mut top)?;
        write_page(&dir.join("currents.1"), &top)?;
        for (name, _) in PAGES {
            let mut text = Vec::new();
            page(Some(name), &mut text)?;
            write_page(&dir.join(format!("currents-{name}.1")), &text)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    super::io::require_stdout()?;
    let mut out = std::io::stdout().lock();
    page(args.command.as_deref(), &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A page written atomically (an ordinary new file, or replacing the old one).
fn write_page(path: &std::path::Path, text: &[u8]) -> crate::Result<()> {
    let mut file = crate::output::Output::open(Some(path))?;
    file.write_all(text)?;
    file.commit()
}

/// One page: `currents` (None) or `currents-NAME`, with its options, exit
/// status and examples.
fn page(name: Option<&str>, out: &mut dyn Write) -> crate::Result<()> {
    let top = super::Cli::command();
    let Some(name) = name else {
        clap_mangen::Man::new(top).render(out)?;
        return Ok(());
    };
    let sub = top
        .find_subcommand(name)
        .expect("PAGES names subcommands")
        .clone();
    let examples = sub.get_after_help().map(|h| h.to_string());
    // The page of `currents fmt` is currents-fmt(1); the examples get a
    // section of their own, not clap's EXTRA.
    // A one-shot command: the page's names may live as long as the process.
    let page_name: &'static str = Box::leak(format!("currents-{name}").into_boxed_str());
    let sub = sub
        .name(page_name)
        .bin_name(format!("currents {name}"))
        .version(env!("CARGO_PKG_VERSION"))
        .after_help("");
    let man = clap_mangen::Man::new(sub);
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    let status = PAGES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
    writeln!(
        out,
        ".SH \"EXIT STATUS\"\n{}",
        roff_text(status.unwrap_or(""))
    )?;
    if let Some(examples) = examples {
        writeln!(out, ".SH EXAMPLES")?;
        for line in examples
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            writeln!(out, ".PP\n.nf\n{}\n.fi", roff_text(line))?;
        }
    }
    writeln!(
        out,
        ".SH \"SEE ALSO\"\ncurrents(1), and currents.toml in the README (defaults for every flag)"
    )?;
    man.render_version_section(out)?;
    Ok(())
}

/// Text safe in roff: backslashes and hyphens escaped, no line starting
/// with a control character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.starts_with(['.', '\'']) {
        true => format!("\\&{escaped}"),
        false => escaped,
    }
}
