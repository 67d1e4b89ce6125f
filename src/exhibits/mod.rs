//! The exhibit kinds as Bevy plugins, and the runtime they share: the active exhibit, its
//! controls, inputs and telemetry, all advanced in `FixedUpdate` at 60 Hz. The headless
//! `simulate` app and the kiosk add the very same systems; the kiosk adds the views on top.
//!
//! Adding a kind: a variant in `descriptor::kinds::KindParams` (with its arm in `with_kind!`
//! and its entry in `every`), and a module here whose [`ExhibitKind`] impl registers `plugin`
//! (systems), `spawn` (entities for a freshly loaded exhibit), `view_plugin` (drawing), its
//! voice, CSV columns and gauges. The compiler refuses a variant without a registration.

pub mod airflow_obstacle;
pub mod bernoulli_cups;
mod camera;
pub mod data_kind;
pub mod flow;
mod inputs;
pub mod mechanics;
pub mod music_turntable;
pub mod optics;
mod overlay;
pub mod panorama;
pub mod touches;
pub mod waves;

pub use camera::{
    EXHIBIT_ASPECT, ViewAspect, camera_transform, touch_on_page, touch_on_plane, touch_ray, view_of,
};
pub use overlay::{Badge, Badges, Captions, Hint, InfoPanel, Panel, Veil};

use crate::descriptor::kinds::{ControlDef, ControlValue, KindParams, KindSpec};
use crate::descriptor::{ExhibitDescriptor, Input};
use bevy::prelude::*;
use bevy_rapier3d::plugin::PhysicsSet;
use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;

/// An exhibit kind's Bevy side, implemented for its parameters in its file here.
pub trait ExhibitKind: KindSpec {
    const REGISTRATION: &'static KindRegistration;
}

pub struct KindRegistration {
    pub plugin: fn(&mut App),
    pub spawn: fn(&mut World),
    pub view_plugin: fn(&mut App),
    /// The synthesised voice of the exhibit now, for kinds that sound one.
    pub voice: fn(&World) -> Option<Voice>,
    /// The kind's CSV columns in `caravan simulate` after `tick,t_s`: the names its `record`
    /// system gives [`Telemetry::record`], in that order (a kind whose scene is data declares
    /// them in the file, hence a function of the parameters).
    pub columns: fn(&KindParams) -> Vec<String>,
    /// Telemetry columns shown as gauges.
    pub gauges: fn(&KindParams) -> Vec<Gauge>,
}

/// A synthesised voice: the kiosk plays it live, `simulate --audio-out` writes it to WAV.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Voice {
    pub freq_hz: f64,
    /// 0 = silent, else loudness 0–1 before the kiosk's volume cap.
    pub level: f64,
    pub duty: f64,
}

pub fn no_voice(_: &World) -> Option<Voice> {
    None
}

/// A telemetry column shown as a gauge on the kiosk.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    pub column: String,
    pub unit: String,
    /// The kiosk's own text for a fixed kind's column (a key of its UI strings, which is the
    /// column's name), or the file's text for a kind whose probes are data.
    pub label: Option<crate::descriptor::Localized>,
    /// Decimals shown.
    pub decimals: usize,
}

/// `gauges` of a kind whose gauges are fixed: (column, unit); labelled by the UI strings.
pub fn fixed_gauges(list: &[(&str, &str)]) -> Vec<Gauge> {
    list.iter()
        .map(|(c, u)| Gauge {
            column: c.to_string(),
            unit: u.to_string(),
            label: None,
            decimals: 1,
        })
        .collect()
}

/// `columns` of a data kind: its probes, in the order the file declares them.
pub fn probe_columns<P>(probes: &[crate::model::scene::ProbeSpec<P>]) -> Vec<String> {
    probes.iter().map(|p| p.name.clone()).collect()
}

/// `gauges` of a data kind: the probes the file gives a gauge caption.
pub fn probe_gauges<P>(probes: &[crate::model::scene::ProbeSpec<P>]) -> Vec<Gauge> {
    probes
        .iter()
        .filter_map(|pr| {
            Some(Gauge {
                column: pr.name.clone(),
                unit: pr.unit.clone(),
                label: Some(pr.gauge.clone()?),
                decimals: pr.decimals,
            })
        })
        .collect()
}

/// A data kind's telemetry row: each probe's value at its decimals, `-` where it has none.
pub fn probe_row<P>(
    probes: &[crate::model::scene::ProbeSpec<P>],
    values: Vec<Option<f64>>,
) -> Vec<(String, String)> {
    probes
        .iter()
        .zip(values)
        .map(|(pr, v)| {
            (
                pr.name.clone(),
                v.map_or("-".to_string(), |x| csv_fixed(x, pr.decimals)),
            )
        })
        .collect()
}

