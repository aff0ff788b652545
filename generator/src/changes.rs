//! What a new generation changes in a crate's public API, compared with the
//! crate it replaces (its `api-surface.txt`, see [`crate::surface`]), each
//! change classified by Rust's semver rules, and the version that follows.
//!
//! The rules, as the Cargo book's SemVer chapter states them for these
//! items: removing or changing anything public is breaking; a new public
//! field of a struct whose fields are all public is breaking (a struct
//! literal no longer compiles), as is a new variant of an enum that is not
//! `#[non_exhaustive]` (a `match` without a wildcard no longer compiles);
//! new items, new methods and a new feature are additions; deprecating is
//! an addition. An item that needs another feature than before is breaking
//! unless every feature that compiled it still does.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::pipeline::Generated;
use crate::surface::{self, Entry, Kind, Surface};
use crate::write;

/// The report of `generated` against the crate in `out`, when that crate
/// recorded its public API; with `[package] bump_version`, `generated`
/// takes the version it implies (or keeps the earlier crate's when nothing
/// changed), unless its configured version is already past it.
pub fn against(out: &std::path::Path, generated: &mut Generated) -> Option<Report> {
    // The public API of the crate in `out`, as its generation recorded it
    // (none: a first generation, or an older generator's crate).
    let old = Surface::parse(&std::fs::read_to_string(out.join(surface::FILE)).ok()?)?;
    if generated.api.bump_version && numbers(&old.version) > numbers(&generated.api.package_version)
    {
        generated.set_version(&old.version);
    }
    let mut report = compare(&old, &generated.surface, false);
    // Whether anything else changed matters only when the public API did
    // not (a patch): reading every file back is skipped otherwise.
    report.other_changes = report.changes.is_empty() && write::differs(out, &generated.files);
    if generated.api.bump_version && !report.satisfied_by(&generated.api.package_version) {
        if let Some(next) = report.next_version() {
            generated.set_version(&next);
        }
    }
    Some(report)
}

/// How much a change asks of the version, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing a user can name changed (documentation, behaviour).
    Patch,
    /// Something was added; nothing that compiled stops compiling.
    Minor,
    /// Code that compiled against the old crate may not compile.
    Major,
}

/// One change, on the item a user names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub level: Level,
    /// `Client::get_user`, `models::User.email`, `feature users`.
    pub item: String,
    /// What happened to it, in a sentence without its subject.
    pub what: String,
}

/// Every change from one crate to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub crate_name: String,
    /// The version of the crate replaced.
    pub from: String,
    pub changes: Vec<Change>,
    /// Whether anything but the public API changed (docs, behaviour): a
    /// patch at least.
    pub other_changes: bool,
}

impl Report {
    /// What the changes ask of the version; `None` when nothing changed.
    pub fn level(&self) -> Option<Level> {
        let level = self.changes.iter().map(|c| c.level).max();
        level.or(self.other_changes.then_some(Level::Patch))
    }

    /// The version after [`Report::from`] that the changes imply, by
    /// Cargo's rules (before 1.0 the minor number is the one that breaks);
    /// `None` when nothing changed or the version is not `x.y.z`.
    pub fn next_version(&self) -> Option<String> {
        let level = self.level()?;
        let core = self.from.split(['-', '+']).next()?;
        let numbers: Vec<u64> = core
            .split('.')
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?;
        let [major, minor, patch] = numbers[..] else {
            return None;
        };
        Some(match (level, major) {
            (Level::Major, 0) => format!("0.{}.0", minor + 1),
            (Level::Major, _) => format!("{}.0.0", major + 1),
            (Level::Minor, 0) | (Level::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
            (Level::Minor, _) => format!("{major}.{}.0", minor + 1),
        })
    }

    /// Whether the version `to` is at least [`Report::next_version`]: the
    /// bump has been made (or `to` went further).
    pub fn satisfied_by(&self, to: &str) -> bool {
        match self.next_version() {
            None => true,
            Some(next) => numbers(to) >= numbers(&next),
        }
    }
}

/// `x.y.z` as numbers, for ordering versions.
fn numbers(version: &str) -> Vec<u64> {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    core.split('.').map(|n| n.parse().unwrap_or(0)).collect()
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |level: Level| self.changes.iter().filter(|c| c.level == level).count();
        let (breaking, added, other) = (
            count(Level::Major),
            count(Level::Minor),
            count(Level::Patch),
        );
        writeln!(
            f,
            "API changes since {} {}: {breaking} breaking, {added} added{}",
            self.crate_name,
            self.from,
            if other > 0 {
                format!(", {other} other")
            } else {
                String::new()
            }
        )?;
        for c in &self.changes {
            let label = match c.level {
                Level::Major => "breaking",
                Level::Minor => "added   ",
                Level::Patch => "other   ",
            };
            writeln!(f, "  {label}  {}: {}", c.item, c.what)?;
        }
        match (self.level(), self.next_version()) {
            (None, _) => writeln!(f, "nothing changed: the version stays {}", self.from),
            (Some(level), Some(next)) => writeln!(
                f,
                "implied version: {next} ({})",
                match (level, self.from.starts_with("0.")) {
                    (Level::Major, true) =>
                        "breaking changes; before 1.0 they bump the minor number",
                    (Level::Major, false) => "breaking changes bump the major number",
                    (Level::Minor, true) => "additions only; before 1.0 they bump the patch number",
                    (Level::Minor, false) => "additions only bump the minor number",
                    (Level::Patch, _) if self.changes.is_empty() => {
                        "the public API is the same; other changes bump the patch number"
                    }
                    (Level::Patch, _) => "no breaking change and nothing added",
                }
            ),
            (Some(_), None) => writeln!(
                f,
                "implied version: cannot tell, {:?} is not a version of the form x.y.z",
                self.from
            ),
        }
    }
}

