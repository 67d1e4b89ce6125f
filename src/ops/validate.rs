//! `caravan validate PATH...`: exhibit files and pack folders, every problem in one run.

use crate::pack::{check_exhibit_file, load_pack, root_of_exhibit};
use std::io::Write;
use std::path::Path;

/// Prints `ok ID` per valid exhibit and one line per problem; returns whether all were valid.
pub fn run(paths: &[impl AsRef<Path>], out: &mut impl Write) -> bool {
    let mut all_ok = true;
    for p in paths {
        let p = p.as_ref();
        if p.is_dir() {
            let r = load_pack(p);
            for id in &r.ok_ids {
                let _ = writeln!(out, "ok {id}");
            }
            for d in &r.diagnostics {
                let _ = writeln!(out, "{d}");
            }
            all_ok &= r.diagnostics.is_empty();
        } else {
            match check_exhibit_file(p, &root_of_exhibit(p)) {
                Ok(parsed) => {
                    let _ = writeln!(out, "ok {}", parsed.descriptor.id);
                }
                Err(ds) => {
                    all_ok = false;
                    for d in ds {
                        let _ = writeln!(out, "{d}");
                    }
                }
            }
        }
    }
    all_ok
}