/// `columns` of a kind whose columns are fixed.
pub fn fixed_columns(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Exhibit views are laid out for a 16:10 screen; touches come normalised to it.
fn registration_of<K: ExhibitKind>(_: &K) -> &'static KindRegistration {
    K::REGISTRATION
}

/// The Bevy side of `kind`.
pub fn registration(kind: &KindParams) -> &'static KindRegistration {
    crate::with_kind!(kind, k => registration_of(k))
}

/// The exhibit running now.
#[derive(Resource, Debug, Clone)]
pub struct ActiveExhibit {
    pub descriptor: ExhibitDescriptor,
    pub pack_dir: PathBuf,
    pub controls: BTreeMap<String, ControlValue>,
    /// Controls pinned by `--set controls.NAME=VALUE`: inputs cannot move them.
    pub held: BTreeMap<String, ControlValue>,
    /// Ticks since the exhibit was loaded or reset.
    pub tick: u64,
}

impl ActiveExhibit {
    pub fn new(
        descriptor: ExhibitDescriptor,
        pack_dir: PathBuf,
        held: BTreeMap<String, ControlValue>,
    ) -> Self {
        let mut controls = descriptor.initial_controls();
        controls.extend(held.clone());
        Self {
            descriptor,
            pack_dir,
            controls,
            held,
            tick: 0,
        }
    }
    pub fn kind(&self) -> &'static str {
        self.descriptor.kind.name()
    }
    pub fn bool(&self, name: &str) -> bool {
        matches!(self.controls.get(name), Some(ControlValue::Bool(true)))
    }
    pub fn number(&self, name: &str) -> f64 {
        match self.controls.get(name) {
            Some(ControlValue::Number(x)) => *x,
            _ => 0.0,
        }
    }
    pub fn choice(&self, name: &str) -> &str {
        match self.controls.get(name) {
            Some(ControlValue::Choice(c)) => c,
            _ => "",
        }
    }
    /// Sets a control; values outside the control's range and held controls are ignored (an
    /// input can never put the model outside what its parameters allow). A dial's `min` and
    /// `max` bound only what its buttons reach: they clamp their own steps.
    pub fn set(&mut self, name: &str, value: ControlValue) -> bool {
        if self.held.contains_key(name) {
            return false;
        }
        let Some(def) = self.control_def(name) else {
            return false;
        };
        if def.check(&value).is_err() {
            return false;
        }
        self.controls.insert(name.to_string(), value);
        true
    }
    /// The kind's definition of control `name`.
    pub fn control_def(&self, name: &str) -> Option<ControlDef> {
        self.descriptor
            .kind
            .controls()
            .into_iter()
            .find(|d| d.name == name)
    }
    pub fn max_pointers(&self) -> usize {
        self.descriptor.max_pointers as usize
    }
}

/// Inputs waiting for the next tick (touches in normalised exhibit coordinates, buttons, control
/// values). Queued rather than sent as messages so none is lost when a frame runs no tick.
#[derive(Resource, Default, Debug)]
pub struct PendingInputs(pub VecDeque<Input>);

/// Touches on the exhibit now, oldest first, at most the exhibit's `max_pointers`.
#[derive(Resource, Default, Debug)]
pub struct Pointers {
    pub down: Vec<(u64, [f64; 2])>,
    /// Touches refused because too many were down; their moves and lifts are ignored too.
    ignored: Vec<u64>,
    /// Touches lifted since the last tick, where they were lifted: a tap quicker than a tick
    /// (down and up between two ticks) is only here.
    pub lifted: Vec<(u64, [f64; 2])>,
}

impl Pointers {
    pub fn first(&self) -> Option<[f64; 2]> {
        self.down.first().map(|p| p.1)
    }
}

/// This tick's values of the kind's CSV columns, in order.
#[derive(Resource, Default, Debug)]
pub struct Telemetry {
    pub values: Vec<String>,
    /// The column of each value, as `record` named it (tests hold it to the registration).
    pub names: Vec<String>,
}

impl Telemetry {
    /// This tick's row, each value with its column's name.
    pub fn record<N: Into<String>>(&mut self, row: Vec<(N, String)>) {
        (self.names, self.values) = row.into_iter().map(|(n, v)| (n.into(), v)).unzip();
    }
}

/// Sound events of this tick, by the kind's event names: loops with their level (0–1) and
/// one-shot hits. The kiosk plays the descriptor's `sounds` for them.
#[derive(Resource, Default, Debug)]
pub struct SoundCues {
    pub loops: BTreeMap<String, f64>,
    pub hits: Vec<String>,
}

