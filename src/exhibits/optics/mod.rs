//! `optics`: the scene is the [`OpticsWorld`] model alone; this plugin feeds it the controls,
//! records its probes, plays a screen's sound when its light is cut, and (`view`) draws the
//! elements, the light and the images a visitor would see.

use super::{
    ActiveExhibit, ExhibitKind, ExhibitSet, Gauge, KindRegistration, Pointers, SoundCues,
    Telemetry, ViewAspect, active_kind, no_voice,
};
use crate::descriptor::kinds::{KindParams, KindSpec};
use crate::model::optics::OpticsParams;
use crate::model::optics::world::OpticsWorld;
use bevy::prelude::*;

mod touch;
mod view;

const KIND: &str = OpticsParams::NAME;

impl ExhibitKind for OpticsParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin: view::plugin,
        voice: no_voice,
        columns,
        gauges,
    };
}

fn params(kind: &KindParams) -> Option<&OpticsParams> {
    match kind {
        KindParams::Optics(p) => Some(p),
        _ => None,
    }
}

fn columns(kind: &KindParams) -> Vec<String> {
    params(kind).map_or_else(Vec::new, |p| super::probe_columns(&p.probes))
}

fn gauges(kind: &KindParams) -> Vec<Gauge> {
    params(kind).map_or_else(Vec::new, |p| super::probe_gauges(&p.probes))
}

#[derive(Resource)]
pub struct OpticsSim {
    pub model: OpticsWorld,
    fingers: touch::Fingers,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (
            step.in_set(ExhibitSet::Step).run_if(active_kind(KIND)),
            record.in_set(ExhibitSet::Record).run_if(active_kind(KIND)),
        ),
    );
}

pub fn spawn(world: &mut World) {
    let active = world.resource::<ActiveExhibit>();
    let KindParams::Optics(p) = &active.descriptor.kind else {
        return;
    };
    let model = OpticsWorld::new(p, &active.controls);
    world.insert_resource(OpticsSim {
        model,
        fingers: Default::default(),
    });
}

fn step(
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    aspect: Res<ViewAspect>,
    sim: Option<ResMut<OpticsSim>>,
) {
    let Some(mut sim) = sim else { return };
    let OpticsSim { model, fingers } = &mut *sim;
    fingers.tick(&mut active, &pointers, model, aspect.0);
    model.step(&active.controls);
}

fn record(
    sim: Option<Res<OpticsSim>>,
    active: Res<ActiveExhibit>,
    mut telemetry: ResMut<Telemetry>,
    mut cues: ResMut<SoundCues>,
) {
    let Some(sim) = sim else { return };
    let KindParams::Optics(p) = &active.descriptor.kind else {
        return;
    };
    telemetry.record(super::probe_row(&p.probes, sim.model.probe_values()));
    for e in sim.model.events() {
        if cues.hits.len() < 8 {
            cues.hits.push(e.clone());
        }
    }
}
