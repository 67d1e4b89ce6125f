//! `panorama`: the [`Tour`] model steps the visit from the visitor's fingers and the controls;
//! this plugin feeds it, writes back the controls it moved (zoom by pinch, scene by a door),
//! records its columns and cues its sounds. `view` draws the scene on a sphere round the
//! camera and hands the kiosk the hotspots' badges, the panel and the fade.

use super::{
    ActiveExhibit, ExhibitKind, ExhibitSet, KindRegistration, Pointers, SoundCues, Telemetry,
    ViewAspect, active_kind, csv_fixed, fixed_columns, no_voice,
};
use crate::descriptor::kinds::{KindParams, KindSpec};
use crate::model::TICK_S;
use crate::model::panorama::PanoramaParams;
use crate::model::panorama::tour::{Fingers, Tour};
use bevy::prelude::*;

mod view;

pub use view::PanoramaImages;

const KIND: &str = PanoramaParams::NAME;

impl ExhibitKind for PanoramaParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin: view::view_plugin,
        voice: no_voice,
        columns: |_| fixed_columns(&["scene", "yaw_deg", "pitch_deg", "fov_deg", "hotspot"]),
        gauges: |_| Vec::new(),
    };
}

#[derive(Resource)]
pub struct PanoramaSim {
    pub tour: Tour,
}

fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (
            step.in_set(ExhibitSet::Step).run_if(active_kind(KIND)),
            record.in_set(ExhibitSet::Record).run_if(active_kind(KIND)),
        ),
    );
}

fn spawn(world: &mut World) {
    let active = world.resource::<ActiveExhibit>();
    let KindParams::Panorama(p) = &active.descriptor.kind else {
        return;
    };
    let tour = Tour::new(p);
    world.insert_resource(PanoramaSim { tour });
}

fn step(
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    sim: Option<ResMut<PanoramaSim>>,
    aspect: Res<ViewAspect>,
    mut cues: ResMut<SoundCues>,
) {
    let Some(mut sim) = sim else { return };
    let active = &mut *active;
    let KindParams::Panorama(p) = &active.descriptor.kind else {
        return;
    };
    let fingers = Fingers {
        down: &pointers.down,
        lifted: &pointers.lifted,
        aspect: aspect.0,
    };
    sim.tour.step(p, &active.controls, &fingers, TICK_S);
    for e in &sim.tour.events {
        if cues.hits.len() < 8 {
            cues.hits.push(e.clone());
        }
    }
    for (name, value) in sim.tour.controls_out() {
        if active.controls.get(name) != Some(&value) {
            active.set(name, value);
        }
    }
}

fn record(
    sim: Option<Res<PanoramaSim>>,
    active: Res<ActiveExhibit>,
    aspect: Res<ViewAspect>,
    mut telemetry: ResMut<Telemetry>,
) {
    let (Some(sim), KindParams::Panorama(p)) = (sim, &active.descriptor.kind) else {
        return;
    };
    let t = &sim.tour;
    let Some(scene) = p.scenes.get(t.scene) else {
        return;
    };
    let under = t
        .under_centre(p, aspect.0)
        .map_or("-".to_string(), |i| scene.hotspots[i].id.clone());
    telemetry.record(vec![
        ("scene", scene.id.clone()),
        ("yaw_deg", csv_fixed(t.view.yaw_deg, 2)),
        ("pitch_deg", csv_fixed(t.view.pitch_deg, 2)),
        ("fov_deg", csv_fixed(t.view.fov_deg, 2)),
        ("hotspot", under),
    ]);
}
