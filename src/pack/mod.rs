//! Packs: a folder with `pack.ron` (name, version, the runtime version it needs, its
//! exhibits) and its own assets. A pack with any problem is not shown; the rest load.

use crate::descriptor::kinds::FileUse;
use crate::descriptor::locate::Locations;
use crate::descriptor::{
    self, Diagnostic, ExhibitDescriptor, Localized, Parsed, check_relative_path,
    parse_exhibit_file, parse_ron, read_source,
};
use crate::model::panorama::spec::check_image_size;
use crate::problems::Problems;
use image_header::ImageFormat;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod contents;
pub mod image_header;
pub mod install;

pub use contents::copy_folder;

pub const MANIFEST: &str = "pack.ron";
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024;
pub const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_EXHIBITS: usize = 64;
/// The version of this runtime, which packs name in `requires_runtime`.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackManifest {
    pub name: Localized,
    pub version: String,
    /// Oldest Caravan version this pack works with, `MAJOR.MINOR`.
    pub requires_runtime: String,
    /// Exhibit files, relative to the pack folder, in launcher order.
    pub exhibits: Vec<String>,
    /// The topic the launcher shows its exhibits under (packs naming the same topic share
    /// one); none: the pack's own name.
    #[serde(default)]
    pub topic: Option<TopicSpec>,
}

/// A topic of the launcher: its name and the colour of its band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    pub name: Localized,
    /// `#rrggbb`.
    pub colour: String,
    /// A picture in the pack (PNG or JPEG) for the topic's tile; none: its first exhibit's.
    #[serde(default)]
    pub icon: Option<String>,
}

/// A topic as the launcher shows it: its name, colour and exhibits (by id, in pack order).
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub name: Localized,
    pub colour: [f32; 3],
    /// The first of its packs' icons, a file.
    pub icon: Option<PathBuf>,
    pub exhibits: Vec<String>,
}

/// The band of a pack that names no topic.
pub const DEFAULT_TOPIC_COLOUR: [f32; 3] = [0.35, 0.45, 0.6];

#[derive(Debug, Clone)]
pub struct Pack {
    pub dir: PathBuf,
    pub manifest: PackManifest,
    pub exhibits: Vec<ExhibitDescriptor>,
}

