//! A `flow` scene as RON spells it. Every field is described in
//! `docs/descriptor-reference.md`. Positions are metres in the plane z = 0 (x right, y up;
//! gravity as the file sets it: none for a tabletop seen from above); forces are per metre of
//! depth (a body in the plane is a cylinder across it).

use crate::model::scene::curve::Curve;
pub use crate::model::scene::shape::{Outline, P2};
pub use crate::model::scene::{Expect, Numbers, Quantity, VerifyRun};
use serde::{Deserialize, Serialize};

pub type ProbeSpec = crate::model::scene::ProbeSpec<Probe>;

/// The parameters of a `flow` exhibit: its whole scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowParams {
    pub field: FieldSpec,
    /// Thin walls along the shared curves: a channel's sides, a tube, a hoop.
    #[serde(default)]
    pub walls: Vec<WallSpec>,
    /// Solids that stand still: a bottle, a box, a plate.
    #[serde(default)]
    pub obstacles: Vec<ObstacleSpec>,
    /// Jets and fans: they blow the air through their mouth.
    #[serde(default)]
    pub nozzles: Vec<NozzleSpec>,
    /// Bodies the air moves and that move the air: a ball, a wing.
    #[serde(default)]
    pub bodies: Vec<BodySpec>,
    #[serde(default)]
    pub controls: Vec<FlowControl>,
    #[serde(default)]
    pub probes: Vec<ProbeSpec>,
    #[serde(default)]
    pub expect: Vec<Expect>,
    #[serde(default)]
    pub verify: VerifyRun,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The air shown: from `origin_m` (its lower left corner), this wide and high.
    #[serde(default)]
    pub origin_m: P2,
    pub size_m: P2,
    /// The lattice's cell, m.
    pub cell_m: f64,
    /// The fastest the air is driven (a nozzle's or the wind's top speed), m/s: the lattice
    /// runs it at `lattice_speed`, which sets the time step dt = lattice_speed·cell/this.
    pub max_speed_m_s: f64,
    #[serde(default = "lattice_speed")]
    pub lattice_speed: f64,
    /// The kinematic viscosity of the air simulated, m²/s (real air: 1.5·10⁻⁵; a lattice
    /// carries only so small a one for its cell and speed: the check says).
    pub viscosity_m2_s: f64,
    /// Smagorinsky constant of the eddy viscosity that keeps a strong jet stable (0: none,
    /// for a benchmark's laminar flow; 0.1–0.2 usual).
    #[serde(default = "smagorinsky")]
    pub smagorinsky: f64,
    #[serde(default = "air_density")]
    pub density_kg_m3: f64,
    /// Lattice steps per 1/60 s tick: the kiosk shows `steps_per_tick`·dt of air a tick,
    /// slowed down by what is left of 1/60 s.
    pub steps_per_tick: usize,
    /// In the plane: (0, −9.81) for a scene seen from the side, none from above.
    #[serde(default)]
    pub gravity_m_s2: P2,
    /// The left edge.
    #[serde(default)]
    pub left: Edge,
    /// The right edge: open (where a wind leaves) or a wall.
    #[serde(default)]
    pub right: Side,
    /// The top and bottom edges.
    #[serde(default)]
    pub sides: Sides,
    /// Cells of sponge inside each open edge (not a wind's): the air's motion fades there, as
    /// it spreads into a room the plane cannot hold.
    #[serde(default)]
    pub sponge_cells: usize,
    /// Smoke fades to 1/e in this many seconds of the screen.
    #[serde(default = "smoke_fade")]
    pub smoke_fade_s: f64,
    /// The air's probes (speed, velocity, pressure, force, flow rate) are averaged over about
    /// this many seconds of air (an exponential mean); 0: each reads its tick.
    #[serde(default)]
    pub average_s: f64,
}

fn lattice_speed() -> f64 {
    0.1
}
fn smagorinsky() -> f64 {
    0.15
}
fn air_density() -> f64 {
    crate::model::RHO_AIR_20C
}
fn smoke_fade() -> f64 {
    3.0
}

/// The left edge.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Edge {
    /// Open to still air.
    #[default]
    Open,
    /// A wall the air cannot pass.
    Wall,
    /// The wind blows in, at this speed (`Parabolic`: this at the middle, zero at the
    /// sides, as in a channel).
    Wind {
        speed_m_s: f64,
        #[serde(default)]
        profile: Profile,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Profile {
    #[default]
    Uniform,
    Parabolic,
}

/// The right edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Side {
    /// Open at the room's pressure.
    #[default]
    Open,
    /// A wall the air sticks to.
    Wall,
}

