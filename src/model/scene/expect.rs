//! The `expect` rows, measured: a kind's scene runs its [`VerifyRun`] and each row compares
//! what the probes read (at the end, at a time, their change, their extremes) with its
//! reference. Every data kind's world is run the same way, through [`SceneWorld`].

use super::spec::*;
use crate::kind_spec::ControlValue;
use crate::model::TICK_HZ;
use std::collections::BTreeMap;

/// One measured row.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub check: String,
    /// What was compared, e.g. `t_cycloid` or `Δcone_y/Δcone_x`.
    pub quantity: String,
    pub reference: String,
    pub measured: String,
    pub error_pct: Option<f64>,
    pub ok: bool,
    pub source: String,
}

/// A data kind's running scene, as a verify run needs it: one 60 Hz tick with the controls at
/// these values, and each probe's value now, in the file's order (None: no value yet).
pub trait SceneWorld {
    fn tick(&mut self, controls: &BTreeMap<String, ControlValue>);
    fn probe_values(&self) -> Vec<Option<f64>>;
}

/// A data kind's `verify`: its world built (`build`) with every control at its default, then
/// run as [`run`] does; then each further run (`verify.also`) on a world built afresh, its
/// rows after the first run's.
pub fn verify<P, W: SceneWorld>(
    controls: &[crate::kind_spec::ControlDef],
    probes: &[ProbeSpec<P>],
    expect: &[Expect],
    verify: &VerifyRun,
    build: impl Fn(&BTreeMap<String, ControlValue>) -> W,
) -> Vec<Outcome> {
    let controls: BTreeMap<String, ControlValue> = controls
        .iter()
        .map(|d| (d.name.clone(), d.default.clone()))
        .collect();
    let mut out = run(
        &mut build(&controls),
        controls.clone(),
        probes,
        expect,
        verify,
    );
    for a in &verify.also {
        let again = VerifyRun {
            seconds: a.seconds,
            set: a.set.clone(),
            also: Vec::new(),
        };
        out.extend(run(
            &mut build(&controls),
            controls.clone(),
            probes,
            &a.expect,
            &again,
        ));
    }
    out
}

