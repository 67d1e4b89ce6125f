//! Every number of every built-in exhibit, set from the command line to the values an outsider
//! tries first (0, −1, ±1e300, 1e-300, NaN): each is refused with short one-line messages that
//! name a field, or the exhibit runs its attract script with finite telemetry. Sweeping this by
//! hand found a cycloid whose hair of a drop read NaN, unchecked materials, a radius printed with
//! 300 zeros and a negative count refused without its path.

use crate::support::assert_readable;
use caravan::descriptor::ExhibitDescriptor;
use caravan::descriptor::overrides;
use caravan::exhibits::ActiveExhibit;
use caravan::pack::{Catalogue, builtin_packs, check_asset};
use caravan::sim::Simulation;
use serde_json::Value;

const VALUES: [&str; 6] = ["0", "-1", "1e300", "-1e300", "1e-300", "NaN"];
/// Ticks each accepted set runs: one second, long enough for the attract scripts' first input.
const TICKS: usize = 60;

/// The `--set` paths of every number in the descriptor, each with whether it is one of the
/// kind's parameters (written relative to the kind) or the descriptor's own (scene, sounds,
/// reset: from the root). List items past the second are left out (the pendulum wave's twelve
/// pendulums are one pendulum to this sweep), and so are the controls and the attract script
/// (`controls.NAME` holds a control; the script is an input, not a parameter).
fn number_paths(d: &ExhibitDescriptor) -> Vec<(String, bool)> {
    fn walk(v: &Value, path: String, out: &mut Vec<String>) {
        let join = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            }
        };
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, join(k), out)),
            Value::Array(a) => a
                .iter()
                .take(2)
                .enumerate()
                .for_each(|(i, x)| walk(x, join(&i.to_string()), out)),
            Value::Number(_) => out.push(path),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(d).unwrap(), String::new(), &mut out);
    out.into_iter()
        .filter(|p| !p.starts_with("controls.") && !p.starts_with("attract."))
        // `kind.bernoulli_cups.air.density_kg_m3` → `air.density_kg_m3`.
        .map(
            |p| match p.strip_prefix("kind.").and_then(|r| r.split_once('.')) {
                Some((_, rest)) => (rest.to_string(), true),
                None => (p, false),
            },
        )
        .collect()
}

#[test]
fn every_number_at_an_outsiders_values_is_refused_clearly_or_runs_finite() {
    let catalogue = Catalogue::load(&builtin_packs());
    let (mut refused, mut ran) = (0, 0);
    for pack in &catalogue.packs {
        let asset = |rel: &str, u| check_asset(&pack.dir, rel, u);
        for d in &pack.exhibits {
            let paths = number_paths(d);
            assert!(paths.len() >= 10, "{}: {paths:?}", d.id);
            for (path, of_kind) in &paths {
                for v in VALUES {
                    let mut run = d.clone();
                    let set = format!("{path}={v}");
                    match overrides::apply(&mut run, std::slice::from_ref(&set), &asset) {
                        Err(errors) => {
                            refused += 1;
                            // Beyond echoes of what was typed.
                            errors
                                .iter()
                                .for_each(|e| assert_readable(&e.replace(v, "")));
                            // At least one of them says which field it is about.
                            let field = path.rsplit('.').find(|s| s.parse::<usize>().is_err());
                            let field = field.unwrap_or(path);
                            assert!(
                                errors.iter().any(|e| e.contains(field)),
                                "{} --set {set}: {errors:#?}",
                                d.id
                            );
                        }
                        // The scene, sounds and reset times are not in the headless run: a
                        // value the checks accept there has nothing more to show here.
                        Ok(_) if !of_kind => {}
                        Ok(o) => {
                            ran += 1;
                            let script = run.attract.clone();
                            let ex = ActiveExhibit::new(run, pack.dir.clone(), o.held);
                            let mut sim = Simulation::new(ex, script);
                            for _ in 0..TICKS {
                                sim.step();
                            }
                            let row = sim.row();
                            assert!(
                                !row.split(',').any(|c| c == "NaN" || c.contains("inf")),
                                "{} --set {set}: {row}",
                                d.id
                            );
                        }
                    }
                }
            }
        }
    }
    eprintln!("set sweep: {refused} sets refused, {ran} run");
    // The sweep did both: most values are refused, and a few hundred run.
    assert!(refused > 1000 && ran > 100, "refused {refused}, ran {ran}");
}
