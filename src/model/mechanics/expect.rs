//! The author's `expect` rows, measured: the scene runs its [`VerifyRun`] from the file and
//! each row compares what the probes read at the end with its reference.

use super::spec::*;
use super::world::MechanicsWorld;
use crate::kind_spec::{ControlValue, KindSpec};
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

/// Runs the scene's verify run and measures every `expect` row.
pub fn run(scene: &MechanicsParams) -> Vec<Outcome> {
    let mut controls: BTreeMap<String, ControlValue> = scene
        .controls()
        .into_iter()
        .map(|d| (d.name.clone(), d.default.clone()))
        .collect();
    let mut world = MechanicsWorld::new(scene, &controls);
    controls.extend(scene.verify.set.clone());
    let ticks = (scene.verify.seconds * TICK_HZ).round() as u64;
    let mut first: Option<Vec<Option<f64>>> = None;
    for _ in 0..ticks {
        world.step(&controls, None);
        first.get_or_insert_with(|| world.probe_values());
    }
    let last = world.probe_values();
    let first = first.unwrap_or_else(|| last.clone());
    let index = |name: &str| scene.probes.iter().position(|p| p.name == name);
    let at = |v: &[Option<f64>], name: &str| index(name).and_then(|i| v[i]);
    let measure = |q: &Quantity| -> (String, Option<f64>) {
        match q {
            Quantity::Value(p) => (p.clone(), at(&last, p)),
            Quantity::Change(p) => (
                format!("Δ{p}"),
                at(&last, p).zip(at(&first, p)).map(|(b, a)| b - a),
            ),
            Quantity::Slope { of, per } => {
                let d = |p: &str| at(&last, p).zip(at(&first, p)).map(|(b, a)| b - a);
                (
                    format!("Δ{of}/Δ{per}"),
                    d(of)
                        .zip(d(per))
                        .and_then(|(a, b)| (b != 0.0).then(|| a / b)),
                )
            }
        }
    };
    let shown = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.4}"));
    scene
        .expect
        .iter()
        .map(|e| match e {
            Expect::Near {
                check,
                of,
                value,
                tolerance_pct,
                source,
            } => {
                let (quantity, m) = measure(of);
                let err = m.map(|m| (m - value) / value.abs().max(1e-12) * 100.0);
                Outcome {
                    check: check.clone(),
                    quantity,
                    reference: format!("{value:.4} ±{tolerance_pct}%"),
                    measured: shown(m),
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
                let (quantity, m) = measure(of);
                let below = matches!(e, Expect::Below { .. });
                Outcome {
                    check: check.clone(),
                    quantity,
                    reference: format!("{} {limit:.4}", if below { "<" } else { ">" }),
                    measured: shown(m),
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
                        .map(|v| shown(*v))
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
