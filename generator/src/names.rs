//! Turning arbitrary spec strings into valid, distinct Rust identifiers.
//!
//! Case conversion is heck's; what heck leaves that Rust rejects (leading
//! digits, keywords, nothing left at all) is fixed here, and `Namespace` makes
//! every name in one scope distinct by numbering later arrivals, so two spec
//! names that convert to the same identifier (`foo_bar`, `fooBar`) never merge.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2021 (and the 2024 `gen`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A field's name without what makes a keyword one (`r#type` → `type`,
/// `self_` → `self`), for names made from it (`self_null`, not `self__null`).
pub fn bare(name: &str) -> &str {
    let name = name.trim_start_matches("r#");
    match name.strip_suffix('_') {
        Some(keyword) if NOT_RAW.contains(&keyword) => keyword,
        _ => name,
    }
}

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether the emitter must write the name as `r#name`.
pub fn needs_raw(name: &str) -> bool {
    is_keyword(name) && !NOT_RAW.contains(&name)
}

/// Characters heck does not treat as word boundaries but Rust rejects become
/// spaces first, so `x-ratelimit/limit` reads as three words. Identifiers
/// stay ASCII (non-ASCII letters are valid Rust but trigger a lint and are
/// awkward to type), so other scripts are transliterated first, before the
/// case is decided: `ÁKK` is `Akk`, not `kk`.
fn words(raw: &str) -> String {
    let ascii = if raw.is_ascii() {
        std::borrow::Cow::Borrowed(raw)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(raw))
    };
    ascii
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// What transliteration left that is not an identifier character is dropped
/// (and the result numbered by the namespace if that causes a collision).
fn ascii(name: String) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Whether `name` can be a Cargo package name as the generator writes it:
/// letters, digits, `-` and `_` (checked for `--name` and `package.name`).
pub fn is_crate_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A module name as written (`clerk`, `acme_v2`): lowercase ASCII letters,
/// digits and `_`, not starting with a digit, not a keyword.
pub fn is_module_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(name)
        && name != "_"
}

/// `UpperCamelCase` type or variant name; `fallback` when nothing is left.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = ascii(words(raw).to_upper_camel_case());
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `snake_case` field, method or argument name; `fallback` when nothing is left.
pub fn snake_name(raw: &str, fallback: &str) -> String {
    let mut name = ascii(words(raw).to_snake_case());
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// One scope of names. The first claimant of a name gets it; later ones get
/// `Name2`, `Name3`, … in the order they ask, which is spec order, so the
/// result is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    used: HashSet<String>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            used: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// [`Namespace::claim`], numbering `wanted` also when it is one of
    /// `avoid`: names the module the item goes to already has (its imports),
    /// which the rest of the namespace may still take.
    pub fn claim_avoiding(&mut self, wanted: String, avoid: &[&str]) -> String {
        if !avoid.contains(&wanted.as_str()) {
            return self.claim(wanted);
        }
        (2..)
            .map(|n| format!("{wanted}{n}"))
            .find(|candidate| {
                !avoid.contains(&candidate.as_str()) && self.used.insert(candidate.clone())
            })
            .unwrap_or(wanted) // the range is unbounded; `find` always succeeds
    }

    pub fn claim(&mut self, wanted: String) -> String {
        if self.used.insert(wanted.clone()) {
            return wanted;
        }
        // `send_2` for snake_case names, `Pet2` for CamelCase ones, `V1_2`
        // where a bare number would run into the name's own digits.
        // `Self_` (a keyword made a name) numbers as `Self2`: `Self_2` is
        // not camel case.
        let camel = wanted.starts_with(|c: char| c.is_ascii_uppercase());
        let wanted = if camel && wanted.ends_with('_') {
            wanted.trim_end_matches('_').to_string()
        } else {
            wanted
        };
        let sep = if wanted.ends_with('_') {
            ""
        } else if wanted.ends_with(|c: char| c.is_ascii_digit())
            || wanted.starts_with(|c: char| c.is_ascii_lowercase())
        {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{wanted}{sep}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or(wanted) // the range is unbounded; `find` always succeeds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_never_start_with_an_underscore() {
        // The generated code's own type parameters are `__S`, `__D`, `__A`.
        for raw in ["__A", "_D", "__S__", "_", "__Visitor"] {
            let name = type_name(raw, "T");
            assert!(!name.starts_with('_'), "{raw} → {name}");
        }
    }

    #[test]
    fn case_and_validity() {
        assert_eq!(
            type_name("organization_invitation", "T"),
            "OrganizationInvitation"
        );
        assert_eq!(
            type_name("JWKS.ed25519.PublicKey", "T"),
            "JwksEd25519PublicKey"
        );
        assert_eq!(type_name("+1", "Value"), "Value1");
        // Other scripts are transliterated before the case is decided.
        assert_eq!(type_name("ÁKK", "Value"), "Akk");
        assert_eq!(snake_name("größe", "f"), "grosse");
        assert_eq!(type_name("---", "Value"), "Value");
        assert_eq!(type_name("self", "T"), "Self_");
        assert_eq!(snake_name("inviterUserId", "f"), "inviter_user_id");
        assert_eq!(snake_name("x-ratelimit/limit", "f"), "x_ratelimit_limit");
        assert_eq!(snake_name("2fa", "field"), "field_2fa");
        assert_eq!(snake_name("self", "f"), "self_");
        assert!(needs_raw(&snake_name("type", "f")));
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut ns = Namespace::with_reserved(&["send"]);
        assert_eq!(ns.claim(snake_name("foo_bar", "f")), "foo_bar");
        assert_eq!(ns.claim(snake_name("fooBar", "f")), "foo_bar_2");
        assert_eq!(ns.claim("send".into()), "send_2");
        let mut types = Namespace::default();
        assert_eq!(types.claim(type_name("+1", "V")), "V1");
        assert_eq!(types.claim(type_name("-1", "V")), "V1_2");
        assert_eq!(types.claim("Pet".into()), "Pet");
        assert_eq!(types.claim("Pet".into()), "Pet2");
        assert_eq!(types.claim(type_name("Self", "T")), "Self_");
        assert_eq!(types.claim(type_name("self", "T")), "Self2");
    }
}
