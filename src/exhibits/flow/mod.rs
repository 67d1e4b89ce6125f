//! `flow`: the scene is the [`FlowWorld`] model alone; this plugin feeds it the controls and
//! the fingers (a body dragged, a nozzle aimed), records its probes, and (`view`) draws the
//! air, its smoke, the solids, the bodies and their strings.

use super::{
    ActiveExhibit, ExhibitKind, ExhibitSet, Gauge, KindRegistration, Pointers, SoundCues,
    Telemetry, ViewAspect, active_kind, no_voice,
};
use crate::descriptor::kinds::{KindParams, KindSpec};
use crate::model::flow::FlowParams;
use crate::model::flow::world::FlowWorld;
use bevy::prelude::*;

mod touch;
mod view;

const KIND: &str = FlowParams::NAME;

impl ExhibitKind for FlowParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin: view::plugin,
        voice: no_voice,
        columns,
        gauges,
    };
}

fn params(kind: &KindParams) -> Option<&FlowParams> {
    match kind {
        KindParams::Flow(p) => Some(p),
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
pub struct FlowSim {
    pub model: FlowWorld,
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
    let Some(p) = params(&active.descriptor.kind) else {
        return;
    };
    let model = FlowWorld::new(p, &active.controls);
    world.insert_resource(FlowSim {
        model,
        fingers: Default::default(),
    });
}

fn step(
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    aspect: Res<ViewAspect>,
    sim: Option<ResMut<FlowSim>>,
) {
    let Some(mut sim) = sim else { return };
    let FlowSim { model, fingers } = &mut *sim;
    fingers.tick(&mut active, &pointers, model, aspect.0);
    model.step(&active.controls);
}

/// The probes' row, and each nozzle's breath as its sound's loop level.
fn record(
    sim: Option<Res<FlowSim>>,
    active: Res<ActiveExhibit>,
    mut telemetry: ResMut<Telemetry>,
    mut cues: ResMut<SoundCues>,
) {
    let (Some(sim), Some(p)) = (sim, params(&active.descriptor.kind)) else {
        return;
    };
    let m = &sim.model;
    for (n, breath) in m.scene.nozzles.iter().zip(&m.breaths) {
        let level = breath.speed / n.speed_m_s.max(1e-9);
        cues.loops.insert(n.id.clone(), level.clamp(0.0, 1.0));
    }
    telemetry.record(super::probe_row(&p.probes, m.probe_values()));
}