/// The top and bottom edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Sides {
    /// Open to still air.
    #[default]
    Open,
    /// Walls the air sticks to (no slip).
    Wall,
    /// Walls the air slides along.
    Slip,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WallSpec {
    pub id: String,
    pub curve: Curve,
    /// At least 2 cells, so that no air slips between two cells touching at a corner.
    pub thickness_m: f64,
    #[serde(default)]
    pub shift_m: P2,
    /// Set by a `Place` or `Pick` control: out of the air while off.
    #[serde(default = "yes")]
    pub placed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObstacleSpec {
    pub id: String,
    pub shape: Solid,
    #[serde(default)]
    pub shift_m: P2,
    #[serde(default = "yes")]
    pub placed: bool,
}

/// A solid's shape where the file puts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Solid {
    Disc { at_m: P2, radius_m: f64 },
    Outline(Outline),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NozzleSpec {
    pub id: String,
    /// The middle of its mouth.
    pub at_m: P2,
    /// Where it blows, degrees from +x.
    #[serde(default)]
    pub angle_deg: f64,
    pub width_m: f64,
    pub speed_m_s: f64,
    /// A breath reaches 95 % of its speed this long after it starts (and fades as fast).
    #[serde(default = "rise")]
    pub rise_s: f64,
    /// A breath is never quite steady: its aim wanders this much either way (two slow sines).
    #[serde(default)]
    pub wobble_deg: f64,
    /// Off: still (a `Nozzle` control blows it).
    #[serde(default = "yes")]
    pub on: bool,
}

fn rise() -> f64 {
    0.3
}
fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    pub id: String,
    pub shape: BodyShape,
    /// Where its centre starts.
    pub at_m: P2,
    /// Its turn at the start, degrees (an `Outline`'s corners are about `at_m`).
    #[serde(default)]
    pub angle_deg: f64,
    /// Of the body as a whole (a ping-pong ball's mean density is ~80 kg/m³).
    pub density_kg_m3: f64,
    #[serde(default)]
    pub mount: Mount,
    /// It rests on a table under the plane (a scene seen from above): rolling resistance,
    /// the force that holds it is this × its weight.
    #[serde(default)]
    pub table_friction: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum BodyShape {
    Disc {
        radius_m: f64,
    },
    /// Corners (or curves) about the body's centre, at angle 0.
    Outline(Outline),
}

/// What holds a body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Mount {
    /// Nothing: it goes where the air, gravity and walls send it.
    #[default]
    Free,
    /// Held still where the file puts it (a control may turn it): the force on it measured.
    Held,
    /// Hangs from `anchor_m` on a string this long: the string pulls, never pushes.
    String { anchor_m: P2, length_m: f64 },
    /// Turns about this point, rigidly (a flap, a rod pendulum).
    Hinge { at_m: P2 },
    /// Hangs on a string this long from above the plane (a scene seen from above): pulled
    /// back towards `at_m` as a pendulum is, by m·g·d/ℓ for a swing d (small swings).
    Hanging { length_m: f64 },
}

pub type FlowControl = crate::model::scene::Control<ControlDoes>;

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
    /// A number written into the scene at each path (`nozzles.ID.angle_deg`,
    /// `bodies.ID.angle_deg`, `field.wind_m_s`, …).
    Parameter(Numbers),
    /// On/off (a hold-to-blow button): the nozzle blows or not.
    Nozzle { nozzle: String },
    /// On: these walls and obstacles are in the air; off: they are not.
    Place { solids: Vec<String> },
    /// One of several: each option's walls and obstacles are in the air, the others' not.
    Pick { options: Vec<(String, Vec<String>)> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    X,
    Y,
}

/// What a probe reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Probe {
    /// m/s: the air's speed at a point.
    Speed { at_m: P2 },
    /// m/s: one component of the air's velocity at a point.
    Velocity { at_m: P2, axis: Axis },
    /// Pa: the pressure at a point over that at `against_m`, or over the open edges' (the
    /// room's) where it is none.
    Pressure {
        at_m: P2,
        #[serde(default)]
        against_m: Option<P2>,
    },
    /// Bernoulli's estimate checked: the pressure drop from `against_m` to `at_m` over
    /// ½ρ(u² at `at_m` − u² at `against_m`); 1 where the air between them loses no energy.
    Bernoulli { at_m: P2, against_m: P2 },
    /// N per metre of depth: the air's force on a body.
    Force { body: String, axis: Axis },
    /// 2F/(ρU²L): the force as a drag or lift coefficient, for the speed U and length L named.
    Coefficient {
        body: String,
        axis: Axis,
        speed_m_s: f64,
        length_m: f64,
    },
    /// m: where a body's centre is.
    Position { body: String, axis: Axis },
    /// Degrees: how far a body has turned (a string's or hinge's from straight down, else its own).
    Angle { body: String },
    /// m/s: how fast a body's centre moves.
    BodySpeed { body: String },
    /// m: between two bodies' centres.
    Distance { a: String, b: String },
    /// m² per s per metre of depth: the air crossing the line from `from_m` to `to_m`
    /// (positive to the left of the way from one to the other).
    FlowRate { from_m: P2, to_m: P2 },
    /// U·L/ν of the air simulated, U the fastest drive now (a nozzle's ramped speed, the wind).
    Reynolds { length_m: f64 },
    /// How many times slower than real the kiosk shows the air.
    Slowdown,
}