/// The changes from `old` to `new`; `other_changes` says whether files
/// changed beyond the public API.
pub fn compare(old: &Surface, new: &Surface, other_changes: bool) -> Report {
    let renamed = renamed_features(old, new);
    let mut changes = Vec::new();
    // Items inside a type added or removed whole are not listed again.
    let whole = |surface: &Surface, other: &Surface| -> BTreeSet<String> {
        surface
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Type && other.get(Kind::Type, &e.path).is_none())
            .map(|e| e.path.clone())
            .collect()
    };
    let (mut removed_types, mut added_types) = (whole(old, new), whole(new, old));
    // An operation's builder and error enum come and go with it: its line
    // says it.
    let parts = |surface: &Surface, types: &BTreeSet<String>| -> BTreeSet<String> {
        surface
            .entries
            .iter()
            .filter(|e| builder(e).is_some_and(|b| types.contains(&format!("operations::{b}"))))
            .flat_map(|e| operation_types(surface, e))
            .filter(|t| types.contains(t))
            .collect()
    };
    let (gone_parts, new_parts) = (parts(old, &removed_types), parts(new, &added_types));
    let inside = |types: &BTreeSet<String>, entry: &Entry| {
        entry.kind != Kind::Type && owner(&entry.path).is_some_and(|o| types.contains(o))
    };
    removed_types.extend(gone_parts.iter().cloned());
    added_types.extend(new_parts.iter().cloned());
    let pairs = paired(&old.entries, &new.entries);
    for &(before, after) in &pairs {
        let Some(before) = before else { continue };
        match after {
            None if inside(&removed_types, before) || gone_parts.contains(&before.path) => {}
            None if before.kind == Kind::Feature && renamed.contains_key(&before.path) => {
                changes.push(Change {
                    level: Level::Major,
                    item: format!("feature `{}`", before.path),
                    what: format!(
                        "renamed `{}` (its operations moved there whole)",
                        renamed[&before.path]
                    ),
                });
            }
            None => changes.push(removed(before)),
            Some(after) => changes.extend(changed(before, after, &renamed)),
        }
    }
    let new_names: BTreeSet<&String> = renamed.values().collect();
    for &(before, after) in &pairs {
        let (None, Some(after)) = (before, after) else {
            continue;
        };
        if inside(&added_types, after)
            || new_parts.contains(&after.path)
            || (after.kind == Kind::Feature && new_names.contains(&after.path))
        {
            continue;
        }
        changes.push(added(after, new));
    }
    changes.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.item.cmp(&b.item)));
    Report {
        changes: summarized(changes),
        crate_name: new.crate_name.clone(),
        from: old.version.clone(),
        other_changes,
    }
}

/// The builder an operation's method returns and the error enum its
/// `send` gives: the types that exist for that operation alone.
fn operation_types(surface: &Surface, method: &Entry) -> Vec<String> {
    let Some(b) = builder(method) else {
        return Vec::new();
    };
    let builder = format!("operations::{b}");
    let mut out = vec![builder.clone()];
    let send = surface.get(Kind::Fn, &format!("{builder}::send"));
    if let Some(error) = send.and_then(|s| s.signature.split("Error<errors::").nth(1)) {
        let name: String = error
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        out.push(format!("errors::{name}"));
    }
    out
}