/// Runs `verify` on `world` (built with the controls at `controls`, their defaults) and
/// measures every `expect` row against what `probes` read.
pub fn run<P>(
    world: &mut impl SceneWorld,
    mut controls: BTreeMap<String, ControlValue>,
    probes: &[ProbeSpec<P>],
    expect: &[Expect],
    verify: &VerifyRun,
) -> Vec<Outcome> {
    controls.extend(verify.set.clone());
    let ticks = (verify.seconds * TICK_HZ).round() as u64;
    let index = |name: &str| probes.iter().position(|p| p.name == name);
    // At t = 0, before the first tick (and before the run's controls act).
    let first = world.probe_values();
    let mut record = Record::new(&first);
    let times = expect.iter().filter_map(|e| match e.quantity() {
        Some(Quantity::At { probe, t_s }) => Some((probe.clone(), *t_s)),
        _ => None,
    });
    let mut at_times: Vec<(String, f64, Option<Option<f64>>)> =
        times.map(|(p, t)| (p, t, None)).collect();
    for tick in 1..=ticks {
        world.tick(&controls);
        let now = world.probe_values();
        let t = tick as f64 / TICK_HZ;
        record.add(&now, t);
        for (p, t_s, v) in at_times.iter_mut() {
            if v.is_none() && t >= *t_s - 1e-9 {
                *v = Some(index(p).and_then(|i| now[i]));
                // (Some(None): the tick came, the probe had no value.)
            }
        }
    }
    let last = world.probe_values();
    let at = |v: &[Option<f64>], name: &str| index(name).and_then(|i| v[i]);
    let change = |p: &str| {
        let start = index(p).and_then(|i| record.first[i]);
        at(&last, p).zip(start).map(|(b, a)| b - a)
    };
    // Each quantity is shown with its probe's decimals.
    let decimals = |name: &str| index(name).map_or(4, |i| probes[i].decimals);
    let measure = |q: &Quantity| -> (String, Option<f64>, usize) {
        match q {
            Quantity::Value(p) => (p.clone(), at(&last, p), decimals(p)),
            Quantity::Change(p) => (format!("Δ{p}"), change(p), decimals(p)),
            Quantity::Rise(p) => (
                format!("rise of {p}"),
                index(p).and_then(|i| record.climb[i]),
                decimals(p),
            ),
            Quantity::Most(p) => (
                format!("most {p}"),
                index(p).and_then(|i| record.most[i]).map(|m| m.0),
                decimals(p),
            ),
            Quantity::Least(p) => (
                format!("least {p}"),
                index(p).and_then(|i| record.least[i]).map(|m| m.0),
                decimals(p),
            ),
            Quantity::WhenMost(p) => (
                format!("t of most {p}"),
                index(p).and_then(|i| record.most[i]).map(|m| m.1),
                3,
            ),
            Quantity::WhenLeast(p) => (
                format!("t of least {p}"),
                index(p).and_then(|i| record.least[i]).map(|m| m.1),
                3,
            ),
            Quantity::At { probe, t_s } => (
                format!("{probe} at {t_s} s"),
                at_times
                    .iter()
                    .find(|(p, t, _)| p == probe && t == t_s)
                    .and_then(|(_, _, v)| *v)
                    .flatten(),
                decimals(probe),
            ),
            Quantity::Slope { of, per } => (
                format!("Δ{of}/Δ{per}"),
                change(of)
                    .zip(change(per))
                    .and_then(|(a, b)| (b != 0.0).then(|| a / b)),
                decimals(of).max(decimals(per)),
            ),
        }
    };
    let shown = |x: Option<f64>, d: usize| x.map_or("-".to_string(), |x| format!("{x:.d$}"));
    expect
        .iter()
        .map(|e| match e {
            Expect::Near {
                check,
                of,
                value,
                tolerance_pct,
                source,
            } => {
                let (quantity, m, d) = measure(of);
                let err = m.map(|m| (m - value) / value.abs().max(1e-12) * 100.0);
                Outcome {
                    check: check.clone(),
                    quantity,
                    reference: format!("{value:.d$} ±{tolerance_pct}%"),
                    measured: shown(m, d),
                    error_pct: err,
                    ok: err.is_some_and(|e| e.is_finite() && e.abs() <= *tolerance_pct),
                    source: source.clone(),
                }
            }
            Expect::Below {
                check,
                of,
                limit,
                source,
            }
            | Expect::Above {
                check,
                of,
                limit,
                source,
            } => {
                let (quantity, m, d) = measure(of);
                let below = matches!(e, Expect::Below { .. });
                Outcome {
                    check: check.clone(),
                    quantity,
                    reference: format!("{} {limit:.d$}", if below { "<" } else { ">" }),
                    measured: shown(m, d),
                    error_pct: None,
                    ok: m.is_some_and(|m| if below { m < *limit } else { m > *limit }),
                    source: source.clone(),
                }
            }
            Expect::InOrder {
                check,
                probes,
                source,
            } => {
                let values: Vec<Option<f64>> = probes.iter().map(|p| at(&last, p)).collect();
                let ok =
                    values.iter().all(Option::is_some) && values.windows(2).all(|w| w[0] < w[1]);
                Outcome {
                    check: check.clone(),
                    quantity: "order".into(),
                    reference: probes.join(" < "),
                    measured: values
                        .iter()
                        .zip(probes)
                        .map(|(v, p)| shown(*v, decimals(p)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    error_pct: None,
                    ok,
                    source: source.clone(),
                }
            }
        })
        .collect()
}

/// Each probe's highest and lowest value over a run, with the time it had it (t = 0 included),
/// and the most it climbed above its lowest value before (from the first tick).
struct Record {
    /// At t = 0, or for a probe with no value then, the first tick it had one.
    first: Vec<Option<f64>>,
    most: Vec<Option<(f64, f64)>>,
    least: Vec<Option<(f64, f64)>>,
    /// The lowest value from the first tick on, and the most it climbed above it since.
    low: Vec<Option<f64>>,
    climb: Vec<Option<f64>>,
}

impl Record {
    fn new(first: &[Option<f64>]) -> Self {
        let at_zero: Vec<Option<(f64, f64)>> = first.iter().map(|v| v.map(|v| (v, 0.0))).collect();
        Self {
            first: first.to_vec(),
            most: at_zero.clone(),
            least: at_zero,
            low: vec![None; first.len()],
            climb: vec![None; first.len()],
        }
    }

    fn add(&mut self, values: &[Option<f64>], t: f64) {
        for (i, v) in values.iter().enumerate() {
            let Some(v) = *v else { continue };
            self.first[i].get_or_insert(v);
            // From the first tick on: what the run's `set` gives at once (a release's push) is
            // not a climb.
            let low = self.low[i].get_or_insert(v);
            *low = low.min(v);
            let climb = v - *low;
            self.climb[i] = Some(self.climb[i].map_or(climb, |c| c.max(climb)));
            if self.most[i].is_none_or(|m| v > m.0) {
                self.most[i] = Some((v, t));
            }
            if self.least[i].is_none_or(|m| v < m.0) {
                self.least[i] = Some((v, t));
            }
        }
    }
}

impl Expect {
    /// The quantity a row compares (None for an order of probes).
    pub fn quantity(&self) -> Option<&Quantity> {
        match self {
            Expect::Near { of, .. } | Expect::Below { of, .. } | Expect::Above { of, .. } => {
                Some(of)
            }
            Expect::InOrder { .. } => None,
        }
    }
}
