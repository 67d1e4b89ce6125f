//! Live reload for exhibit authors: when a pack's files change on disk the packs are checked
//! again, once the files have been still for [`STILL_S`] (a pack being copied in is never
//! read half-way). A pack that is still valid replaces what ran (the screen showing it is
//! rebuilt); a pack that now has problems is reported in the log and the kiosk keeps running
//! the version it had.

use super::config::KioskConfig;
use super::{Screen, Shown, pack_assets};
use crate::pack::{Catalogue, Pack};
use bevy::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// Seconds between looks at the pack folders.
const EVERY_S: f64 = 0.5;
/// Seconds the files must stay unchanged before they are read.
pub const STILL_S: f64 = 2.0;

#[derive(Resource)]
pub struct PackWatch {
    /// The pack and packs folders as the kiosk was given them (a packs folder's packs are
    /// looked up again at each reload: one may have been installed).
    roots: Vec<PathBuf>,
    /// The fingerprint of what was last loaded.
    stamp: u64,
    /// The fingerprint last seen on disk, and since when it has not changed.
    seen: (u64, f64),
    next_look: f64,
    /// A change is waiting for the visitor to leave the exhibit.
    waiting: bool,
    /// The operator asked for a reload: now, wherever the kiosk is.
    forced: bool,
}

impl PackWatch {
    pub fn new(roots: Vec<PathBuf>) -> Self {
        let stamp = stamp(&roots);
        Self {
            roots,
            stamp,
            seen: (stamp, 0.0),
            next_look: 0.0,
            waiting: false,
            forced: false,
        }
    }
    /// Reload at the next look, changed or not (the operator's "reload packs").
    pub fn force(&mut self) {
        self.stamp = 0;
        self.next_look = 0.0;
        self.forced = true;
    }
}

/// A fingerprint of every file's name, size and modification time, three folders deep (a
/// packs folder, its packs, their folders).
fn stamp(dirs: &[PathBuf]) -> u64 {
    fn walk(dir: &Path, depth: u32, h: &mut DefaultHasher) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = rd.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            // Through symbolic links: an installed pack is one (`caravan install`).
            let Ok(meta) = std::fs::metadata(e.path()) else {
                continue;
            };
            e.file_name().hash(h);
            if meta.is_dir() {
                if depth > 0 {
                    walk(&e.path(), depth - 1, h);
                }
            } else {
                meta.len().hash(h);
                meta.modified().ok().hash(h);
            }
        }
    }
    let mut h = DefaultHasher::new();
    for d in dirs {
        walk(d, 3, &mut h);
    }
    h.finish()
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, watch);
}

fn watch(world: &mut World) {
    let now = world.resource::<Time>().elapsed_secs_f64();
    let s = {
        let Some(mut w) = world.get_resource_mut::<PackWatch>() else {
            return;
        };
        if now < w.next_look {
            return;
        }
        w.next_look = now + EVERY_S;
        let s = stamp(&w.roots);
        if s != w.seen.0 {
            w.seen = (s, now);
        }
        if s == w.stamp || now - w.seen.1 < STILL_S {
            return;
        }
        s
    };
    // A visitor at an exhibit keeps it: the change waits for the attract loop or the
    // launcher (looked at again every `EVERY_S`), unless the config is an author's.
    let screen = *world.resource::<State<Screen>>().get();
    let at_once = world.resource::<KioskConfig>().reload_at_once;
    let mut w = world.resource_mut::<PackWatch>();
    if matches!(screen, Screen::Exhibit) && !at_once && !w.forced {
        if !w.waiting {
            w.waiting = true;
            info!("a pack changed: it is applied when the visitor leaves this exhibit");
        }
        return;
    }
    w.waiting = false;
    w.forced = false;
    w.stamp = s;
    let dirs = crate::pack::packs_or_builtin(&w.roots);
    let fresh = Catalogue::load(&dirs);
    for d in &fresh.diagnostics {
        error!("{d} (this pack keeps its previous version)");
    }
    let mut ex = world.resource_mut::<Shown>();
    // Per pack: the new version when it loaded, else the one that was running.
    let old: Vec<Pack> = std::mem::take(&mut ex.loaded);
    let mut packs = Vec::new();
    for dir in &dirs {
        let new = fresh.packs.iter().find(|p| &p.dir == dir).cloned();
        if let Some(p) = new.or_else(|| old.iter().find(|p| &p.dir == dir).cloned()) {
            packs.push(p);
        }
    }
    ex.catalogue.packs = packs.clone();
    ex.loaded = packs;
    ex.problems = fresh.diagnostics;
    // The config's `show` again, on what loaded now (in safe mode, none: the built-in pack).
    if world.get_resource::<super::safe_mode::SafeMode>().is_none() {
        let config = world.resource::<KioskConfig>().clone();
        let path = world.resource::<super::ConfigPath>().0.clone();
        let mut ex = world.resource_mut::<Shown>();
        let (hidden, unknown) = super::select_shown(&mut ex.catalogue, &config, &path);
        for d in &unknown {
            error!("{d}");
        }
        ex.hidden = hidden;
        ex.problems.extend(unknown);
    }
    let ex = world.resource::<Shown>();
    info!(
        "packs reloaded: {} exhibits",
        ex.catalogue.exhibits().count()
    );
    pack_assets::refresh(world);
    // Rebuild the screen on show from the new descriptors (re-entering runs its set-up again).
    let screen = *world.resource::<State<Screen>>().get();
    if screen != Screen::Attract {
        world.resource_mut::<NextState<Screen>>().set(screen);
    }
}
