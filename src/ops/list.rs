//! `caravan list`: `ID<TAB>KIND<TAB>TITLE` per exhibit.

use crate::pack::Catalogue;
use std::io::Write;
use std::path::PathBuf;

pub fn run(packs: &[PathBuf], out: &mut impl Write, err: &mut impl Write) -> bool {
    let c = Catalogue::load(&crate::pack::packs_or_builtin(packs));
    for e in c.exhibits() {
        let _ = writeln!(out, "{}\t{}\t{}", e.id, e.kind.name(), e.title_in("en"));
    }
    for d in &c.diagnostics {
        let _ = writeln!(err, "{d}");
    }
    c.diagnostics.is_empty()
}
