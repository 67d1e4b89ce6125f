//! The 力学 II pack (`exhibits-forces/`): every `expect` row against its reference, and each
//! lesson held at the ends of every control's range, run on the model itself.

use crate::support::*;
use caravan::descriptor::kinds::KindParams;
use caravan::kind_spec::{ControlValue, KindSpec};
use caravan::model::mechanics::MechanicsParams;
use caravan::model::mechanics::world::MechanicsWorld;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The pack's exhibits, in its order.
const EXHIBITS: [&str; 7] = [
    "rolling_race",
    "eddy_tube",
    "barton_pendulums",
    "magnet_pendulums",
    "overbalanced_wheel",
    "double_pendulum",
    "sand_pendulum",
];

fn forces_pack() -> PathBuf {
    repo().join("exhibits-forces")
}

fn scene(id: &str) -> MechanicsParams {
    let c = caravan::pack::Catalogue::load(&[forces_pack()]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let (_, d) = c.find(id).expect("the pack has it");
    match &d.kind {
        KindParams::Mechanics(p) => p.clone(),
        other => panic!("{id} is {}", other.name()),
    }
}

/// The scene with its controls at their defaults but for `set`, after `seconds`; with each
/// tick's probe values.
fn run(
    id: &str,
    set: &[(&str, ControlValue)],
    seconds: f64,
) -> (MechanicsParams, Vec<Vec<Option<f64>>>) {
    let s = scene(id);
    let mut controls: BTreeMap<String, ControlValue> = s
        .controls()
        .into_iter()
        .map(|d| (d.name.clone(), d.default.clone()))
        .collect();
    let mut w = MechanicsWorld::new(&s, &controls);
    for (k, v) in set {
        controls.insert(k.to_string(), v.clone());
    }
    let ticks = (seconds * 60.0).round() as usize;
    let rows = (0..ticks)
        .map(|_| {
            w.step(&controls, None);
            w.probe_values()
        })
        .collect();
    (s, rows)
}

fn column(s: &MechanicsParams, name: &str) -> usize {
    s.probes.iter().position(|p| p.name == name).expect(name)
}

fn last(s: &MechanicsParams, rows: &[Vec<Option<f64>>], name: &str) -> f64 {
    rows.last().unwrap()[column(s, name)].unwrap_or_else(|| panic!("{name} has a value"))
}

fn on() -> ControlValue {
    ControlValue::Bool(true)
}

fn n(x: f64) -> ControlValue {
    ControlValue::Number(x)
}

#[test]
fn the_forces_pack_is_valid_and_every_expect_row_passes() {
    let rows = caravan::ops::verify::pack_rows(&[forces_pack()]).expect("it loads");
    assert!(rows.len() >= 20, "{rows:?}");
    for r in &rows {
        assert!(r.ok, "{r:?}");
    }
    let o = caravan(&["verify", "--pack", "exhibits-forces"]);
    assert!(o.status.success(), "{}", stdout(&o));
    for id in EXHIBITS {
        assert!(stdout(&o).contains(&format!("{id}: ")), "{id}");
    }
}

#[test]
fn the_race_keeps_its_order_at_both_ends_of_the_gravity_dial() {
    let (s, base) = run("rolling_race", &[("go", on())], 2.0);
    for g in [0.2, 2.5] {
        let (_, rows) = run(
            "rolling_race",
            &[("go", on()), ("gravity", n(g))],
            2.0 / g.sqrt() + 0.5,
        );
        let t = |name| last(&s, &rows, name);
        let (ball, disc, hoop) = (t("t_ball_s"), t("t_disc_s"), t("t_hoop_s"));
        assert!(ball < disc && disc < hoop, "g×{g}: {ball} {disc} {hoop}");
        // Each time is √(2L(1 + k)/(g·sin θ)): ×1/√g.
        for name in ["t_ball_s", "t_disc_s", "t_hoop_s"] {
            let want = last(&s, &base, name) / g.sqrt();
            assert!(
                (t(name) - want).abs() / want < 0.01,
                "g×{g} {name}: {} against {want}",
                t(name)
            );
        }
    }
}

/// s for a magnet let go 2 cm above a 0.30 m copper tube to fall out of it: free fall to the
/// mouth, then linear drag (the exhibit's closed form, with c scaled by the wall dial).
fn copper_time(wall: f64) -> f64 {
    let (g, m) = (
        9.80665,
        7500.0 * std::f64::consts::PI * 0.006f64.powi(2) * 0.01,
    );
    let c = 1.3823 * wall;
    let (vt, tau) = (m * g / c, m / c);
    let v0 = (2.0 * g * 0.02f64).sqrt();
    let x = |t: f64| vt * t + (v0 - vt) * tau * (1.0 - (-t / tau).exp());
    let (mut lo, mut hi) = (0.0, 100.0);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if x(mid) < 0.30 { lo = mid } else { hi = mid }
    }
    (2.0 * 0.02 / g).sqrt() + lo
}