/// What loading one pack found: the pack when it is wholly valid, every problem otherwise.
#[derive(Debug, Default)]
pub struct PackReport {
    pub pack: Option<Pack>,
    /// Ids of the exhibits that are valid on their own.
    pub ok_ids: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The core built-in pack (the kinds written in Rust): `exhibits/` beside the working
/// directory, else the source tree's. The safe mode's pack.
pub fn builtin_pack() -> PathBuf {
    builtin("exhibits")
}

/// Every built-in pack: the core one, 力学 and 力学 II (`mechanics` scenes only), 光学
/// (`optics` scenes), 声与波 (`waves` scenes) and VR体验 (a `panorama` tour).
pub fn builtin_packs() -> Vec<PathBuf> {
    vec![
        builtin_pack(),
        builtin("exhibits-mechanics"),
        builtin("exhibits-forces"),
        builtin("exhibits-optics"),
        builtin("exhibits-waves"),
        builtin("exhibits-flow"),
        builtin("exhibits-tour"),
    ]
}

fn builtin(name: &str) -> PathBuf {
    let here = PathBuf::from(name);
    if here.join(MANIFEST).is_file() {
        here
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
    }
}

/// The packs to load: those given, else the built-in ones.
pub fn packs_or_builtin(packs: &[PathBuf]) -> Vec<PathBuf> {
    if packs.is_empty() {
        builtin_packs()
    } else {
        install::expand(packs)
    }
}

fn version_pair(s: &str) -> Option<(u64, u64)> {
    let mut it = s.trim().split('.');
    let major = it.next()?.parse().ok()?;
    let minor = it.next().map(|m| m.parse().ok()).unwrap_or(Some(0))?;
    Some((major, minor))
}

/// Whether a pack that needs `required` runs on `runtime` (same major version — for 0.x the
/// same minor — and not newer).
pub fn runtime_satisfies(required: &str, runtime: &str) -> Option<bool> {
    let (rm, rn) = version_pair(required)?;
    let (m, n) = version_pair(runtime)?;
    Some(if m == 0 {
        rm == 0 && rn == n
    } else {
        rm == m && rn <= n
    })
}

/// Whether `rel` is a path inside the pack at `root`, after its links.
fn inside_pack(root: &Path, rel: &str) -> bool {
    let mut p = Problems::default();
    if !check_relative_path("", rel, &mut p) {
        return false;
    }
    match (root.join(rel).canonicalize(), root.canonicalize()) {
        (Ok(canon), Ok(root_canon)) => canon.starts_with(root_canon),
        _ => false,
    }
}

/// What is wrong with the asset `rel` of the pack at `root` for its use, if anything: it
/// must exist inside the pack and be of its use's format (a WAV the kiosk plays, a PNG or
/// JPEG whose header reads, a panorama of 2:1 within the size a kiosk decodes).
pub fn check_asset(root: &Path, rel: &str, used_as: FileUse) -> Result<(), String> {
    let shown = crate::problems::one_line(rel);
    if !root.join(rel).is_file() {
        return Err(format!(
            "`{shown}` does not exist in the pack: add the file or fix the path"
        ));
    }
    if !inside_pack(root, rel) {
        return Err(format!(
            "`{shown}` leaves the pack folder (a link out?): keep the pack's files inside it"
        ));
    }
    let len = std::fs::metadata(root.join(rel)).map_or(0, |m| m.len());
    if len > MAX_ASSET_BYTES {
        return Err(format!(
            "`{shown}` is {len} bytes, over the limit of {MAX_ASSET_BYTES} for a pack's sound or picture: make it smaller"
        ));
    }
    let bytes = std::fs::read(root.join(rel)).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    let jpeg = [".jpg", ".jpeg"]
        .iter()
        .any(|e| rel.to_ascii_lowercase().ends_with(e));
    match used_as {
        FileUse::Sound => {
            if crate::wav::read(&bytes).is_none() {
                return Err(format!(
                    "`{shown}` is not a 16-bit PCM mono WAV at 8–192 kHz: convert it, e.g. `sox in.wav -b 16 -c 1 -r 48000 out.wav`"
                ));
            }
        }
        FileUse::Preview | FileUse::Picture | FileUse::Panorama => {
            let want = if jpeg {
                ImageFormat::Jpeg
            } else {
                ImageFormat::Png
            };
            let (w, h) = match image_header::image_size(&bytes) {
                Some((format, w, h)) if format == want => (w, h),
                _ => {
                    return Err(format!(
                        "`{shown}` is not a {} image its name says: save it as {}",
                        if jpeg { "JPEG" } else { "PNG" },
                        if jpeg {
                            "a baseline or progressive JPEG"
                        } else {
                            "PNG"
                        }
                    ));
                }
            };
            if used_as == FileUse::Panorama {
                check_image_size(w, h).map_err(|e| format!("`{shown}`: {e}"))?;
            } else if w > MAX_PICTURE_PX || h > MAX_PICTURE_PX {
                return Err(format!(
                    "`{shown}` is {w}×{h}: pictures are at most {MAX_PICTURE_PX} pixels a side (scale it down)"
                ));
            }
        }
    }
    Ok(())
}

/// The largest side of a preview or panel picture: a panel is at most a screen wide.
pub const MAX_PICTURE_PX: u32 = 2048;

/// Parses and checks one exhibit file whose assets live under `root`; the result keeps where
/// each field sits in the file, for problems found later (a duplicate id).
pub fn check_exhibit_file(file: &Path, root: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let parsed = parse_exhibit_file(file).map_err(|d| vec![d])?;
    let problems = parsed.descriptor.check(&|rel, u| check_asset(root, rel, u));
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(parsed.diagnostics(problems))
    }
}

/// The pack folder an exhibit file belongs to: the nearest folder above it with a `pack.ron`,
/// else its own folder.
pub fn root_of_exhibit(file: &Path) -> PathBuf {
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut d = Some(dir.as_path());
    while let Some(x) = d {
        if x.join(MANIFEST).is_file() {
            return x.to_path_buf();
        }
        d = x.parent();
    }
    dir
}

