//! `waves`: the scene is the [`WavesWorld`] model alone; this plugin feeds it the controls and
//! the fingers (a splash, a dragged listener or source), records its probes, sounds the
//! listener's tone, and (`view`) draws the field, its walls, sources and listener.

use super::{
    ActiveExhibit, ExhibitKind, ExhibitSet, Gauge, KindRegistration, Pointers, Telemetry,
    ViewAspect, Voice, active_kind,
};
use crate::descriptor::kinds::{KindParams, KindSpec};
use crate::model::waves::WavesParams;
use crate::model::waves::world::WavesWorld;
use bevy::prelude::*;

mod touch;
mod view;

const KIND: &str = WavesParams::NAME;

impl ExhibitKind for WavesParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin: view::plugin,
        voice,
        columns,
        gauges,
    };
}

fn params(kind: &KindParams) -> Option<&WavesParams> {
    match kind {
        KindParams::Waves(p) => Some(p),
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
pub struct WavesSim {
    pub model: WavesWorld,
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
    let KindParams::Waves(p) = &active.descriptor.kind else {
        return;
    };
    let model = WavesWorld::new(p, &active.controls);
    world.insert_resource(WavesSim {
        model,
        fingers: Default::default(),
    });
}

fn step(
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    aspect: Res<ViewAspect>,
    sim: Option<ResMut<WavesSim>>,
) {
    let Some(mut sim) = sim else { return };
    let WavesSim { model, fingers } = &mut *sim;
    fingers.tick(&mut active, &pointers, model, aspect.0);
    model.step(&active.controls);
}

fn record(
    sim: Option<Res<WavesSim>>,
    active: Res<ActiveExhibit>,
    mut telemetry: ResMut<Telemetry>,
) {
    let Some(sim) = sim else { return };
    let KindParams::Waves(p) = &active.descriptor.kind else {
        return;
    };
    telemetry.record(super::probe_row(&p.probes, sim.model.probe_values()));
}

/// The listener's ear: the source's tone at its real frequency, as loud as the simulated field
/// is where the listener stands (its RMS over the last window, over the file's `full_scale`).
/// Nearly a sine (the synthesiser's widest puff).
fn voice(world: &World) -> Option<Voice> {
    let sim = world.get_resource::<WavesSim>()?;
    let (freq_hz, level) = sim.model.listener_tone()?;
    Some(Voice {
        freq_hz,
        level,
        duty: 0.95,
    })
}
