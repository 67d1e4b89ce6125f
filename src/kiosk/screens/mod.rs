//! The visitors' screens, one file each: Attract (exhibits run themselves), Launcher (a big
//! tile per exhibit), Exhibit (the exhibit in a common frame, its controls and gauges) and the
//! "still there?" countdown over it. The operator's screen is `kiosk::operator`.

mod attract;
mod countdown;
mod exhibit;
mod exhibit_controls;
mod exhibit_overlay;
mod launcher;

use super::config::KioskConfig;
use super::{Lang, Shown, StartSets, scene, sound};
use crate::descriptor::{ExhibitDescriptor, overrides};
use crate::exhibits::{self, ActiveExhibit};
use crate::pack::check_asset;
use bevy::prelude::*;

pub(crate) use countdown::CountdownOverlay;
pub(crate) use exhibit::{FrameButton, TouchPad};
pub(crate) use launcher::{LangButton, LauncherPage, PageButton, Tile, TopicTile, TopicsButton};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        attract::plugin,
        launcher::plugin,
        exhibit::plugin,
        exhibit_overlay::plugin,
        exhibit_controls::plugin,
        countdown::plugin,
    ));
}

/// Opens exhibit `id`: its simulation, sounds, scene and the camera from its descriptor.
fn open(world: &mut World, id: &str) -> Option<ExhibitDescriptor> {
    let (mut d, dir) = {
        let (p, d) = world.resource::<Shown>().catalogue.find(id)?;
        (d.clone(), p.dir.clone())
    };
    sound::switch_to(world, id);
    // `caravan screenshot ID --set …`: that exhibit opens with its overrides (checked at start).
    let mut held = Default::default();
    if let Some(start) = world.get_resource::<StartSets>()
        && start.exhibit.as_deref() == Some(id)
        && let Ok(o) = overrides::apply(&mut d, &start.sets, &|rel, u| check_asset(&dir, rel, u))
    {
        held = o.held;
    }
    exhibits::load(world, ActiveExhibit::new(d.clone(), dir, held));
    scene::spawn_scene(world, &d.scene);
    Some(d)
}

/// Stops and removes the exhibit running on the screen being left.
fn unload(world: &mut World) {
    sound::silence(world);
    exhibits::unload(world);
}

/// The next of the kiosk's languages.
fn next_lang(config: &KioskConfig, lang: &mut Lang) {
    let langs = &config.languages;
    let i = langs.iter().position(|l| *l == lang.0).unwrap_or(0);
    lang.0 = langs[(i + 1) % langs.len()].clone();
}