/// Additions that only make items available with more features (or
/// always) are one line per such change, naming the first item and how
/// many more: a feature split undone moves every item of the crate.
fn summarized(changes: Vec<Change>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut widened: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in changes {
        if c.level == Level::Minor
            && (c.what.starts_with("always compiled") || c.what.starts_with("compiled with"))
        {
            widened.entry(c.what).or_default().push(c.item);
        } else {
            out.push(c);
        }
    }
    for (what, items) in widened {
        let item = match items.as_slice() {
            [one] => one.clone(),
            [first, rest @ ..] => format!(
                "{first} and {} more item{}",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
            [] => continue,
        };
        out.push(Change {
            level: Level::Minor,
            item,
            what,
        });
    }
    out.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.item.cmp(&b.item)));
    out
}

/// The type an entry belongs to: `models::User` for `models::User.email`
/// and `models::User::new`.
fn owner(path: &str) -> Option<&str> {
    if let Some((owner, _)) = path.rsplit_once('.') {
        return Some(owner);
    }
    path.rsplit_once("::").map(|(owner, _)| owner)
}

/// How an entry is named in a change.
fn item(e: &Entry) -> String {
    match e.kind {
        Kind::Feature => format!("feature `{}`", e.path),
        _ => format!("`{}`", e.path),
    }
}

/// The builder a `Client` method returns (`operations::GetUser`), which
/// makes it an operation's method.
fn builder(e: &Entry) -> Option<&str> {
    if e.kind != Kind::Fn || !e.path.starts_with("Client::") {
        return None;
    }
    let (_, returns) = e.signature.rsplit_once(" -> ")?;
    returns.strip_prefix("operations::")?.strip_suffix("<'_>")
}

fn removed(e: &Entry) -> Change {
    let what = match (e.kind, builder(e)) {
        (Kind::Fn, Some(_)) => "removed: the operation is gone",
        (Kind::Feature, _) => "removed: a manifest naming it no longer builds",
        _ => "removed",
    }
    .to_string();
    Change {
        level: Level::Major,
        item: item(e),
        what,
    }
}

fn added(e: &Entry, all: &Surface) -> Change {
    let parent = owner(&e.path).and_then(|o| all.get(Kind::Type, o));
    let open = parent.is_some_and(|p| p.marks.iter().any(|m| m == "non_exhaustive"));
    let (level, what) = match e.kind {
        Kind::Field if !open => (
            Level::Major,
            format!(
                "new field `{}`; reading it is unaffected, but a struct literal of the type no longer compiles",
                e.signature
            ),
        ),
        Kind::Variant if !open => (
            Level::Major,
            "new variant; a `match` on the enum without a wildcard arm no longer compiles".to_string(),
        ),
        Kind::Fn if builder(e).is_some() => (Level::Minor, gated("new operation", e)),
        Kind::Feature => (Level::Minor, "new feature".to_string()),
        Kind::Type => (Level::Minor, gated("new type", e)),
        Kind::Field => (Level::Minor, format!("new field `{}`", e.signature)),
        Kind::Variant => (Level::Minor, "new variant".to_string()),
        Kind::Fn => (Level::Minor, "new method".to_string()),
    };
    Change {
        level,
        item: item(e),
        what,
    }
}

/// `what`, and the features it needs when it needs some.
fn gated(what: &str, e: &Entry) -> String {
    if e.gate.is_empty() {
        what.to_string()
    } else {
        format!("{what} (with `{}`)", e.gate)
    }
}

