//! `caravan list`: `ID<TAB>KIND<TAB>TITLE` per exhibit.

use crate::pack::Catalogue;
use crate::problems::one_line;
use std::io::Write;
use std::path::PathBuf;

pub fn run(packs: &[PathBuf], out: &mut impl Write, err: &mut impl Write) -> bool {
    let c = Catalogue::load(&crate::pack::packs_or_builtin(packs));
    for e in c.exhibits() {
        // Titles are checked to be one line; escaped all the same, so no pack can break a row.
        let title = one_line(e.title_in("en"));
        let _ = writeln!(out, "{}\t{}\t{title}", e.id, e.kind.name());
    }
    for d in &c.diagnostics {
        let _ = writeln!(err, "{d}");
    }
    c.diagnostics.is_empty()
}