pub fn load_pack(dir: &Path) -> PackReport {
    let mut report = PackReport::default();
    let manifest_path = dir.join(MANIFEST);
    if !dir.is_dir() {
        report.diagnostics.push(Diagnostic::whole_file(
            dir,
            "not a folder: a pack is a folder with a pack.ron",
        ));
        return report;
    }
    if !manifest_path.is_file() {
        report.diagnostics.push(Diagnostic::whole_file(
            &manifest_path,
            "the pack has no pack.ron: add one with name, version, requires_runtime and exhibits",
        ));
        return report;
    }
    let (manifest, locs): (PackManifest, Locations) =
        match read_source(&manifest_path, MAX_MANIFEST_BYTES)
            .and_then(|src| parse_ron(&manifest_path, &src))
        {
            Ok(x) => x,
            Err(d) => {
                report.diagnostics.push(d);
                return report;
            }
        };
    let at = |path: &str, msg: String| Diagnostic::at(&manifest_path, locs.find(path), msg);
    let mut p = Problems::default();
    for loc in descriptor::REQUIRED_LOCALES {
        if manifest.name.get(loc).is_none_or(|t| t.trim().is_empty()) {
            p.push(
                "name",
                format!("the pack's `name` has no `{loc}` text: add `\"{loc}\": \"…\"`"),
            );
        }
    }
    if version_pair(&manifest.version).is_none() {
        p.push(
            "version",
            format!(
                "`{}` is not a version: write it like \"1.0.0\"",
                manifest.version
            ),
        );
    }
    match runtime_satisfies(&manifest.requires_runtime, RUNTIME_VERSION) {
        None => p.push(
            "requires_runtime",
            format!("`{}` is not a version: write the Caravan version the pack needs, like \"{}\"", manifest.requires_runtime, short_version()),
        ),
        Some(false) => p.push(
            "requires_runtime",
            format!("this pack needs Caravan {}, and this is Caravan {RUNTIME_VERSION}: use a pack made for {}", manifest.requires_runtime, short_version()),
        ),
        Some(true) => {}
    }
    if let Some(t) = &manifest.topic {
        p.one_line_text("topic.name", &t.name);
        if let Some(icon) = &t.icon
            && let Err(e) = check_asset(dir, icon, FileUse::Picture)
        {
            p.push("topic.icon", e);
        }
        if crate::problems::parse_color(&t.colour).is_none() {
            p.push(
                "topic.colour",
                format!(
                    "`{}` is not a colour: write it as \"#rrggbb\"",
                    crate::problems::one_line(&t.colour)
                ),
            );
        }
    }
    if manifest.exhibits.is_empty() || manifest.exhibits.len() > MAX_EXHIBITS {
        p.push(
            "exhibits",
            format!(
                "a pack lists 1 to {MAX_EXHIBITS} exhibits; this one lists {}",
                manifest.exhibits.len()
            ),
        );
    }
    for d in p.items {
        report.diagnostics.push(at(&d.path, d.message));
    }
    report.diagnostics.extend(contents::problems(dir));

    let mut exhibits = Vec::new();
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (i, rel) in manifest.exhibits.iter().enumerate() {
        let path = format!("exhibits[{i}]");
        let mut pp = Problems::default();
        if !check_relative_path(&path, rel, &mut pp) {
            report
                .diagnostics
                .push(at(&path, pp.items.remove(0).message));
            continue;
        }
        let file = dir.join(rel);
        if !file.is_file() {
            report.diagnostics.push(at(
                &path,
                format!("`{rel}` is not in the pack: add the file or remove it from `exhibits`"),
            ));
            continue;
        }
        // Its size is the exhibit file's own limit, which reading it says.
        if !inside_pack(dir, rel) {
            report.diagnostics.push(at(
                &path,
                format!(
                    "`{rel}` leaves the pack folder (a link out?): keep exhibit files inside the pack"
                ),
            ));
            continue;
        }
        match check_exhibit_file(&file, dir) {
            Ok(parsed) => {
                let d = parsed.descriptor;
                if let Some(first) = ids.get(&d.id) {
                    report.diagnostics.push(Diagnostic::at(
                        &file,
                        parsed.locations.find("id"),
                        format!(
                            "the id `{}` is already used by {}: every exhibit needs its own id",
                            d.id,
                            first.display()
                        ),
                    ));
                    continue;
                }
                ids.insert(d.id.clone(), file.clone());
                report.ok_ids.push(d.id.clone());
                exhibits.push(d);
            }
            Err(ds) => report.diagnostics.extend(ds),
        }
    }
    if report.diagnostics.is_empty() {
        report.pack = Some(Pack {
            dir: dir.to_path_buf(),
            manifest,
            exhibits,
        });
    }
    report
}

fn short_version() -> String {
    let (m, n) = version_pair(RUNTIME_VERSION).unwrap_or((0, 0));
    format!("{m}.{n}")
}

/// An entry of what a kiosk shows (`show` in `kiosk.ron`), in its order: a pack by its
/// folder's name (all its exhibits, in its order), or one exhibit by its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Show {
    Pack(String),
    Exhibit(String),
}

/// What [`Catalogue::select`] did: the entries that named nothing loaded (by their place),
/// and the exhibits it left out (by id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    pub unknown: Vec<usize>,
    pub hidden: Vec<String>,
}

/// Every exhibit of the packs that loaded, in order; ids must be unique across packs too.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub packs: Vec<Pack>,
    /// Problems of the packs that were not loaded, for the operator screen and the log.
    pub diagnostics: Vec<Diagnostic>,
}

