//! What a `mechanics` probe reads (`of`); the probe's own fields, the `expect` rows and the
//! verify run are every data kind's (`model/scene`).

use super::*;

/// A probe of this kind: a column, a gauge, what it reads.
pub type ProbeSpec = crate::model::scene::ProbeSpec<Probe>;
pub use crate::model::scene::{Expect, Quantity, VerifyRun};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    X,
    Y,
    Z,
}

impl Axis {
    pub fn index(self) -> usize {
        match self {
            Axis::X => 0,
            Axis::Y => 1,
            Axis::Z => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Probe {
    /// m/s of the centre of mass.
    Speed(String),
    /// m, the centre of mass's y.
    Height(String),
    Position {
        body: String,
        axis: Axis,
    },
    /// Degrees turned about a world axis since the start (signed, unwrapped).
    Angle {
        body: String,
        axis: Axis,
    },
    /// rad/s, magnitude.
    AngularSpeed(String),
    /// J, translational and rotational.
    Kinetic(String),
    /// J, m·g·y (the scene's gravity; y from 0).
    Potential(String),
    /// J, kinetic + potential.
    Energy(String),
    /// s since the held bodies were released (`-` before).
    SinceRelease,
    /// s from the release to the moment the body's centre first entered the zone (`-` before).
    Arrival {
        zone: String,
        body: String,
    },
    /// s, a full swing: twice the mean time between the turning points of the body's velocity
    /// along `axis` (`-` until three have been seen), over the last `over_s` seconds or, without
    /// it, since the release. A turning point is where the velocity changes sign after it has
    /// been past ±1 mm/s: the start, at rest, is not one.
    Period {
        body: String,
        axis: Axis,
        #[serde(default)]
        over_s: Option<f64>,
    },
    /// Hz, one over the `Period` measured the same way.
    Frequency {
        body: String,
        axis: Axis,
        #[serde(default)]
        over_s: Option<f64>,
    },
    /// m, half the spread between the highest and lowest turning points of the body's centre
    /// along `axis` over the last `over_s` seconds (`-` until two have been seen).
    Amplitude {
        body: String,
        axis: Axis,
        over_s: f64,
    },
    /// m, between the two bodies' centres of mass.
    Distance {
        a: String,
        b: String,
    },
    /// J, the whole scene's energy: every dynamic body's kinetic and potential energy (held
    /// ones' too; the scene's gravity, y from 0), every spring's ½k(L − L₀)² and the potential
    /// energy of every `Between` force. Drag, dashpots and friction take energy out; drives,
    /// shakes, motors, wind, a push and a visitor's finger put it in; nothing else may.
    TotalEnergy,
    /// m, the mean height of the points where the body touches others (`-` when it touches
    /// nothing).
    ContactHeight(String),
}
