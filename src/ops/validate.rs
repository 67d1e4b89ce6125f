//! `caravan validate PATH...`: exhibit files and pack folders, every problem in one run; a
//! pack's `pack.ron` stands for its folder, and the kiosk's settings (`kiosk.ron`) are checked
//! as the kiosk checks them when it starts.

use crate::kiosk::config::KioskConfig;
use crate::pack::{MANIFEST, check_exhibit_file, load_pack, root_of_exhibit};
use std::io::Write;
use std::path::Path;

/// The kiosk's settings file, by name (`config/kiosk.ron`, or one given with `--config`).
const KIOSK_SETTINGS: &str = "kiosk.ron";

/// Prints `ok ID` per valid exhibit (`ok PATH` for valid kiosk settings) and one line per
/// problem; returns whether all were valid.
pub fn run(paths: &[impl AsRef<Path>], out: &mut impl Write) -> bool {
    let mut all_ok = true;
    for p in paths {
        let p = p.as_ref();
        let named = |name: &str| p.is_file() && p.file_name().is_some_and(|n| n == name);
        // Read as an exhibit, these two said "unexpected field `name` in ExhibitDescriptor".
        let p = if named(MANIFEST) {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        } else {
            p
        };
        if named(KIOSK_SETTINGS) {
            let (_, ds) = KioskConfig::load(p);
            if ds.is_empty() {
                let _ = writeln!(out, "ok {}", p.display());
            }
            for d in &ds {
                let _ = writeln!(out, "{d}");
            }
            all_ok &= ds.is_empty();
        } else if p.is_dir() {
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