impl Catalogue {
    pub fn load(dirs: &[PathBuf]) -> Self {
        let mut c = Catalogue::default();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for dir in dirs {
            let r = load_pack(dir);
            c.diagnostics.extend(r.diagnostics);
            if let Some(pack) = r.pack {
                let dup: Vec<_> = pack
                    .exhibits
                    .iter()
                    .filter(|e| seen.contains_key(&e.id))
                    .collect();
                if let Some(e) = dup.first() {
                    c.diagnostics.push(Diagnostic::whole_file(
                        &pack.dir.join(MANIFEST),
                        format!(
                            "the exhibit id `{}` is already used by the pack in {}: rename it; this pack is not loaded",
                            e.id,
                            seen[&e.id].display()
                        ),
                    ));
                    continue;
                }
                for e in &pack.exhibits {
                    seen.insert(e.id.clone(), pack.dir.clone());
                }
                c.packs.push(pack);
            }
        }
        c
    }

    /// The launcher's topics, in the order their first pack loaded: packs naming the same
    /// topic (by its English name) share it; a pack naming none is a topic of its own name.
    pub fn topics(&self) -> Vec<Topic> {
        let mut out: Vec<Topic> = Vec::new();
        for p in &self.packs {
            let (name, colour, icon) = match &p.manifest.topic {
                Some(t) => (
                    t.name.clone(),
                    crate::problems::parse_color(&t.colour).unwrap_or(DEFAULT_TOPIC_COLOUR),
                    t.icon.as_ref().map(|i| p.dir.join(i)),
                ),
                None => (p.manifest.name.clone(), DEFAULT_TOPIC_COLOUR, None),
            };
            let ids = p.exhibits.iter().map(|e| e.id.clone());
            match out.iter_mut().find(|t| t.name.get("en") == name.get("en")) {
                Some(t) => {
                    t.exhibits.extend(ids);
                    t.icon = t.icon.take().or(icon);
                }
                None => out.push(Topic {
                    name,
                    colour,
                    icon,
                    exhibits: ids.collect(),
                }),
            }
        }
        out
    }

    /// Keeps only what `show` names, in its order (a pack's exhibits in the pack's order, each
    /// exhibit once); nothing changes if it would leave no exhibit at all (a kiosk never goes
    /// blank: every entry is then unknown).
    pub fn select(&mut self, show: &[Show]) -> Selection {
        // Every exhibit by (pack, place in it), in load order.
        let every: Vec<(usize, usize)> = (self.packs.iter().enumerate())
            .flat_map(|(pi, p)| (0..p.exhibits.len()).map(move |ei| (pi, ei)))
            .collect();
        let named = |s: &Show, (pi, ei): (usize, usize)| {
            let p = &self.packs[pi];
            match s {
                Show::Pack(name) => p.dir.file_name().is_some_and(|n| n == name.as_str()),
                Show::Exhibit(id) => p.exhibits[ei].id == *id,
            }
        };
        let mut order: Vec<(usize, usize)> = Vec::new();
        let mut sel = Selection::default();
        for (i, s) in show.iter().enumerate() {
            let found: Vec<(usize, usize)> =
                every.iter().copied().filter(|&x| named(s, x)).collect();
            if found.is_empty() {
                sel.unknown.push(i);
            }
            for f in found {
                if !order.contains(&f) {
                    order.push(f);
                }
            }
        }
        if order.is_empty() {
            sel.unknown = (0..show.len()).collect();
            return sel;
        }
        sel.hidden = (every.into_iter())
            .filter(|x| !order.contains(x))
            .map(|(pi, ei)| self.packs[pi].exhibits[ei].id.clone())
            .collect();
        // Runs of one pack stay one pack (its topic, its assets' folder).
        let mut packs: Vec<Pack> = Vec::new();
        for (pi, ei) in order {
            let (from, e) = (&self.packs[pi], self.packs[pi].exhibits[ei].clone());
            match packs.last_mut() {
                Some(p) if p.dir == from.dir => p.exhibits.push(e),
                _ => packs.push(Pack {
                    dir: from.dir.clone(),
                    manifest: from.manifest.clone(),
                    exhibits: vec![e],
                }),
            }
        }
        self.packs = packs;
        sel
    }

    pub fn exhibits(&self) -> impl Iterator<Item = &ExhibitDescriptor> {
        self.packs.iter().flat_map(|p| p.exhibits.iter())
    }

    pub fn find(&self, id: &str) -> Option<(&Pack, &ExhibitDescriptor)> {
        self.packs
            .iter()
            .find_map(|p| p.exhibits.iter().find(|e| e.id == id).map(|e| (p, e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_versions() {
        assert_eq!(runtime_satisfies("0.1", "0.1.0"), Some(true));
        assert_eq!(runtime_satisfies("0.2", "0.1.5"), Some(false));
        assert_eq!(runtime_satisfies("1.2", "1.3.0"), Some(true));
        assert_eq!(runtime_satisfies("1.4", "1.3.0"), Some(false));
        assert_eq!(runtime_satisfies("2.0", "1.3.0"), Some(false));
        assert_eq!(runtime_satisfies("x", "1.3.0"), None);
    }
}