/// The entries of two sorted lists side by side, by kind and path: both,
/// or the one that has it.
fn paired<'a>(old: &'a [Entry], new: &'a [Entry]) -> Vec<(Option<&'a Entry>, Option<&'a Entry>)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    while i < old.len() || j < new.len() {
        let order = match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) => (a.kind, &a.path).cmp(&(b.kind, &b.path)),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                out.push((old.get(i), None));
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push((None, new.get(j)));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((old.get(i), new.get(j)));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn changed(before: &Entry, after: &Entry, renamed: &BTreeMap<String, String>) -> Vec<Change> {
    let mut out = Vec::new();
    if before == after {
        return out;
    }
    let mut push = |level: Level, what: String| {
        out.push(Change {
            level,
            item: item(after),
            what,
        })
    };
    if before.signature != after.signature {
        match after.kind {
            Kind::Feature => {
                let set = |s: &str| -> BTreeSet<String> {
                    s.split(", ")
                        .filter(|x| !x.is_empty())
                        .map(str::to_string)
                        .collect()
                };
                let was: BTreeSet<String> = set(&before.signature)
                    .into_iter()
                    .map(|f| renamed.get(&f).cloned().unwrap_or(f))
                    .collect();
                let is = set(&after.signature);
                if was != is {
                    let level = if is.is_superset(&was) {
                        Level::Minor
                    } else {
                        Level::Major
                    };
                    push(
                        level,
                        format!("turns on `{}`, was `{}`", after.signature, before.signature),
                    );
                }
            }
            Kind::Type => {
                let derives = |s: &str| -> BTreeSet<String> {
                    s.split_once(" derives ")
                        .map(|(_, list)| list.split(", ").map(str::to_string).collect())
                        .unwrap_or_default()
                };
                let shape = |s: &str| s.split(" derives ").next().unwrap_or_default().to_string();
                let (was, is) = (derives(&before.signature), derives(&after.signature));
                if shape(&before.signature) != shape(&after.signature) {
                    push(
                        Level::Major,
                        format!("was `{}`, now `{}`", before.signature, after.signature),
                    );
                } else {
                    let lost: Vec<&String> = was.difference(&is).collect();
                    let gained: Vec<&String> = is.difference(&was).collect();
                    if !lost.is_empty() {
                        push(Level::Major, format!("no longer derives {}", list(&lost)));
                    }
                    if !gained.is_empty() {
                        push(Level::Minor, format!("now derives {}", list(&gained)));
                    }
                }
            }
            Kind::Field => push(
                Level::Major,
                format!("type `{}`, was `{}`", after.signature, before.signature),
            ),
            Kind::Variant => push(
                Level::Major,
                format!("holds `{}`, was `{}`", after.signature, before.signature),
            ),
            Kind::Fn => push(
                Level::Major,
                format!("now `{}`, was `{}`", after.signature, before.signature),
            ),
        }
    }
    let was_renamed = features_of(&before.gate).map(|set| {
        set.into_iter()
            .map(|f| renamed.get(&f).cloned().unwrap_or(f))
            .collect::<BTreeSet<_>>()
    });
    if before.gate != after.gate
        && (was_renamed.is_none() || was_renamed != features_of(&after.gate))
    {
        let (was, is) = (features_of(&before.gate), features_of(&after.gate));
        let wider = after.gate.is_empty()
            || (!before.gate.is_empty()
                && was.is_some_and(|was| is.is_some_and(|is| is.is_superset(&was))));
        let now = if after.gate.is_empty() {
            "always compiled".to_string()
        } else {
            format!("compiled with `{}`", after.gate)
        };
        let was = if before.gate.is_empty() {
            "always".to_string()
        } else {
            format!("`{}`", before.gate)
        };
        push(
            if wider { Level::Minor } else { Level::Major },
            format!("{now}, was {was}"),
        );
    }
    let marked = |e: &Entry, mark: &str| e.marks.iter().any(|m| m == mark);
    match (marked(before, "deprecated"), marked(after, "deprecated")) {
        (false, true) => push(Level::Minor, "deprecated".to_string()),
        (true, false) => push(Level::Patch, "no longer deprecated".to_string()),
        _ => {}
    }
    match (marked(before, "non_exhaustive"), marked(after, "non_exhaustive")) {
        (false, true) => push(
            Level::Major,
            "now `#[non_exhaustive]`: matches need a wildcard arm, struct literals no longer compile".to_string(),
        ),
        (true, false) => push(Level::Minor, "no longer `#[non_exhaustive]`".to_string()),
        _ => {}
    }
    out
}

fn list(items: &[&String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The features a gate of one predicate names, `a` or `any(a, b)`; `None`
/// for any other (`all(..)`, `not(..)`, a target).
fn features_of(gate: &str) -> Option<BTreeSet<String>> {
    if gate.is_empty() {
        return None;
    }
    let inner = gate
        .strip_prefix("any(")
        .and_then(|g| g.strip_suffix(')'))
        .unwrap_or(gate);
    inner
        .split(", ")
        .map(|name| {
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                .then(|| name.to_string())
        })
        .collect()
}

/// Features removed whose operations all moved to one feature added:
/// old name → new name.
fn renamed_features(old: &Surface, new: &Surface) -> BTreeMap<String, String> {
    let features = |s: &Surface| -> BTreeSet<String> {
        s.entries
            .iter()
            .filter(|e| e.kind == Kind::Feature)
            .map(|e| e.path.clone())
            .collect()
    };
    let (was, is) = (features(old), features(new));
    let gone: BTreeSet<&String> = was.difference(&is).collect();
    let came: BTreeSet<&String> = is.difference(&was).collect();
    let mut out = BTreeMap::new();
    for &from in &gone {
        let mut targets = BTreeSet::new();
        let mut moved = 0;
        for before in &old.entries {
            if builder(before).is_none() || before.gate != **from {
                continue;
            }
            moved += 1;
            match new
                .get(before.kind, &before.path)
                .and_then(|after| features_of(&after.gate))
            {
                Some(set) if set.len() == 1 => targets.extend(set),
                _ => {
                    targets.insert(String::new());
                }
            }
        }
        if let (1.., [to]) = (moved, targets.iter().collect::<Vec<_>>().as_slice()) {
            if came.contains(*to) {
                out.insert(from.clone(), (*to).clone());
            }
        }
    }
    out
}
