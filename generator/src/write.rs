//! Stage 5: put the files on disk, or compare them with what is there.
//!
//! Everything is rendered in memory before the first byte is written, so a
//! bad spec never touches the output. Then every changed file is written to
//! a temporary sibling first, and only when all are on disk are they renamed
//! over the old ones, so a reader never sees a half-written file and a
//! failed write (disk full) changes nothing. Files that are unchanged are not rewritten (their
//! mtimes stay, and cargo does not rebuild), and files the generator did not
//! produce are never deleted.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use similar::TextDiff;

pub fn write_all(out: &Path, files: &[(String, String)]) -> std::io::Result<usize> {
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

/// A unified diff of every file that would change; empty when in sync.
pub fn check(out: &Path, files: &[(String, String)]) -> String {
    let mut diff = String::new();
    for (rel, content) in files {
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
