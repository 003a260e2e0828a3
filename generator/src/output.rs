//! Writing generated files: what differs from disk, and applying exactly that.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::Error;

/// A difference between `dir` and the files that should be there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file exists with other contents.
    Stale(PathBuf),
    /// The file should exist and does not.
    Missing(PathBuf),
    /// The file exists and should not.
    Extra(PathBuf),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Stale(p) => write!(f, "stale:   {}", p.display()),
            Change::Missing(p) => write!(f, "missing: {}", p.display()),
            Change::Extra(p) => write!(f, "extra:   {}", p.display()),
        }
    }
}

/// Compares `files` (paths relative to `dir`) with what is on disk; any other file under one of
/// the `managed` folders of `dir` is reported as extra.
pub fn diff(dir: &Path, files: &BTreeMap<PathBuf, String>, managed: &[&str]) -> Result<Vec<Change>, Error> {
    let mut changes = Vec::new();
    for (path, contents) in files {
        let full = dir.join(path);
        match fs::read_to_string(&full) {
            Ok(existing) if &existing == contents => {}
            Ok(_) => changes.push(Change::Stale(full)),
            Err(_) => changes.push(Change::Missing(full)),
        }
    }
    let mut existing_files = Vec::new();
    for folder in managed {
        existing_files.extend(files_under(&dir.join(folder))?);
    }
    for existing in existing_files {
        let relative = existing.strip_prefix(dir).unwrap_or(&existing);
        if !files.contains_key(relative) {
            changes.push(Change::Extra(existing));
        }
    }
    Ok(changes)
}

/// Applies `changes`: only after everything was generated in memory, so a failed run writes nothing.
pub fn write_all(dir: &Path, files: &BTreeMap<PathBuf, String>, changes: &[Change]) -> Result<(), Error> {
    for change in changes {
        match change {
            Change::Stale(full) | Change::Missing(full) => {
                let relative = full.strip_prefix(dir).unwrap_or(full);
                if let Some(parent) = full.parent() {
                    fs::create_dir_all(parent).map_err(|e| Error::in_file(parent, "", format!("cannot create: {e}")))?;
                }
                fs::write(full, &files[relative]).map_err(|e| Error::in_file(full, "", format!("cannot write: {e}")))?;
            }
            Change::Extra(full) => {
                fs::remove_file(full).map_err(|e| Error::in_file(full, "", format!("cannot remove: {e}")))?;
                remove_empty_parents(dir, full);
            }
        }
    }
    Ok(())
}

/// Removes the folders between `root` and `file` that the removal of `file` left empty.
fn remove_empty_parents(root: &Path, file: &Path) {
    let mut current = file.parent();
    while let Some(dir) = current.filter(|d| d.starts_with(root) && *d != root) {
        // `remove_dir` fails on a folder that still has entries, which ends the walk.
        if fs::remove_dir(dir).is_err() {
            break;
        }
        current = dir.parent();
    }
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