/// Views' systems that place things for this frame after the bodies moved (rods, captions):
/// whatever draws on top of them runs after this set.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ViewSet;

/// Everything spawned for the active exhibit; despawned when another is loaded.
#[derive(Component)]
pub struct ExhibitEntity;

/// A body whose pose the view interpolates between the last two ticks.
#[derive(Component, Default, Clone, Copy)]
pub struct TickPose {
    pub prev: Transform,
    pub curr: Transform,
}

/// A visual that follows a [`TickPose`] body, interpolated at the render rate.
#[derive(Component)]
pub struct FollowBody(pub Entity);

#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum ExhibitSet {
    /// Inputs become controls and pointers.
    Input,
    /// Kinds step their models and set forces (before rapier).
    Step,
    /// Kinds read rapier's results and fill [`Telemetry`] (after rapier).
    Record,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<PendingInputs>()
        .init_resource::<Pointers>()
        .init_resource::<Telemetry>()
        .init_resource::<SoundCues>()
        .init_resource::<ViewAspect>();
    overlay::plugin(app);
    app.configure_sets(
        FixedUpdate,
        (ExhibitSet::Input, ExhibitSet::Step)
            .chain()
            .before(PhysicsSet::SyncBackend),
    );
    app.configure_sets(FixedUpdate, ExhibitSet::Record.after(PhysicsSet::Writeback));
    app.add_systems(
        FixedUpdate,
        (
            inputs::apply_inputs.in_set(ExhibitSet::Input),
            (record_tick_poses, count_tick).in_set(ExhibitSet::Record),
        ),
    );
    for k in KindParams::every() {
        (registration(&k).plugin)(app);
    }
}

/// Views of every kind, and the interpolation they share (kiosk only).
pub fn view_plugin(app: &mut App) {
    app.configure_sets(
        PostUpdate,
        ViewSet
            .after(follow_bodies)
            .before(TransformSystems::Propagate),
    );
    app.add_systems(
        PostUpdate,
        follow_bodies.before(TransformSystems::Propagate),
    );
    for k in KindParams::every() {
        (registration(&k).view_plugin)(app);
    }
}

/// Loads `exhibit` in place of whatever ran before: its entities are spawned now, so the next
/// tick already simulates it.
pub fn load(world: &mut World, exhibit: ActiveExhibit) {
    unload(world);
    let spawn = registration(&exhibit.descriptor.kind).spawn;
    world.insert_resource(exhibit);
    spawn(world);
}

/// Removes the active exhibit and everything spawned for it.
pub fn unload(world: &mut World) {
    let old: Vec<Entity> = world
        .query_filtered::<Entity, With<ExhibitEntity>>()
        .iter(world)
        .collect();
    for e in old {
        world.despawn(e);
    }
    world.remove_resource::<ActiveExhibit>();
    world.insert_resource(Pointers::default());
    world.resource_mut::<PendingInputs>().0.clear();
    *world.resource_mut::<Telemetry>() = Telemetry::default();
    *world.resource_mut::<SoundCues>() = SoundCues::default();
    overlay::clear(world);
}

/// Reloads the active exhibit from its descriptor: ball home, controls back, pointers gone.
pub fn reset(world: &mut World) {
    if let Some(a) = world.get_resource::<ActiveExhibit>() {
        let fresh = ActiveExhibit::new(a.descriptor.clone(), a.pack_dir.clone(), a.held.clone());
        load(world, fresh);
    }
}

fn count_tick(active: Option<ResMut<ActiveExhibit>>) {
    if let Some(mut a) = active {
        a.tick += 1;
    }
}

fn record_tick_poses(mut q: Query<(&Transform, &mut TickPose)>) {
    for (t, mut pose) in &mut q {
        pose.prev = pose.curr;
        pose.curr = *t;
    }
}

fn follow_bodies(
    fixed: Res<Time<Fixed>>,
    bodies: Query<&TickPose>,
    mut visuals: Query<(&FollowBody, &mut Transform), Without<TickPose>>,
) {
    let a = fixed.overstep_fraction();
    for (follow, mut t) in &mut visuals {
        if let Ok(pose) = bodies.get(follow.0) {
            t.translation = pose.prev.translation.lerp(pose.curr.translation, a);
            t.rotation = pose.prev.rotation.slerp(pose.curr.rotation, a);
        }
    }
}

/// Run condition: the active exhibit is of kind `name`.
pub fn active_kind(name: &'static str) -> impl Fn(Option<Res<ActiveExhibit>>) -> bool + Clone {
    move |a: Option<Res<ActiveExhibit>>| a.is_some_and(|a| a.kind() == name)
}

/// Formats a number for the CSV: fixed decimals so the bytes are the same on every run.
pub fn csv_fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}
