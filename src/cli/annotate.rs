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
    /// One SARIF 2.1.0 log at the end (code scanning, editors).
    Sarif,
}

/// The report's flags, shared by `check` and `fmt`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// How to report problems: human, json (JSON Lines), github (workflow
    /// annotations) or sarif (one SARIF 2.1.0 log).
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
            ReportFormat::Sarif => sarif::push(
                (code, name, message),
                "error",
                &format!("not in canonical form: {message}"),
                (file, d.line, 0),
            ),
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
        ReportFormat::Sarif => {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "note",
            };
            let file = d.file.as_ref().map(|p| p.display().to_string());
            let message = d.kind.to_string();
            let rule = (d.kind.code(), d.kind.name(), message.as_str());
            let place = (file.as_deref().unwrap_or("-"), d.line, d.column);
            sarif::push(rule, level, &message, place);
            Ok(())
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

/// Ends a report: the SARIF log, when that is the format (nothing else
/// waits for the end).
pub fn finish(out: &mut impl Write, format: ReportFormat) -> std::io::Result<()> {
    if format == ReportFormat::Sarif {
        writeln!(out, "{}", sarif::log())?;
    }
    Ok(())
}

/// SARIF results gathered on the reporting thread until [`finish`].
mod sarif {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use serde_json::{json, Value};

    thread_local! {
        static RESULTS: RefCell<(Vec<Value>, BTreeMap<String, Value>)> = RefCell::default();
    }

    /// One result: its rule (code, name, description), level, message and
    /// place (file, line, column; 0 when unknown).
    pub fn push(
        (code, name, description): (&str, &str, &str),
        level: &str,
        message: &str,
        (file, line, column): (&str, usize, usize),
    ) {
        let mut region = serde_json::Map::new();
        if line > 0 {
            region.insert("startLine".into(), line.into());
        }
        if column > 0 {
            region.insert("startColumn".into(), column.into());
        }
        let mut location = json!({ "artifactLocation": { "uri": file.trim_start_matches("./") } });
        if !region.is_empty() {
            location["region"] = Value::Object(region);
        }
        let result = json!({
            "ruleId": code,
            "level": level,
            "message": { "text": message },
            "locations": [ { "physicalLocation": location } ],
        });
        let rule = json!({
            "id": code,
            "name": name,
            "shortDescription": { "text": description },
        });
        RESULTS.with(|r| {
            let mut r = r.borrow_mut();
            r.0.push(result);
            r.1.entry(code.to_string()).or_insert(rule);
        });
    }

    /// The whole log, rules in code order, results in the order found.
    pub fn log() -> Value {
        let (results, rules) = RESULTS.with(|r| r.take());
        json!({
            "version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [{
                "tool": { "driver": {
                    "name": "currents",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.into_values().collect::<Vec<_>>(),
                } },
                "results": results,
            }],
        })
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
