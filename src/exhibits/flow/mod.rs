//! `flow`: the scene is the [`FlowWorld`] model alone, run by the data kinds' shared glue
//! (`data_kind`) with the fingers (a body dragged, a nozzle aimed); each nozzle's breath is
//! its sound's loop level, and (`view`) the air, its smoke, the solids, the bodies and their
//! strings are drawn.

use super::data_kind::{self, DataKind, Sim};
use super::{ExhibitKind, KindRegistration, SoundCues, no_voice};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::flow::world::FlowWorld;
use crate::model::flow::{FlowParams, Probe, ProbeSpec};
use std::collections::BTreeMap;

mod touch;
mod view;

const KIND: &str = FlowParams::NAME;

/// The running flow exhibit.
pub type FlowSim = Sim<FlowParams>;

impl ExhibitKind for FlowParams {
    const REGISTRATION: &'static KindRegistration =
        &data_kind::registration::<Self>(view::plugin, no_voice);
}

impl DataKind for FlowParams {
    type Probe = Probe;
    type World = FlowWorld;
    type Fingers = touch::Fingers;
    fn of(kind: &KindParams) -> Option<&Self> {
        match kind {
            KindParams::Flow(p) => Some(p),
            _ => None,
        }
    }
    fn probes(&self) -> &[ProbeSpec] {
        &self.probes
    }
    fn world(&self, controls: &BTreeMap<String, ControlValue>) -> FlowWorld {
        FlowWorld::new(self, controls)
    }
    fn step(world: &mut FlowWorld, controls: &BTreeMap<String, ControlValue>) {
        world.step(controls);
    }
    fn probe_values(world: &FlowWorld) -> Vec<Option<f64>> {
        world.probe_values()
    }
    /// Each nozzle's breath, as its sound's loop level.
    fn cues(world: &FlowWorld, cues: &mut SoundCues) {
        for (n, breath) in world.scene.nozzles.iter().zip(&world.breaths) {
            let level = breath.speed / n.speed_m_s.max(1e-9);
            cues.loops.insert(n.id.clone(), level.clamp(0.0, 1.0));
        }
    }
}
