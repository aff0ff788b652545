//! Stage 5: put the files on disk, or compare them with what is there.
//!
//! Everything is rendered in memory before the first byte is written, so a
//! bad spec never touches the output. Then every changed file is written to
//! a temporary sibling first, and only when all are on disk are they renamed
//! over the old ones, so a reader never sees a half-written file and a
//! failed write (disk full) changes nothing. Files that are unchanged are not rewritten (their
//! mtimes stay, and cargo does not rebuild).
//!
//! The generator records the files it writes in [`MANIFEST`] in the output
//! folder. A file the previous run wrote and this one does not (a module a
//! newer generator no longer produces) is removed, and `--check` reports it;
//! a file the generator did not write is never touched, since only what the
//! manifest lists can be removed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use similar::TextDiff;

/// The list of files the generator wrote, in the output folder.
pub const MANIFEST: &str = ".generated-files";

/// The manifest's text for `files` (itself included), one path a line.
fn manifest(files: &[(String, String)]) -> String {
    let mut paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    paths.push(MANIFEST);
    paths.sort_unstable();
    let mut text = String::from(
        "# Written by `generator`: the files it produced here. Regenerating removes those\n\
         # it no longer produces; files not listed are never touched. Do not edit.\n",
    );
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// `files` and the manifest that lists them.
fn with_manifest(files: &[(String, String)]) -> Vec<(String, String)> {
    let mut all = files.to_vec();
    all.push((MANIFEST.to_string(), manifest(files)));
    all
}

/// Files the manifest in `out` lists that are not among `files`: written by
/// an earlier run, no longer produced. Only plain relative paths inside
/// `out` count, whatever the manifest says.
fn stale(out: &Path, files: &[(String, String)]) -> Vec<PathBuf> {
    let Ok(old) = fs::read_to_string(out.join(MANIFEST)) else {
        return Vec::new();
    };
    old.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| {
            Path::new(l)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
        })
        .filter(|l| *l != MANIFEST && !files.iter().any(|(p, _)| p == l))
        .map(|l| out.join(l))
        .filter(|p| p.is_file())
        .collect()
}

/// Writes `files` (and the manifest) into `out` and removes the files an
/// earlier run wrote that are no longer produced; returns how many files
/// changed.
pub fn write_all(out: &Path, files: &[(String, String)]) -> std::io::Result<usize> {
    let removed = stale(out, files);
    let written = write_files(out, &with_manifest(files))?;
    for path in &removed {
        fs::remove_file(path)?;
        // Folders the generator's files leave empty go too.
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(written + removed.len())
}

/// Writes the files of `files` that changed into `out`, atomically as a
/// set (see the module's docs), without a manifest; returns how many.
pub fn write_files(out: &Path, files: &[(String, String)]) -> std::io::Result<usize> {
    // Phase 1: every changed file goes to a temporary sibling, synced. A
    // failure here removes the temporaries and leaves the output untouched.
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (rel, content) in files {
            let path = out.join(rel);
            if fs::read(&path).is_ok_and(|old| old == content.as_bytes()) {
                continue;
            }
            let dir = path.parent().unwrap_or(out);
            fs::create_dir_all(dir)?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            staged.push((tmp.clone(), path));
            let mut f = fs::File::create(&tmp)?;
            f.write_all(content.as_bytes())?;
            f.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    // Phase 2: renames only, each atomic, back to back: the window in which
    // an interruption could mix old and new files is as small as it gets.
    for (tmp, path) in &staged {
        fs::rename(tmp, path)?;
    }
    Ok(staged.len())
}

/// Whether writing `files` into `out` would change anything there.
pub fn differs(out: &Path, files: &[(String, String)]) -> bool {
    !stale(out, files).is_empty()
        || with_manifest(files).iter().any(|(rel, content)| {
            fs::read(out.join(rel)).map_or(true, |old| old != content.as_bytes())
        })
}

/// A unified diff of every file that would change, and of every file that
/// would be removed; empty when in sync.
pub fn check(out: &Path, files: &[(String, String)]) -> String {
    let mut diff = String::new();
    for path in stale(out, files) {
        let old = fs::read_to_string(&path).unwrap_or_default();
        diff.push_str(&format!(
            "no longer generated, would be removed: {}\n",
            path.display()
        ));
        diff.push_str(
            &TextDiff::from_lines(old.as_str(), "")
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{}", path.display()), "/dev/null")
                .to_string(),
        );
    }
    for (rel, content) in &with_manifest(files) {
        let path = out.join(rel);
        let old = fs::read_to_string(&path).unwrap_or_default();
        if old == *content {
            continue;
        }
        let a = format!("a/{}", path.display());
        let b = format!("b/{}", path.display());
        diff.push_str(
            &TextDiff::from_lines(&old, content)
                .unified_diff()
                .context_radius(3)
                .header(&a, &b)
                .to_string(),
        );
    }
    diff
}
