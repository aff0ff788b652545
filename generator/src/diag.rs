//! Problems found in a spec, reported the way a maintainer can act on them:
//! file, line and column, JSON pointer, and a plain sentence.

use std::fmt;

/// How bad a problem is: errors stop generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// JSON pointer into the spec (`/paths/~1users/get`), when the problem has a place.
    pub pointer: Option<String>,
    /// 1-based line and column in the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The source line at `line`, shown with the spot underlined.
    pub snippet: Option<Box<str>>,
    /// The file, where it is not the report's (a spec over several files).
    pub file: Option<Box<str>>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            pointer: None,
            line: None,
            column: None,
            snippet: None,
            file: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn line_col(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Takes the source line from `text`, when the position is known.
    pub fn with_snippet(mut self, lines: &[&str]) -> Self {
        if let Some(line) = self.line {
            self.snippet = lines.get(line.saturating_sub(1)).map(|l| (*l).into());
        }
        self
    }
}

/// Everything that stopped a run, with the file it concerns.
#[derive(Debug, Clone)]
pub struct Report {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write_one(f, d.file.as_deref().unwrap_or(&self.file), d)?;
        }
        Ok(())
    }
}

/// `error: <message>` then `  --> file:line:col` and the pointer, like rustc.
pub fn write_one(f: &mut impl fmt::Write, file: &str, d: &Diagnostic) -> fmt::Result {
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    writeln!(f, "{label}: {}", d.message)?;
    match (d.line, d.column) {
        (Some(line), Some(column)) => writeln!(f, "  --> {file}:{line}:{column}")?,
        (Some(line), None) => writeln!(f, "  --> {file}:{line}")?,
        _ => writeln!(f, "  --> {file}")?,
    }
    if let (Some(line), Some(source)) = (d.line, &d.snippet) {
        // Long lines (minified JSON) are shown around the column only.
        let column = d.column.unwrap_or(1).max(1);
        let chars: Vec<char> = source.chars().collect();
        let start = column.saturating_sub(40).max(1);
        let end = (column + 80).min(chars.len() + 1);
        let shown: String = chars
            .get(start - 1..end - 1)
            .unwrap_or_default()
            .iter()
            .collect();
        let word = chars
            .get(column - 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| !c.is_whitespace() && **c != ':' && **c != ',')
            .count()
            .max(1);
        let gutter = " ".repeat(line.to_string().len());
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{line} | {}", shown.trim_end())?;
        writeln!(
            f,
            "{gutter} | {}{}",
            " ".repeat(column - start),
            "^".repeat(word)
        )?;
    }
    if let Some(pointer) = &d.pointer {
        writeln!(f, "   = at #{pointer}")?;
    }
    Ok(())
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_into(&mut out, token);
    out
}

/// [`push`] in place, for walks that extend and truncate one pointer.
pub fn push_into(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The reference tokens of a JSON pointer, unescaped.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(unescape)
}

/// One reference token of a JSON pointer (a component's name in a `$ref`)
/// as it was before [`push`] escaped it.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_unescape() {
        let p = push(&push("", "paths"), "/a~b/{id}");
        assert_eq!(p, "/paths/~1a~0b~1{id}");
        assert_eq!(tokens(&p).collect::<Vec<_>>(), ["paths", "/a~b/{id}"]);
    }

    #[test]
    fn report_reads_like_rustc() {
        let report = Report {
            file: "spec.yaml".into(),
            diagnostics: vec![Diagnostic::error("`$ref` does not resolve")
                .at("/paths/~1a/get")
                .line_col(3, 5)],
        };
        assert_eq!(
            report.to_string(),
            "error: `$ref` does not resolve\n  --> spec.yaml:3:5\n   = at #/paths/~1a/get\n"
        );
        let with_source = Diagnostic::error("bad")
            .at("/a")
            .line_col(2, 3)
            .with_snippet(&["x: 1", "  $ref: '#/nope'"]);
        let report = Report {
            file: "s.yaml".into(),
            diagnostics: vec![with_source],
        };
        assert_eq!(
            report.to_string(),
            "error: bad\n  --> s.yaml:2:3\n  |\n2 |   $ref: '#/nope'\n  |   ^^^^\n   = at #/a\n"
        );
    }
}
