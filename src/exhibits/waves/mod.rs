//! `waves`: the scene is the [`WavesWorld`] model alone, run by the data kinds' shared glue
//! (`data_kind`) with the fingers (a splash, a dragged listener or source); the listener's
//! tone sounds, and (`view`) the field, its walls, sources and listener are drawn.

use super::data_kind::{self, DataKind, Sim};
use super::{ExhibitKind, KindRegistration, Voice};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::waves::world::WavesWorld;
use crate::model::waves::{Probe, ProbeSpec, WavesParams};
use bevy::prelude::*;
use std::collections::BTreeMap;

mod touch;
mod view;

const KIND: &str = WavesParams::NAME;

/// The running waves exhibit.
pub type WavesSim = Sim<WavesParams>;

impl ExhibitKind for WavesParams {
    const REGISTRATION: &'static KindRegistration =
        &data_kind::registration::<Self>(view::plugin, voice);
}

impl DataKind for WavesParams {
    type Probe = Probe;
    type World = WavesWorld;
    type Fingers = touch::Fingers;
    fn of(kind: &KindParams) -> Option<&Self> {
        match kind {
            KindParams::Waves(p) => Some(p),
            _ => None,
        }
    }
    fn probes(&self) -> &[ProbeSpec] {
        &self.probes
    }
    fn world(&self, controls: &BTreeMap<String, ControlValue>) -> WavesWorld {
        WavesWorld::new(self, controls)
    }
    fn step(world: &mut WavesWorld, controls: &BTreeMap<String, ControlValue>) {
        world.step(controls);
    }
    fn probe_values(world: &WavesWorld) -> Vec<Option<f64>> {
        world.probe_values()
    }
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
