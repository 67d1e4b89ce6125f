//! A scene's probes and checks as RON spells them: what is measured, and the `expect` rows
//! `caravan verify --pack` runs against their references.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeSpec {
    /// The column's name in `simulate` (letters, digits, `_`).
    pub name: String,
    pub of: Probe,
    /// Shown as a gauge on the kiosk, with this caption.
    #[serde(default)]
    pub gauge: Option<Localized>,
    #[serde(default)]
    pub unit: String,
    /// Decimals in the CSV and on the gauge.
    #[serde(default = "default_decimals")]
    pub decimals: usize,
}

fn default_decimals() -> usize {
    4
}

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
    Distance { a: String, b: String },
    /// J, the whole scene's energy: every dynamic body's kinetic and potential energy (held
    /// ones' too; the scene's gravity, y from 0), every spring's ½k(L − L₀)² and the potential
    /// energy of every `Between` force. Drag, dashpots and friction take energy out; drives,
    /// shakes, motors, wind, a push and a visitor's finger put it in; nothing else may.
    TotalEnergy,
    /// m, the mean height of the points where the body touches others (`-` when it touches
    /// nothing).
    ContactHeight(String),
}

/// One check of `caravan verify`, measured at the end of the [`VerifyRun`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Expect {
    /// Within `tolerance_pct` of `value`.
    Near {
        check: String,
        of: Quantity,
        value: f64,
        tolerance_pct: f64,
        source: String,
    },
    Below {
        check: String,
        of: Quantity,
        limit: f64,
        source: String,
    },
    Above {
        check: String,
        of: Quantity,
        limit: f64,
        source: String,
    },
    /// The probes' values (arrival times, say) all present and in this increasing order.
    InOrder {
        check: String,
        probes: Vec<String>,
        source: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Quantity {
    /// The probe at the end of the run.
    Value(String),
    /// End minus start: the value at t = 0, before the first tick (a probe with no value
    /// then, such as a contact's height, from the first tick it has one).
    Change(String),
    /// The most the probe ever climbed: its largest rise above the lowest value it had
    /// before (t = 0 included). With `Below`, "the energy never grows" in one row.
    Rise(String),
    /// Its highest and lowest value at any tick of the run.
    Most(String),
    Least(String),
    /// s from t = 0 to the tick of its highest (lowest) value: when the energy has all passed
    /// to the other pendulum, say.
    WhenMost(String),
    WhenLeast(String),
    /// Its value at the first tick at or after `t_s` (a terminal speed while the magnet is
    /// still in the tube, at a run that goes on to time its fall).
    At { probe: String, t_s: f64 },
    /// Change of `of` over change of `per`.
    Slope { of: String, per: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VerifyRun {
    pub seconds: f64,
    /// Controls set at the first tick, as a visitor would.
    pub set: BTreeMap<String, ControlValue>,
}

impl Default for VerifyRun {
    fn default() -> Self {
        Self {
            seconds: 5.0,
            set: BTreeMap::new(),
        }
    }
}
