//! What a pack folder may hold: folders, regular files, and links to files inside the pack
//! (copied as the file). Anything else is refused with its path before anything is read or
//! copied, by `validate`, by `install` and by the kiosk as it loads the pack, so the three
//! agree: a named pipe (copying it waits for a writer for ever), a socket, a device, a link
//! out of the pack (it would be copied in as the file it points at), a link to a folder or to
//! nothing. The same rule guards each copy itself ([`copy_folder`]), for a file that changes
//! between the check and the copy.

use crate::descriptor::Diagnostic;
use std::fs::{FileType, Metadata};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// A pack holds at most this many files and folders: the check stays quick on a kiosk, and a
/// folder dropped in by mistake (a home directory) is refused, not copied.
pub const MAX_PACK_ENTRIES: usize = 10_000;

/// What is wrong with each thing in `root` that a pack may not hold, one diagnostic each.
pub fn problems(root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Ok(canon_root) = root.canonicalize() else {
        return out;
    };
    let mut seen = 0;
    walk(root, &canon_root, &mut seen, &mut out);
    if seen > MAX_PACK_ENTRIES {
        out.push(Diagnostic::whole_file(
            root,
            format!(
                "the pack holds more than {MAX_PACK_ENTRIES} files and folders: is this the right folder? Keep only the pack's own files in it"
            ),
        ));
    }
    out
}

fn walk(dir: &Path, canon_root: &Path, seen: &mut usize, out: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(Diagnostic::whole_file(
            dir,
            "cannot be read: give the kiosk's user permission to read it, or remove it",
        ));
        return;
    };
    for e in entries.flatten() {
        *seen += 1;
        if *seen > MAX_PACK_ENTRIES {
            return;
        }
        let path = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, canon_root, seen, out);
        } else if let Err(why) = copyable(&path, &meta, canon_root) {
            out.push(Diagnostic::whole_file(&path, why));
        }
    }
}

/// Whether `path` (not a folder; `meta` its own, not its target's) may be copied as a pack's
/// file: a regular file, or a link to one inside `canon_root`.
pub(super) fn copyable(path: &Path, meta: &Metadata, canon_root: &Path) -> Result<(), String> {
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(());
    }
    if !ft.is_symlink() {
        return Err(format!(
            "is {}, not a file: a pack holds only folders and files; remove it",
            kind(ft)
        ));
    }
    let to = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    let (Ok(target), Ok(canon)) = (std::fs::metadata(path), path.canonicalize()) else {
        return Err(format!(
            "is a link to `{to}`, which is not there: remove the link or copy the file in"
        ));
    };
    if !canon.starts_with(canon_root) {
        return Err(format!(
            "is a link out of the pack (to `{to}`): copy the file into the pack instead"
        ));
    }
    if target.is_dir() {
        return Err(format!(
            "is a link to the folder `{to}`: a pack's links may point only at files; copy the folder instead"
        ));
    }
    if !target.is_file() {
        return Err(format!(
            "is a link to {} (`{to}`), not to a file: remove it",
            kind(target.file_type())
        ));
    }
    Ok(())
}

fn kind(ft: FileType) -> &'static str {
    if ft.is_fifo() {
        "a named pipe"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "a device"
    } else {
        "something other than a file"
    }
}

/// Copies the pack folder `from` to `to`: its folders, and its files (a link's target). Stops
/// at the first thing a pack may not hold (see [`copyable`]), before it is opened.
pub fn copy_folder(from: &Path, to: &Path) -> std::io::Result<()> {
    copy_within(from, to, &from.canonicalize()?)
}

fn copy_within(from: &Path, to: &Path, canon_root: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let path = e.path();
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.is_dir() {
            copy_within(&path, &to.join(e.file_name()), canon_root)?;
        } else {
            let refuse = |why: String| std::io::Error::other(format!("{}: {why}", path.display()));
            copyable(&path, &meta, canon_root).map_err(refuse)?;
            // Opened without waiting (a pipe put there since the check would wait for a
            // writer) and copied only if what was opened is a regular file.
            let mut src = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&path)?;
            let opened = src.metadata()?;
            if !opened.is_file() {
                return Err(refuse(format!(
                    "is {}, not a file",
                    kind(opened.file_type())
                )));
            }
            let mut dst = std::fs::File::create(to.join(e.file_name()))?;
            std::io::copy(&mut src, &mut dst)?;
        }
    }
    Ok(())
}
