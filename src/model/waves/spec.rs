//! A `waves` scene as RON spells it. Every field is described in
//! `docs/descriptor-reference.md`. Positions are metres in the plane z = 0 (x right, y up);
//! times and frequencies are the real wave's (sound's milliseconds, not the screen's).

use crate::model::scene::curve::Curve;
pub use crate::model::scene::shape::{Outline, P2};
pub use crate::model::scene::{Expect, Numbers, Quantity, VerifyRun};
use serde::{Deserialize, Serialize};

pub type ProbeSpec = crate::model::scene::ProbeSpec<Probe>;

/// The parameters of a `waves` exhibit: its whole scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WavesParams {
    pub field: FieldSpec,
    pub sources: Vec<SourceSpec>,
    #[serde(default)]
    pub walls: Vec<WallSpec>,
    /// Regions where the wave runs at another speed (a lens of gas, shallow water).
    #[serde(default)]
    pub media: Vec<MediumSpec>,
    /// Where the visitor listens: the kiosk plays a source's tone as loud as the field is
    /// there. None: the exhibit is silent (water waves).
    #[serde(default)]
    pub listener: Option<ListenerSpec>,
    #[serde(default)]
    pub controls: Vec<WavesControl>,
    #[serde(default)]
    pub probes: Vec<ProbeSpec>,
    #[serde(default)]
    pub expect: Vec<Expect>,
    #[serde(default)]
    pub verify: VerifyRun,
}

/// What waves these are: what a wall does to them and how the field's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Medium {
    /// Sound: the field is the pressure's departure from the air's; a wall is rigid (the
    /// pressure's slope across it is zero, so it reflects a crest as a crest).
    Sound,
    /// Water, a string, a drum: the field is a height; a wall holds it at zero (it reflects a
    /// crest as a trough).
    Water,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub medium: Medium,
    /// The field shown: from `origin_m` (its lower left corner), this wide and high.
    #[serde(default)]
    pub origin_m: P2,
    pub size_m: P2,
    /// The grid's cell, m: at least 6 cells to the shortest wavelength (10 for 1 % speed).
    pub cell_m: f64,
    /// The wave's speed, m/s (343 for air at 20 °C).
    pub speed_m_s: f64,
    /// How many times slower than real the kiosk shows it (sound at 343 m/s is a blur
    /// otherwise); 1 for water waves seen as they are.
    pub slowdown: f64,
    /// Leapfrog steps per 1/60 s screen tick: the step is 1/(60 · slowdown · steps) s, and
    /// the Courant number c·Δt/Δx at most 1/√2 at the fastest speed.
    pub steps_per_tick: usize,
    /// γ in u_tt = c²∇²u − γ·u_t, 1/s: how fast the waves die away on their own.
    #[serde(default)]
    pub damping_per_s: f64,
    /// Cells of absorbing edge beyond the field on every side (a graded damping zone).
    #[serde(default = "sponge")]
    pub sponge_cells: usize,
    /// s of real time over which the probes and the listener average (whole periods of the
    /// lowest tone: at least two).
    pub window_s: f64,
    /// The height of the splash a finger makes, in the field's units.
    #[serde(default = "splash")]
    pub splash: f64,
}

fn sponge() -> usize {
    40
}
fn splash() -> f64 {
    1.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub id: String,
    pub shape: SourceShape,
    pub signal: Signal,
    /// How strong it is: the wave's amplitude (Pa of sound, mm of water) one wavelength from
    /// a point, or in a line's plane wave. A source pushes volume (a dipper, a speaker's
    /// cone) and holds nothing still: waves pass through it.
    #[serde(default = "one")]
    pub amplitude: f64,
    /// Hz of the real wave (a `Pulse` ignores it).
    #[serde(default)]
    pub frequency_hz: f64,
    #[serde(default)]
    pub phase_deg: f64,
    /// Off: it drives nothing and the wave passes it by (a control can switch it).
    #[serde(default = "yes")]
    pub on: bool,
}

fn one() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}

