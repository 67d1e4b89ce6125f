//! What an exhibit's view asks the kiosk to draw over its scene, in the kiosk's look and
//! language: captions at points of the scene, a hint line, badges pinned to the screen, a
//! panel, a fade. The views fill these resources; `kiosk/screens` draws them (the exhibits
//! layer imports nothing of the kiosk).

use crate::descriptor::Localized;
use bevy::prelude::*;

/// Texts the view draws beside points of the scene (a body's label), in world coordinates,
/// in the file's languages.
#[derive(Resource, Default, Debug, Clone)]
pub struct Captions(pub Vec<(Vec3, Localized)>);

/// Badges the view pins to points of the screen (a panorama's hotspots), drawn by the kiosk
/// at the touch-target size whatever the zoom.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Badges(pub Vec<Badge>);

#[derive(Debug, Clone, PartialEq)]
pub struct Badge {
    /// Normalised view position (0–1, y down) of its centre; None while behind the view
    /// (the badge stays, hidden, so that turning never rebuilds the badges).
    pub at: Option<[f64; 2]>,
    /// One character drawn in the badge ("i", "?", "→").
    pub glyph: &'static str,
    pub title: Localized,
    /// Its panel is open.
    pub open: bool,
}

/// A panel of text (and a picture) the view asks the kiosk to show over the scene.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct InfoPanel(pub Option<Panel>);

#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: Localized,
    pub text: Localized,
    pub picture: Option<Handle<Image>>,
}

/// How dark the scene is veiled (0–1): a fade between scenes.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
pub struct Veil(pub f32);

/// A line the kiosk shows over the exhibit: a key of the UI strings and the text for its `{n}`.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Hint(pub Option<(&'static str, String)>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Captions>()
        .init_resource::<Hint>()
        .init_resource::<Badges>()
        .init_resource::<InfoPanel>()
        .init_resource::<Veil>();
}

/// Nothing over the scene: an exhibit was unloaded.
pub(super) fn clear(world: &mut World) {
    world.insert_resource(Captions::default());
    world.insert_resource(Hint::default());
    world.insert_resource(Badges::default());
    world.insert_resource(InfoPanel::default());
    world.insert_resource(Veil::default());
}
