//! How `check` and `fmt --check` report to CI: human lines, JSON Lines, or
//! GitHub workflow commands (annotations on the pull request's files).

use std::io::Write;

use crate::format::{Deviation, Rule};
use crate::{Diagnostic, Severity};

/// The shape of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// `path:line:col: severity: message` lines, as editors read them.
    #[default]
    Human,
    /// One JSON object a line, with a stable `code`.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// The report's flags, shared by `check` and `fmt`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// How to report problems: human, json (JSON Lines) or github (workflow annotations).
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub format: ReportFormat,
    /// Codes or names not to report (repeat or comma-separate), e.g.
    /// `--allow FMT003,CUR007` or `--allow link-padding`.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub allow: Vec<String>,
}

impl ReportArgs {
    /// Checks that every allowed code names something.
    pub fn validate(&self) -> crate::Result<()> {
        for code in &self.allow {
            let known = Rule::find(code).is_some() || crate::diagnostic::code_named(code).is_some();
            if !known {
                return Err(crate::Error::Usage(format!(
                    "--allow: unknown code `{code}` (codes: docs/fmt.md)"
                )));
            }
        }
        Ok(())
    }

    /// True when `rule` is allowed.
    pub fn allows_rule(&self, rule: Rule) -> bool {
        self.allow.iter().any(|c| Rule::find(c) == Some(rule))
    }

    /// True when the diagnostic's code is allowed.
    pub fn allows(&self, diagnostic: &Diagnostic) -> bool {
        let code = diagnostic.kind.code();
        self.allow
            .iter()
            .any(|c| crate::diagnostic::code_named(c) == Some(code))
    }
}

/// One page's deviations from the canonical form (`fmt --check`).
pub fn deviations(
    out: &mut impl Write,
    format: ReportFormat,
    file: &str,
    found: &[Deviation],
) -> std::io::Result<()> {
    for d in found {
        let (code, name, message) = (d.rule.code(), d.rule.name(), d.rule.message());
        match format {
            ReportFormat::Human => writeln!(out, "{file}:{}: {code} {name}: {message}", d.line)?,
            ReportFormat::Json => {
                let record = serde_json::json!({
                    "file": file, "line": d.line, "severity": "error",
                    "code": code, "rule": name, "message": message,
                });
                writeln!(out, "{record}")?;
            }
            ReportFormat::Github => writeln!(
                out,
                "::error file={},line={},title={}::{}",
                property(file),
                d.line,
                property(&format!("{code} {name}")),
                data(&format!("not in canonical form: {message} (currents fmt)"))
            )?,
        }
    }
    Ok(())
}

/// One parser diagnostic (`check`, and pages `fmt` refuses).
pub fn diagnostic(
    out: &mut impl Write,
    format: ReportFormat,
    d: &Diagnostic,
) -> std::io::Result<()> {
    match format {
        ReportFormat::Human => writeln!(out, "{d}"),
        ReportFormat::Json => {
            let file = d.file.as_ref().map(|p| p.display().to_string());
            let record = serde_json::json!({
                "file": file, "line": d.line, "column": d.column,
                "severity": d.severity.to_string(), "code": d.kind.code(),
                "rule": d.kind.name(), "message": d.kind.to_string(),
            });
            writeln!(out, "{record}")
        }
        ReportFormat::Github => {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "notice",
            };
            let file = d.file.as_ref().map(|p| p.display().to_string());
            let mut place = format!("file={}", property(file.as_deref().unwrap_or("-")));
            if d.line > 0 {
                place.push_str(&format!(",line={},col={}", d.line, d.column));
            }
            writeln!(
                out,
                "::{level} {place},title={}::{}",
                property(&format!("{} {}", d.kind.code(), d.kind.name())),
                data(&d.kind.to_string())
            )
        }
    }
}

/// Escapes a workflow command's message (`%`, CR, LF).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_their_values() {
        assert_eq!(property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(data("50% a:b"), "50%25 a:b");
    }
}
