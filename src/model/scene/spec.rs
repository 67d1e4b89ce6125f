//! What every data kind's file says alike: a probe's column, gauge, unit and decimals (its
//! `of` is the kind's own), the `expect` rows with their references, and the verify run they
//! are measured on. Each kind's reference section describes these the same way.

use crate::kind_spec::ControlValue;
use crate::problems::Localized;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeSpec<P> {
    /// The column's name in `simulate` (letters, digits, `_`).
    pub name: String,
    /// What it reads: the kind's own list.
    pub of: P,
    /// Shown as a gauge on the kiosk, with this caption.
    #[serde(default)]
    pub gauge: Option<Localized>,
    #[serde(default)]
    pub unit: String,
    /// Decimals in the CSV, on the gauge and in `verify`'s report.
    #[serde(default = "default_decimals")]
    pub decimals: usize,
}

fn default_decimals() -> usize {
    4
}

/// One check of `caravan verify`, measured on the [`VerifyRun`].
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
    /// The most the probe ever climbed: its largest rise above the lowest value it had before,
    /// from the first tick (once the run's `set` has acted: a release's push is not a climb).
    /// With `Below`, "the energy never grows" in one row.
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
    At {
        probe: String,
        t_s: f64,
    },
    /// Change of `of` over change of `per`.
    Slope {
        of: String,
        per: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VerifyRun {
    pub seconds: f64,
    /// Controls set at the first tick, as a visitor would.
    pub set: BTreeMap<String, ControlValue>,
    /// Further runs of the same scene, each from the start with its own controls and its own
    /// rows: the lesson with the tube taken away, the cap put on.
    pub also: Vec<AlsoRun>,
}

impl Default for VerifyRun {
    fn default() -> Self {
        Self {
            seconds: 5.0,
            set: BTreeMap::new(),
            also: Vec::new(),
        }
    }
}

/// One more verify run: its length, its controls and the rows measured on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlsoRun {
    #[serde(default = "five")]
    pub seconds: f64,
    #[serde(default)]
    pub set: BTreeMap<String, ControlValue>,
    pub expect: Vec<Expect>,
}

fn five() -> f64 {
    5.0
}

/// One of a data kind's controls: its name, and what it does (the kind's own list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control<D> {
    pub name: String,
    pub does: D,
}

/// What a data kind's control does, as the shared checks ask it: the numbers it writes, if it
/// is a dial.
pub trait ControlAction {
    fn numbers(&self) -> Option<&Numbers>;
}

/// The dials among `controls`: each one's place in the list, name and numbers.
pub fn dials<D: ControlAction>(controls: &[Control<D>]) -> Vec<(usize, &str, &Numbers)> {
    controls
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c.name.as_str(), c.does.numbers()?)))
        .collect()
}

/// The number a `Parameter` or `Tune` control writes: from `min` to `max`, `default` at the
/// start, at each of `paths`, or with `scale: true` multiplying the file's value there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    pub paths: Vec<String>,
    pub min: f64,
    pub max: f64,
    pub default: f64,
    #[serde(default)]
    pub scale: bool,
}

impl Numbers {
    /// The dial that writes these numbers, as control `name`, the `i`-th of the file's (its
    /// range is the file's, which a message about a value outside it names).
    pub fn dial(&self, name: &str, i: usize) -> crate::kind_spec::ControlDef {
        crate::kind_spec::ControlDef::number(name, self.min, self.max, self.default)
            .range_set_by(format!("kind.controls[{i}].does"))
    }
}

/// A scene whose numbers a `Parameter` control writes, by path (`sources.ID.FIELD`, …).
pub trait NumberPaths: Clone {
    /// The number at `path`; None if there is none there.
    fn number_at(&mut self, path: &str) -> Option<&mut f64>;
}

/// Writes each control's number (`controls`' value, else its default) at its paths into
/// `scene`, or with `scale` the file's value there times it.
pub fn write_numbers<'a, S: NumberPaths>(
    scene: &mut S,
    file: &S,
    numbers: impl IntoIterator<Item = (&'a str, &'a Numbers)>,
    controls: &BTreeMap<String, ControlValue>,
) {
    // Where the file's own values are read (`number_at` hands out a slot to write).
    let mut shipped = file.clone();
    for (name, n) in numbers {
        let x = match controls.get(name) {
            Some(ControlValue::Number(x)) => *x,
            _ => n.default,
        };
        for path in &n.paths {
            let shipped = shipped.number_at(path).copied();
            if let (Some(slot), Some(shipped)) = (scene.number_at(path), shipped) {
                *slot = if n.scale { shipped * x } else { x };
            }
        }
    }
}
