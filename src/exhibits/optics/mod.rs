//! `optics`: the scene is the [`OpticsWorld`] model alone, run by the data kinds' shared glue
//! (`data_kind`); a screen's sound plays when its light is cut, and (`view`) the elements,
//! the light and the images a visitor would see are drawn.

use super::data_kind::{self, DataKind, Sim};
use super::{ExhibitKind, KindRegistration, SoundCues, no_voice};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::optics::world::OpticsWorld;
use crate::model::optics::{OpticsParams, Probe, ProbeSpec};
use std::collections::BTreeMap;

mod touch;
mod view;

const KIND: &str = OpticsParams::NAME;

/// The running optics exhibit.
pub type OpticsSim = Sim<OpticsParams>;

impl ExhibitKind for OpticsParams {
    const REGISTRATION: &'static KindRegistration =
        &data_kind::registration::<Self>(view::plugin, no_voice);
}

impl DataKind for OpticsParams {
    type Probe = Probe;
    type World = OpticsWorld;
    type Fingers = touch::Fingers;
    fn of(kind: &KindParams) -> Option<&Self> {
        match kind {
            KindParams::Optics(p) => Some(p),
            _ => None,
        }
    }
    fn probes(&self) -> &[ProbeSpec] {
        &self.probes
    }
    fn world(&self, controls: &BTreeMap<String, ControlValue>) -> OpticsWorld {
        OpticsWorld::new(self, controls)
    }
    fn step(world: &mut OpticsWorld, controls: &BTreeMap<String, ControlValue>) {
        world.step(controls);
    }
    fn probe_values(world: &OpticsWorld) -> Vec<Option<f64>> {
        world.probe_values()
    }
    /// A screen whose light was cut this tick: its sound, up to eight a tick.
    fn cues(world: &OpticsWorld, cues: &mut SoundCues) {
        for e in world.events() {
            if cues.hits.len() < 8 {
                cues.hits.push(e.clone());
            }
        }
    }
}