#[test]
fn the_copper_tube_brakes_as_its_wall_at_both_ends_of_the_dial() {
    for wall in [0.5, 2.0] {
        let want = copper_time(wall);
        let (s, rows) = run(
            "eddy_tube",
            &[("drop", on()), ("wall_mm", n(wall))],
            want + 0.5,
        );
        let (copper, plastic) = (
            last(&s, &rows, "t_copper_s"),
            last(&s, &rows, "t_plastic_s"),
        );
        assert!(
            (copper - want).abs() / want < 0.01,
            "{wall} mm: {copper} against {want}"
        );
        assert!(
            plastic < copper / 5.0,
            "{wall} mm: plastic {plastic}, copper {copper}"
        );
    }
}

#[test]
fn the_pendulum_nearest_the_drive_swings_most_across_the_dial() {
    // Own frequencies (point bobs): f = √(g/L)/2π.
    let lengths = [0.20, 0.25, 0.30, 0.35, 0.40];
    let own: Vec<f64> = lengths
        .iter()
        .map(|l| (9.80665f64 / l).sqrt() / std::f64::consts::TAU)
        .collect();
    let names = ["amp20_m", "amp25_m", "amp30_m", "amp35_m", "amp40_m"];
    for f in [0.6, 1.3, own[0], own[1], own[3], own[4]] {
        let (s, rows) = run("barton_pendulums", &[("drive_hz", n(f))], 40.0);
        let amps: Vec<f64> = names.iter().map(|c| last(&s, &rows, c)).collect();
        let most = (0..5).max_by(|&a, &b| amps[a].total_cmp(&amps[b])).unwrap();
        let nearest = (0..5)
            .min_by(|&a, &b| (own[a] - f).abs().total_cmp(&(own[b] - f).abs()))
            .unwrap();
        assert_eq!(most, nearest, "{f} Hz: {amps:?}");
    }
}

