//! The whitespace rules shared by the parser and the markdown writer:
//! which spaces are markup (collapsed, trimmed) and which are text. The
//! parser applies them as it reads, so a page's model is already canonical
//! and `parse(fmt(x)) == parse(x)` holds exactly.

/// Runs of ASCII whitespace become one space; ends are trimmed.
/// (No-break spaces are text, not markup, and stay.)
pub fn squash(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn tags(tags: &[String]) -> Vec<String> {
    tags.iter()
        .map(|t| squash(t))
        .filter(|t| !t.is_empty())
        .collect()
}

/// An event page's summary: paragraphs apart by one blank line, each line
/// trimmed; a hard break (two trailing spaces) becomes a trailing `\`.
pub fn event_summary(summary: &str) -> Option<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let lines: Vec<&str> = summary.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_matches(|c| c == ' ' || c == '\t');
        if trimmed.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
            continue;
        }
        let next_in_paragraph = lines
            .get(i + 1)
            .is_some_and(|l| !l.trim_matches(|c| c == ' ' || c == '\t').is_empty());
        let hard_break = next_in_paragraph && line.ends_with("  ") && !trimmed.ends_with('\\');
        let mut text = trimmed.to_string();
        if hard_break {
            text.push('\\');
        }
        current.push(text);
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// A day or opinion item's summary: trimmed lines, no blank ones.
pub fn item_summary(summary: &str) -> Option<String> {
    let lines: Vec<&str> = summary
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// An unknown section's body: no trailing whitespace (a hard break becomes
/// a trailing `\`), one blank line between blocks; fenced code is kept.
pub fn section_body(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, raw) in lines.iter().enumerate() {
        let start = raw.trim_start();
        let opens_or_closes = ["```", "~~~"].into_iter().find(|m| start.starts_with(m));
        if fence.is_some() {
            if opens_or_closes.is_some() && opens_or_closes == fence {
                fence = None;
            }
            out.push(raw.trim_end().to_string());
            continue;
        }
        if let Some(marker) = opens_or_closes {
            fence = Some(marker);
            out.push(raw.trim_end().to_string());
            continue;
        }
        let line = raw.trim_end();
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        let next_in_paragraph = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        if next_in_paragraph && raw.ends_with("  ") && !line.ends_with('\\') {
            out.push(format!("{line}\\"));
        } else {
            out.push(line.to_string());
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// The inside of `(…)` when the first `(` is closed by the last `)`.
pub fn unwrap_parens(text: &str) -> Option<&str> {
    let inside = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 1usize;
    for c in inside.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    (depth == 1).then_some(inside)
}
