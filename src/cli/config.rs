//! `currents.toml`: defaults for the command line, per subcommand.
//!
//! The file is found by walking up from the working directory (or named
//! with `--config FILE`; `--no-config` reads none). Each section is a
//! subcommand, each key one of its long flags, so every flag has a key
//! without any code here knowing it; top-level keys apply to every
//! subcommand that has that flag:
//!
//! ```toml
//! exclude = ["vendor/", "drafts/"]   # every command that walks folders
//!
//! [fmt]
//! style = "site"
//! fix = ["entities", "wiki"]
//!
//! [convert]
//! site-url = "https://example.org"
//! title = "Example news"
//! ```
//!
//! Values become the flags' defaults (checked by each flag's own parser),
//! so a flag on the command line always wins. An unknown section or key,
//! or a bad value, is a usage error naming the file and line.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Command;
use toml::de::{DeTable, DeValue};

/// The config file's name.
pub const FILE_NAME: &str = "currents.toml";

/// The command line's parser with the config file's defaults applied, and
/// the file they came from, if any.
pub fn command(args: &[OsString], cmd: Command) -> crate::Result<(Command, Option<PathBuf>)> {
    let Some(path) = find(args)? else {
        return Ok((cmd, None));
    };
    let text = std::fs::read_to_string(&path).map_err(|source| crate::Error::File {
        path: path.clone(),
        source,
    })?;
    let cmd = apply(cmd, &path, &text)?;
    Ok((cmd, Some(path)))
}

/// The file to read: `--config FILE`, none with `--no-config`, else the
/// nearest `currents.toml` from the working directory up.
fn find(args: &[OsString]) -> crate::Result<Option<PathBuf>> {
    let mut named = None;
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        match text.as_ref() {
            "--" => break,
            "--no-config" => return Ok(None),
            "--config" => named = args.next().map(PathBuf::from),
            _ => {
                if let Some(file) = text.strip_prefix("--config=") {
                    named = Some(PathBuf::from(file));
                }
            }
        }
    }
    if named.is_some() {
        return Ok(named);
    }
    let start = std::env::current_dir().unwrap_or_default();
    Ok(start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|file| file.is_file()))
}

/// `cmd` with the defaults `text` (the file at `path`) sets.
pub fn apply(mut cmd: Command, path: &Path, text: &str) -> crate::Result<Command> {
    let at = |span: std::ops::Range<usize>| Place { path, text, span };
    let table = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        at(span).error(e.message().trim())
    })?;
    for (key, value) in table.get_ref() {
        let name = key.get_ref().as_ref();
        match value.get_ref() {
            DeValue::Table(section) => {
                if cmd.find_subcommand(name).is_none() || name == "completions" || name == "man" {
                    let known = sections(&cmd).join("], [");
                    return Err(at(key.span())
                        .error(&format!("unknown section [{name}] (sections: [{known}])")));
                }
                for (key, value) in section {
                    let place = at(key.span());
                    cmd = set_default(cmd, name, key.get_ref(), (value.get_ref(), &place))?;
                }
            }
            _ => {
                let having: Vec<String> = sections(&cmd)
                    .into_iter()
                    .filter(|sub| long_arg(&cmd, sub, name).is_some())
                    .collect();
                if having.is_empty() {
                    return Err(at(key.span()).error(&format!(
                        "unknown key `{name}` (no subcommand has --{name}; sections: [{}])",
                        sections(&cmd).join("], [")
                    )));
                }
                for sub in having {
                    cmd = set_default(cmd, &sub, name, (value.get_ref(), &at(key.span())))?;
                }
            }
        }
    }
    Ok(cmd)
}

/// The subcommands a section can configure.
fn sections(cmd: &Command) -> Vec<String> {
    cmd.get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|name| name != "completions" && name != "man" && name != "help")
        .collect()
}

fn long_arg<'c>(cmd: &'c Command, sub: &str, long: &str) -> Option<&'c clap::Arg> {
    cmd.find_subcommand(sub)?
        .get_arguments()
        .find(|a| a.get_long() == Some(long) && long != "help" && long != "version")
}

/// `cmd` with `sub`'s `--key` defaulting to `value`, checked by the flag's
/// own parser.
fn set_default(
    cmd: Command,
    sub: &str,
    key: &str,
    (value, place): (&DeValue<'_>, &Place<'_>),
) -> crate::Result<Command> {
    let Some(arg) = long_arg(&cmd, sub, key) else {
        return Err(place.error(&format!(
            "unknown key `{key}` in [{sub}]: `currents {sub}` has no --{key}"
        )));
    };
    let values = match value {
        DeValue::Array(items) => items
            .iter()
            .map(|item| scalar(item.get_ref()))
            .collect::<Option<Vec<_>>>(),
        other => scalar(other).map(|v| vec![v]),
    };
    let Some(values) = values else {
        return Err(place.error(&format!(
            "`{key}`: expected a string, number, boolean or a list of them"
        )));
    };
    let takes_many = matches!(arg.get_action(), clap::ArgAction::Append);
    if values.len() != 1 && !takes_many {
        return Err(place.error(&format!("`{key}` takes one value, not a list")));
    }
    for value in &values {
        check_value(arg, value).map_err(|why| place.error(&format!("`{key} = {value}`: {why}")))?;
    }
    let id = arg.get_id().clone();
    // Read once per process: the values live as long as the command.
    let values: Vec<&'static str> = values
        .into_iter()
        .map(|v| &*Box::leak(v.into_boxed_str()))
        .collect();
    // A required flag (`convert --to`) is satisfied by its default.
    Ok(cmd.mut_subcommand(sub, |s| {
        s.mut_arg(id, |a| a.default_values(values).required(false))
    }))
}

/// Runs the flag's own parser on `value`, as if it had been given.
fn check_value(arg: &clap::Arg, value: &str) -> Result<(), String> {
    let is_flag = matches!(
        arg.get_action(),
        clap::ArgAction::SetTrue | clap::ArgAction::SetFalse
    );
    if is_flag {
        return match value {
            "true" | "false" => Ok(()),
            _ => Err("expected true or false".into()),
        };
    }
    let long = arg.get_long().unwrap_or_default();
    let probe = Command::new("currents")
        .no_binary_name(true)
        .arg(arg.clone().required(false));
    match probe.try_get_matches_from([format!("--{long}={value}")]) {
        Ok(_) => Ok(()),
        Err(error) => {
            let text = error.to_string();
            let first = text.lines().next().unwrap_or_default();
            Err(first.trim_start_matches("error: ").to_string())
        }
    }
}

fn scalar(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.to_string()),
        DeValue::Float(f) => Some(f.to_string()),
        DeValue::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A place in the config file, for messages: `file:line: message`.
struct Place<'a> {
    path: &'a Path,
    text: &'a str,
    span: std::ops::Range<usize>,
}

impl Place<'_> {
    fn error(&self, message: &str) -> crate::Error {
        let start = self.span.start.min(self.text.len());
        let line = self.text[..start].matches('\n').count() + 1;
        crate::Error::Usage(format!("{}:{line}: {message}", self.path.display()))
    }
}