#[test]
fn the_swing_passes_across_and_faster_with_stronger_magnets() {
    let mut times = Vec::new();
    for b in [0.8, 1.2, 1.4] {
        let (s, rows) = run(
            "magnet_pendulums",
            &[("go", on()), ("remanence", n(b))],
            9.0,
        );
        let (left, right, energy) = (
            column(&s, "swing_left_m"),
            column(&s, "swing_right_m"),
            column(&s, "energy_j"),
        );
        let a0 = 0.3 * 5f64.to_radians().sin();
        let (t_least, least) = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r[left].map(|v| (i as f64 / 60.0, v)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        let most_right = rows.iter().filter_map(|r| r[right]).fold(0.0, f64::max);
        assert!(least < 0.25 * a0, "{b} T: least left swing {least}");
        assert!(
            most_right > 0.75 * a0,
            "{b} T: most right swing {most_right}"
        );
        let e: Vec<f64> = rows.iter().map(|r| r[energy].unwrap()).collect();
        let spread =
            e.iter().fold(f64::MIN, |a, x| a.max(*x)) - e.iter().fold(f64::MAX, |a, x| a.min(*x));
        assert!(spread < 2e-5, "{b} T: energy moved {spread} J");
        times.push(t_least);
    }
    assert!(times[2] < times[1] && times[1] < times[0], "{times:?}");
}

#[test]
fn the_wheel_never_gains_energy_and_stops_after_any_push() {
    for push_s in [0.5, 3.0] {
        let s = scene("overbalanced_wheel");
        let e = column(&s, "energy_j");
        let mut w = MechanicsWorld::new(&s, &BTreeMap::new());
        let mut controls = BTreeMap::from([("push".to_string(), on())]);
        for _ in 0..(push_s * 60.0) as usize {
            w.step(&controls, None);
        }
        controls.insert("push".into(), ControlValue::Bool(false));
        let mut lowest = f64::MAX;
        for _ in 0..(40 * 60) {
            w.step(&controls, None);
            let now = w.probe_values()[e].unwrap();
            assert!(
                now <= lowest + 1e-3,
                "pushed {push_s} s: energy rose to {now} from {lowest}"
            );
            lowest = lowest.min(now);
        }
        let spin = w.probe_values()[column(&s, "spin_rad_s")].unwrap();
        assert!(
            spin < 0.05,
            "pushed {push_s} s: still turning at {spin} rad/s"
        );
    }
}

#[test]
fn the_double_pendulums_part_from_either_end_of_the_dial_and_keep_their_energy() {
    for deg in [120.01, 121.0] {
        let (s, rows) = run(
            "double_pendulum",
            &[("go", on()), ("apart_deg", n(deg))],
            30.0,
        );
        let (apart, energy) = (column(&s, "apart_m"), column(&s, "energy_j"));
        let gap = |r: &Vec<Option<f64>>| r[apart].unwrap();
        // 0.100 m between their planes; together for the first half second.
        assert!(rows[..30].iter().all(|r| gap(r) < 0.11), "{deg}°");
        let most = rows.iter().map(gap).fold(0.0, f64::max);
        assert!(most > 0.25, "{deg}°: they stayed within {most} m");
        let e: Vec<f64> = rows.iter().map(|r| r[energy].unwrap()).collect();
        let drift = (e[e.len() - 1] - e[0]).abs();
        assert!(drift < 0.015, "{deg}°: energy moved {drift} J");
    }
}

#[test]
fn the_sand_pendulums_two_beats_follow_its_strings_at_other_lengths() {
    // Along the bar the can swings on the lower string alone, across it on the whole Y (the
    // knot is 1 % of the can: its slow mode is within 0.1 % of the massless knot's).
    let g = 9.80665f64;
    for (upper, lower) in [(0.45, 0.15), (0.3, 0.3), (0.6, 0.2)] {
        let mut s = scene("sand_pendulum");
        for j in &mut s.joints {
            if let caravan::model::mechanics::JointKind::Pendulum { length_m, .. } = &mut j.kind {
                *length_m = if j.id == "y" { upper } else { lower };
            }
        }
        let mut w = MechanicsWorld::new(&s, &BTreeMap::new());
        let controls = BTreeMap::from([("go".to_string(), on())]);
        for _ in 0..(25 * 60) {
            w.step(&controls, None);
        }
        let v = w.probe_values();
        let (along, across) = (
            v[column(&s, "f_along_hz")].unwrap(),
            v[column(&s, "f_across_hz")].unwrap(),
        );
        let tau = std::f64::consts::TAU;
        let (want_along, want_across) =
            ((g / lower).sqrt() / tau, (g / (upper + lower)).sqrt() / tau);
        assert!(
            (along - want_along).abs() / want_along < 0.005,
            "{upper}/{lower}: along {along} against {want_along}"
        );
        assert!(
            (across - want_across).abs() / want_across < 0.005,
            "{upper}/{lower}: across {across} against {want_across}"
        );
    }
}

#[test]
fn each_forces_exhibit_runs_byte_identical_twice() {
    for id in EXHIBITS {
        let a = run(id, &[], 3.0).1;
        let b = run(id, &[], 3.0).1;
        assert_eq!(a, b, "{id}");
        assert!(a.iter().flatten().flatten().all(|x| x.is_finite()), "{id}");
    }
}

#[test]
fn broken_forces_are_refused_at_their_place_in_the_files_words() {
    use crate::mechanics_errors::{assert_located, broken_in};
    let pack = forces_pack();
    // A force kind there is none of: the message lists the file's kinds, not a Rust type's.
    let (l, at) = broken_in(
        &pack,
        "magnet_pendulums",
        "Between(id:",
        "InverseSquare(id:",
    );
    assert_located(&l, at, true, &["InverseSquare", "`Between`", "`Spring`"]);
    assert!(l.iter().all(|x| !x.contains("ForceSpec")), "{l:#?}");
    let cases = [
        (
            "barton_pendulums",
            "Shake(id: \"shake\", body: \"bar\"",
            "Shake(id: \"shake\", body: \"bob20\"",
            "is not `kinematic`",
        ),
        (
            "eddy_tube",
            "coefficient_n_s_m: 1.3823",
            "coefficient_n_s_m: 95.0",
            "too strong for a body of",
        ),
        (
            "eddy_tube",
            "zone: Some(\"in_copper\")",
            "zone: Some(\"in_coper\")",
            "`in_coper` is not a zone",
        ),
        (
            "eddy_tube",
            "t_s: 2.0)",
            "t_s: 9.0)",
            "after the verify run ends",
        ),
        (
            "barton_pendulums",
            "[\"forces.shake.frequency_hz\"]",
            "[\"bodies.bar.friction\"]",
            "a `Tune` sets a force's number",
        ),
        (
            "rolling_race",
            "wall_m: 0.001",
            "wall_m: 0.04",
            "leaves no bore",
        ),
        (
            "overbalanced_wheel",
            "friction_n_m: 0.004",
            "friction_n_m: -1.0",
            "friction_n_m",
        ),
        (
            "magnet_pendulums",
            "remanence_t: 1.2, facing",
            "remanence_t: 9.0, facing",
            "remanence_t",
        ),
    ];
    for (id, from, to, says) in cases {
        let (l, at) = broken_in(&pack, id, from, to);
        assert_located(&l, at, false, &[says]);
    }
}

/// Where body `i` of the running mechanics scene shows, as a finger would land on it.
fn body_on_screen(sim: &caravan::sim::Simulation, i: usize) -> [f64; 2] {
    use caravan::exhibits::mechanics::MechanicsSim;
    use caravan::exhibits::{ActiveExhibit, ViewAspect, view_of};
    let w = sim.app.world();
    let poses = w.resource::<MechanicsSim>().model.poses();
    let at = poses.iter().find(|p| p.0 == i).expect("in the scene").1;
    let cam = &w.resource::<ActiveExhibit>().descriptor.scene.camera;
    let at = bevy::math::Vec3::new(at[0] as f32, at[1] as f32, at[2] as f32);
    view_of(cam, w.resource::<ViewAspect>().0, at).expect("on screen")
}

#[test]
fn a_tap_on_a_held_ball_lets_it_go_and_a_finger_drags_a_free_one() {
    use caravan::descriptor::{Input, TouchPhase};
    use caravan::exhibits::ActiveExhibit;
    use caravan::sim::{Simulation, builtin_exhibit};
    let mut sim = Simulation::new(builtin_exhibit("magnet_pendulums", &[]), Vec::new());
    sim.step();
    let touch = |sim: &mut Simulation, phase: TouchPhase, at: [f64; 2]| {
        sim.push_input(Input::Touch {
            id: 7,
            phase,
            x: at[0],
            y: at[1],
        });
        sim.step();
    };
    let go = |sim: &Simulation| sim.app.world().resource::<ActiveExhibit>().bool("go");
    // The left ball (`on_tap: "go"`) held: a tap lets both go.
    let left = body_on_screen(&sim, 1);
    touch(&mut sim, TouchPhase::Down, left);
    assert!(!go(&sim), "a finger down is not yet a tap");
    touch(&mut sim, TouchPhase::Up, left);
    assert!(go(&sim), "the tap pressed `go`");
    // The right ball now swings free: a finger on it holds it, and moving the finger 5 % of
    // the view to the right carries it that way.
    let right = body_on_screen(&sim, 2);
    touch(&mut sim, TouchPhase::Down, right);
    let to = [right[0] + 0.05, right[1]];
    for _ in 0..60 {
        touch(&mut sim, TouchPhase::Move, to);
    }
    let moved = body_on_screen(&sim, 2);
    assert!(
        moved[0] > right[0] + 0.03,
        "held at {moved:?}, from {right:?} toward {to:?}"
    );
    touch(&mut sim, TouchPhase::Up, to);
}
