//! The command-line operations besides the kiosk itself.

pub mod bench;
pub mod list;
pub mod simulate;
pub mod validate;
pub mod verify;

use std::path::PathBuf;

/// The built-in pack: `exhibits/` beside the working directory, else the source tree's.
pub fn builtin_pack() -> PathBuf {
    let here = PathBuf::from("exhibits");
    if here.join(crate::pack::MANIFEST).is_file() {
        here
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exhibits")
    }
}

/// The packs to load: those given, else the built-in one.
pub fn packs_or_builtin(packs: &[PathBuf]) -> Vec<PathBuf> {
    if packs.is_empty() {
        vec![builtin_pack()]
    } else {
        packs.to_vec()
    }
}
