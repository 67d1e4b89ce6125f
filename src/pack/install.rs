//! `caravan install SOURCE_DIR --packs DIR` and `caravan rollback PACK --packs DIR`: pack
//! updates that cannot break a running kiosk.
//!
//! `DIR` is a packs folder (give it to the kiosk as a pack folder: every pack in it is shown).
//! Each installed pack `DIR/NAME` is a symbolic link to one immutable version in
//! `DIR/.versions/NAME/`. Install checks the source as `validate` does (nothing changes if it
//! is wrong), copies it into a staging folder there (same file system), syncs every file and
//! folder to disk, renames the staging folder to its version's name, and then replaces the
//! link in one `rename` (atomic on POSIX): the kiosk sees the old pack or the new one, never a
//! mix. The version before is kept; older ones are removed. Rollback points the link back
//! at the version before and removes the one that was rolled back. A pack that was a plain
//! folder becomes the first kept version at its first install. What an install that was
//! killed left behind (its staging folder, its link not yet renamed) the next one removes.

use super::{MANIFEST, copy_folder, load_pack};
use std::fs::File;
use std::path::{Path, PathBuf};

const VERSIONS: &str = ".versions";

fn versions_dir(packs: &Path, name: &str) -> PathBuf {
    packs.join(VERSIONS).join(name)
}

/// The kept versions of `name`, oldest first (their folder names start with a sequence
/// number).
fn kept(packs: &Path, name: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(versions_dir(packs, name))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.as_bytes().first().is_some_and(u8::is_ascii_digit))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            sync_tree(&p)?;
        } else {
            File::open(&p)?.sync_all()?;
        }
    }
    File::open(dir)?.sync_all()
}

/// Removes what an install that was killed left in `dir`: the entries named `prefix` and the
/// id of a process that is no longer running (a staging folder, a link not yet renamed).
fn remove_left_behind(dir: &Path, prefix: &str) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let p = e.path();
            let _ = if p.is_symlink() || !p.is_dir() {
                std::fs::remove_file(&p)
            } else {
                std::fs::remove_dir_all(&p)
            };
        }
    }
}

/// Points `packs/name` at `target` (relative to `packs`) in one rename.
fn relink(packs: &Path, name: &str, target: &Path) -> std::io::Result<()> {
    let tmp = packs.join(format!(".{name}.link-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp)?;
    std::fs::rename(&tmp, packs.join(name))?;
    File::open(packs)?.sync_all()
}

fn version_of(dir: &Path) -> String {
    load_pack(dir)
        .pack
        .map(|p| p.manifest.version)
        .unwrap_or_else(|| "?".into())
}

/// Installs `source` into `packs`; returns what to tell the user, or the errors.
pub fn install(source: &Path, packs: &Path) -> Result<String, Vec<String>> {
    let report = load_pack(source);
    let Some(pack) = report.pack.filter(|_| report.diagnostics.is_empty()) else {
        let mut e: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
        e.push(format!(
            "{}: not installed; nothing in {} changed",
            source.display(),
            packs.display()
        ));
        return Err(e);
    };
    let name = match source
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string))
    {
        Some(n) if !n.starts_with('.') => n,
        _ => {
            return Err(vec![format!(
                "{}: cannot name a pack after this folder",
                source.display()
            )]);
        }
    };
    let io = |what: &str, e: std::io::Error| {
        vec![format!("{what}: {e} (the installed pack is unchanged)")]
    };
    let versions = versions_dir(packs, &name);
    std::fs::create_dir_all(&versions).map_err(|e| io(&versions.display().to_string(), e))?;
    let link = packs.join(&name);
    // A pack installed by hand (a plain folder) becomes the first kept version.
    if link.is_dir() && !link.is_symlink() {
        let first = versions.join(format!("0000-{}", version_of(&link)));
        std::fs::rename(&link, &first).map_err(|e| io(&link.display().to_string(), e))?;
        relink(
            packs,
            &name,
            &Path::new(VERSIONS)
                .join(&name)
                .join(first.file_name().unwrap()),
        )
        .map_err(|e| io(&link.display().to_string(), e))?;
    }
    let before = kept(packs, &name);
    let next = before
        .last()
        .and_then(|p| p.file_name()?.to_str()?.get(..4)?.parse::<u32>().ok())
        .map_or(1, |n| n + 1);
    remove_left_behind(&versions, ".staging-");
    remove_left_behind(packs, &format!(".{name}.link-"));
    let staging = versions.join(format!(".staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    copy_folder(source, &staging)
        .and_then(|_| sync_tree(&staging))
        .map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io(&staging.display().to_string(), e)
        })?;
    let version = pack.manifest.version.clone();
    let folder = format!("{next:04}-{version}");
    std::fs::rename(&staging, versions.join(&folder))
        .map_err(|e| io(&versions.display().to_string(), e))?;
    relink(packs, &name, &Path::new(VERSIONS).join(&name).join(&folder))
        .map_err(|e| io(&link.display().to_string(), e))?;
    // Keep the version before this one; older ones go.
    let previous = before.last().cloned();
    for old in before.iter().rev().skip(1) {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(match previous {
        Some(p) => format!(
            "installed {name} {version} in {}; {} kept for `caravan rollback {name} --packs {}`",
            packs.display(),
            version_of(&p),
            packs.display()
        ),
        None => format!("installed {name} {version} in {}", packs.display()),
    })
}

/// Puts the version before back; returns what to tell the user, or the error.
pub fn rollback(name: &str, packs: &Path) -> Result<String, String> {
    let link = packs.join(name);
    if !link.is_symlink() {
        return Err(format!(
            "{}: not a pack `caravan install` put there: nothing to roll back to",
            link.display()
        ));
    }
    let current = std::fs::read_link(&link).map_err(|e| format!("{}: {e}", link.display()))?;
    let current = packs.join(current);
    let kept = kept(packs, name);
    let Some(previous) = kept.iter().rev().find(|p| **p != current).cloned() else {
        return Err(format!(
            "{name}: no earlier version is kept in {}",
            versions_dir(packs, name).display()
        ));
    };
    let rel = Path::new(VERSIONS)
        .join(name)
        .join(previous.file_name().unwrap());
    relink(packs, name, &rel).map_err(|e| format!("{}: {e}", link.display()))?;
    let was = version_of(&current);
    let _ = std::fs::remove_dir_all(&current);
    Ok(format!(
        "rolled {name} back from {was} to {} in {}",
        version_of(&previous),
        packs.display()
    ))
}

/// The pack folders in `entries`: a folder with a `pack.ron` is a pack; a folder without
/// one is a packs folder, and each of its (not hidden) sub-folders with a `pack.ron` is one,
/// in name order. Anything else is passed on, for the loader to say what is wrong with it.
pub fn expand(entries: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in entries {
        if e.join(MANIFEST).is_file() || !e.is_dir() {
            out.push(e.clone());
            continue;
        }
        let mut subs: Vec<PathBuf> = std::fs::read_dir(e)
            .map(|rd| {
                rd.flatten()
                    .map(|d| d.path())
                    .filter(|p| {
                        !p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with('.'))
                            && p.join(MANIFEST).is_file()
                    })
                    .collect()
            })
            .unwrap_or_default();
        subs.sort();
        if subs.is_empty() {
            out.push(e.clone());
        }
        out.extend(subs);
    }
    out
}
