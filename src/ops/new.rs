//! `caravan new PACK_DIR [--kind mechanics]`: a pack with one commented starter exhibit that
//! validates, runs and verifies as written; the author changes it from there.

use std::path::Path;

/// Writes the starter pack into `dir` (which must not exist, or be empty). Returns what to do
/// next, or why nothing was written.
pub fn run(dir: &Path, kind: &str) -> Result<String, String> {
    if kind != "mechanics" {
        return Err(format!(
            "`--kind {kind}`: a starter is written for `mechanics` scenes; for the other kinds copy an exhibit of the built-in pack `exhibits/`"
        ));
    }
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!(
            "{} is already there and not empty: nothing written (give a new folder)",
            dir.display()
        ));
    }
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text)
            .map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    write("pack.ron", PACK)?;
    write("starter.exhibit.ron", STARTER)?;
    let d = dir.display();
    Ok(format!(
        "wrote {d}/pack.ron and {d}/starter.exhibit.ron\n\
         next:  caravan validate {d}\n\
         \x20      caravan simulate starter --pack {d} --ticks 120 --set controls.release=true\n\
         \x20      caravan verify --pack {d}\n\
         \x20      caravan run --pack {d} --windowed --exhibit starter   (every save shows at once)\n\
         the fields are described in docs/descriptor-reference.md and docs/authoring.md"
    ))
}

/// The starter's files, kept beside this module as the RON an author will read.
const PACK: &str = include_str!("starter/pack.ron");
/// A ball rolls down a ramp, timed at the bottom, checked against the incline's closed form.
const STARTER: &str = include_str!("starter/starter.exhibit.ron");
