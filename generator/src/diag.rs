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
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            pointer: None,
            line: None,
            column: None,
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
            write_one(f, &self.file, d)?;
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
    if let Some(pointer) = &d.pointer {
        writeln!(f, "   = at #{pointer}")?;
    }
    Ok(())
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The reference tokens of a JSON pointer, unescaped.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
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
    }
}