/// Where a source drives the field: the cells it holds to its signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum SourceShape {
    /// One cell: a dipper, a whisper, a speaker's mouth.
    Point { at_m: P2 },
    /// Every cell along the line, in step: a plane wave's maker.
    Line { from_m: P2, to_m: P2 },
    /// `count` points evenly from `from_m` to `to_m`, each `step_deg` later in phase than the
    /// one before: a phased array that steers its beam.
    Row {
        from_m: P2,
        to_m: P2,
        count: usize,
        #[serde(default)]
        step_deg: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Signal {
    /// A steady tone, eased in over its first two periods (a dipper starting gently).
    Sine,
    /// One short burst (a clap): the volume a Gaussian e^(−τ²/2w²), w = `width_s`, centred
    /// 5·w after the source is switched on, so its push is a Ricker wavelet, as much below
    /// zero as above (no slow swell left behind); done after 10·w.
    Pulse { width_s: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WallSpec {
    pub id: String,
    /// Walls are drawn along the shared curves, this thick (at least 1.5 cells, so that no
    /// wave slips between two cells touching at a corner).
    pub curve: Curve,
    #[serde(default)]
    pub thickness_m: f64,
    /// Moves it (a control slides the barrier).
    #[serde(default)]
    pub shift_m: P2,
    /// Set by a `Place` control: out of the field while the control is off.
    #[serde(default = "yes")]
    pub placed: bool,
    /// Holds the field at zero (true) or reflects its slope (false); none: as the medium's
    /// walls do. For sound, a holding wall is an ideal open end: the room's own pressure at
    /// a tube's mouth. Where walls overlap, the one listed later decides.
    #[serde(default)]
    pub holds: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediumSpec {
    pub id: String,
    pub outline: Outline,
    /// The wave's speed inside, m/s.
    pub speed_m_s: f64,
    #[serde(default)]
    pub shift_m: P2,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenerSpec {
    pub at_m: P2,
    /// The source whose tone the kiosk plays.
    pub source: String,
    /// The RMS amplitude that plays at full volume (quieter is softer in proportion).
    pub full_scale: f64,
}

pub type WavesControl = crate::model::scene::Control<ControlDoes>;

impl crate::model::scene::ControlAction for ControlDoes {
    fn numbers(&self) -> Option<&Numbers> {
        match self {
            ControlDoes::Parameter(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ControlDoes {
    /// A number written into the scene at each path (`sources.ID.frequency_hz`,
    /// `walls.ID.shift_m.x`, `listener.at_m.y`, …).
    Parameter(Numbers),
    /// On/off: the source drives the field or not (a pulse fires each time it comes on).
    Source { source: String },
    /// On: the walls are in the field (the tube is there); off: they are not.
    Place { walls: Vec<String> },
}

/// Which turn of the RMS along a curve a probe finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Extreme {
    /// A loud place: a bright fringe, an antinode.
    Loudest,
    /// A quiet place: a dark fringe, a node.
    Quietest,
}

/// What a line of probes compares along it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Level {
    /// The RMS over the last window: a steady tone's loud and quiet places.
    #[default]
    Rms,
    /// The largest |field| since the start: where a clap's wave is strongest as it passes
    /// (a focus, away from the standing ripple a steady tone makes before a reflector).
    Peak,
}

/// What a probe reads. Every value is over the last whole `window_s` (none before the first
/// window ends) unless it says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Probe {
    /// The RMS of the field at a point.
    Rms { at_m: P2 },
    /// The RMS (or the peak, `by: Peak`) at `at_m` over that at `against_m`: a focus's gain
    /// over a point beside it.
    Gain {
        at_m: P2,
        against_m: P2,
        #[serde(default)]
        by: Level,
    },
    /// Where along `curve` the RMS (or the peak, `by: Peak`) has its `nth` (from 1) turn of
    /// that kind, counted from the curve's start: degrees for an `Arc` (its angle), else
    /// metres along it.
    Along {
        curve: Curve,
        find: Extreme,
        nth: usize,
        #[serde(default)]
        by: Level,
    },
    /// Hz: the strongest frequency at a point between `from_hz` and `to_hz` (a tube's
    /// resonance ringing after a clap).
    Frequency { at_m: P2, from_hz: f64, to_hz: f64 },
    /// m/s: the wave's phase speed from `from_m` to `to_m`, from the phase of a sine source's
    /// tone at each over how much further `to_m` is from the source (from a line: along its
    /// normal); `to_m` the further one. Points where the source's wave alone sets the phase,
    /// or where two sources' arrive together (on their line of symmetry).
    Speed {
        source: String,
        from_m: P2,
        to_m: P2,
    },
    /// s since the start (or a reset) when the field at a point first exceeds `above`.
    Arrival { at_m: P2, above: f64 },
    /// The largest |field| at a point after `after_s` over the largest before it: a pulse's
    /// echo over the pulse (an absorbing edge's reflection).
    Echo { at_m: P2, after_s: f64 },
    /// The field's energy (½ Σ u_t²/c² + ½ Σ |∇u|², in the field's units² · s⁻² per m²
    /// summed over cells): constant with no sources, damping or open edges.
    Energy,
}
