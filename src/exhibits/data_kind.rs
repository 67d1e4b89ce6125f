//! What the exhibit side of every data kind whose scene is its model alone (`flow`, `optics`,
//! `waves`) has in common, written once: the model in a resource ([`Sim`]) made from the file
//! and the controls when the exhibit opens; each tick the fingers, then a step with the
//! controls; the probes recorded in the file's order (with any sound the kind cues); the
//! CSV columns and the gauges from the file's probes. A kind gives its types and one-line
//! calls ([`DataKind`]); its view and its fingers stay its own.

use super::{
    ActiveExhibit, ExhibitSet, Gauge, KindRegistration, Pointers, SoundCues, Telemetry, ViewAspect,
    Voice,
};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::scene::ProbeSpec;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// A data kind's file (`Self`), its model and its fingers.
pub trait DataKind: KindSpec + Send + Sync + Sized + 'static {
    type Probe: Send + Sync + 'static;
    type World: Send + Sync + 'static;
    type Fingers: FingersOn<Self::World>;
    /// The file, if the exhibit is of this kind.
    fn of(kind: &KindParams) -> Option<&Self>;
    fn probes(&self) -> &[ProbeSpec<Self::Probe>];
    /// The model of the file with these controls.
    fn world(&self, controls: &BTreeMap<String, ControlValue>) -> Self::World;
    /// One 60 Hz tick of the model with the controls as they are now.
    fn step(world: &mut Self::World, controls: &BTreeMap<String, ControlValue>);
    /// Each probe's value now, in the file's order.
    fn probe_values(world: &Self::World) -> Vec<Option<f64>>;
    /// The sounds this tick asks for (none unless the kind has some).
    fn cues(_world: &Self::World, _cues: &mut SoundCues) {}
}

/// The visitor's fingers on a data kind's scene: each tick they press, move and hold its
/// controls and its model's things.
pub trait FingersOn<W>: Default + Send + Sync + 'static {
    fn tick(&mut self, active: &mut ActiveExhibit, pointers: &Pointers, model: &mut W, aspect: f64);
}

/// The running model of a data kind's exhibit.
#[derive(Resource)]
pub struct Sim<K: DataKind> {
    pub model: K::World,
    fingers: K::Fingers,
}

/// Steps and records the model of kind `K` while one of its exhibits is open.
pub fn plugin<K: DataKind>(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (
            step::<K>
                .in_set(ExhibitSet::Step)
                .run_if(super::active_kind(K::NAME)),
            record::<K>
                .in_set(ExhibitSet::Record)
                .run_if(super::active_kind(K::NAME)),
        ),
    );
}

/// The model of the exhibit just opened, if it is of kind `K`.
pub fn spawn<K: DataKind>(world: &mut World) {
    let active = world.resource::<ActiveExhibit>();
    let Some(file) = K::of(&active.descriptor.kind) else {
        return;
    };
    let model = file.world(&active.controls);
    world.insert_resource(Sim::<K> {
        model,
        fingers: Default::default(),
    });
}

fn step<K: DataKind>(
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    aspect: Res<ViewAspect>,
    sim: Option<ResMut<Sim<K>>>,
) {
    let Some(mut sim) = sim else { return };
    let Sim { model, fingers } = &mut *sim;
    fingers.tick(&mut active, &pointers, model, aspect.0);
    K::step(model, &active.controls);
}

fn record<K: DataKind>(
    sim: Option<Res<Sim<K>>>,
    active: Res<ActiveExhibit>,
    mut telemetry: ResMut<Telemetry>,
    mut cues: ResMut<SoundCues>,
) {
    let (Some(sim), Some(file)) = (sim, K::of(&active.descriptor.kind)) else {
        return;
    };
    K::cues(&sim.model, &mut cues);
    telemetry.record(super::probe_row(file.probes(), K::probe_values(&sim.model)));
}

/// Kind `K`'s registration: the shared glue, with its own view and voice.
pub const fn registration<K: DataKind>(
    view_plugin: fn(&mut App),
    voice: fn(&World) -> Option<Voice>,
) -> KindRegistration {
    KindRegistration {
        plugin: plugin::<K>,
        spawn: spawn::<K>,
        view_plugin,
        voice,
        columns: columns::<K>,
        gauges: gauges::<K>,
    }
}

/// The CSV columns of kind `K`'s exhibit: its probes, in the file's order.
pub fn columns<K: DataKind>(kind: &KindParams) -> Vec<String> {
    K::of(kind).map_or_else(Vec::new, |p| super::probe_columns(p.probes()))
}

/// The gauges of kind `K`'s exhibit: the probes the file gives a caption.
pub fn gauges<K: DataKind>(kind: &KindParams) -> Vec<Gauge> {
    K::of(kind).map_or_else(Vec::new, |p| super::probe_gauges(p.probes()))
}
