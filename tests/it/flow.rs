//! The 流体 pack (`exhibits-flow/`): every `expect` row against its reference, the lesson held
//! at the ends of the jet's dials (on the model itself), broken scenes refused at their place
//! in the file, and `caravan new --kind flow` writing a starter that validates, simulates and
//! verifies.

use crate::mechanics_errors::{assert_located, broken_in};
use crate::support::*;
use caravan::descriptor::kinds::KindParams;
use caravan::kind_spec::{ControlValue, KindSpec};
use caravan::model::flow::FlowParams;
use caravan::model::flow::world::FlowWorld;
use std::collections::BTreeMap;
use std::path::PathBuf;

const EXHIBITS: [&str; 5] = [
    "blow_round",
    "vortex_street",
    "falling_ball",
    "wing",
    "between_balls",
];

fn flow_pack() -> PathBuf {
    repo().join("exhibits-flow")
}

fn scene(id: &str) -> FlowParams {
    let c = caravan::pack::Catalogue::load(&[flow_pack()]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    match &c.find(id).expect("the pack has it").1.kind {
        KindParams::Flow(p) => p.clone(),
        other => panic!("{id} is {}", other.name()),
    }
}

/// `s`'s controls at their defaults but for `set`.
fn controls(s: &FlowParams, set: &[(&str, ControlValue)]) -> BTreeMap<String, ControlValue> {
    let mut controls: BTreeMap<String, ControlValue> = s
        .controls()
        .into_iter()
        .map(|d| (d.name.clone(), d.default.clone()))
        .collect();
    for (k, v) in set {
        controls.insert(k.to_string(), v.clone());
    }
    controls
}

/// `s` run `ticks` with its controls at their defaults but for `set`.
fn ran(s: &FlowParams, set: &[(&str, ControlValue)], ticks: usize) -> FlowWorld {
    let controls = controls(s, set);
    let mut w = FlowWorld::new(s, &controls);
    for _ in 0..ticks {
        w.step(&controls);
    }
    w
}

#[test]
fn the_flow_pack_verifies() {
    let o = caravan(&["verify", "--pack", flow_pack().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    for id in EXHIBITS {
        assert!(stdout(&o).contains(&format!("{id}: ")), "{}", stdout(&o));
    }
}

#[test]
fn behind_the_round_bottle_the_ball_moves_further_than_behind_the_box_at_every_jet_dial_end() {
    // The lesson at each end of the speed, the nozzle's travel and its turn: the ball behind
    // the bottle travels at least as far as behind the box (as far, to a millimetre, where a
    // slow jet moves neither); at full speed straight on, much further.
    let s = scene("blow_round");
    let travel = |extra: &[(&str, ControlValue)], obstacle: &str| {
        let mut set = vec![
            ("blow", ControlValue::Bool(true)),
            ("obstacle", ControlValue::Choice(obstacle.into())),
        ];
        set.extend(extra.iter().cloned());
        let w = ran(&s, &set, 600);
        let b = &w.bodies[0];
        (b.pos[0] - 0.5).hypot(b.pos[1])
    };
    let (round, square) = (travel(&[], "round"), travel(&[], "square"));
    assert!(
        round > 0.05 && square < 0.01,
        "round {round}, square {square}"
    );
    for (dial, ends) in [
        ("jet_speed_m_s", [2.0, 10.0]),
        ("nozzle_y", [-0.015, 0.015]),
        ("nozzle_angle_deg", [-6.0, 6.0]),
    ] {
        for x in ends {
            let set = [(dial, ControlValue::Number(x))];
            let (r, q) = (travel(&set, "round"), travel(&set, "square"));
            assert!(r >= q - 1e-3, "{dial} = {x}: round {r} < square {q}");
        }
    }
}

#[test]
fn between_the_balls_the_pressure_drops_as_bernoulli_says_at_every_corner_of_the_dials() {
    // At each corner of the wind and gap dials: the gap's air faster than the wind and its
    // pressure below the wind's, by ½ρ(v_gap² − v_wind²) within the file's 10 %; a narrower
    // gap and a stronger wind each drop it further.
    let s = scene("between_balls");
    let probe = |name: &str| s.probes.iter().position(|p| p.name == name).expect(name);
    let (gap_v, wind_v, drop, ratio) = (
        probe("gap_speed_m_s"),
        probe("wind_speed_m_s"),
        probe("gap_pressure_pa"),
        probe("bernoulli_ratio"),
    );
    let mut pressure = BTreeMap::new();
    for wind in [1.5, 3.0] {
        for gap in [0.85, 1.5] {
            let set = [
                ("wind_m_s", ControlValue::Number(wind)),
                ("gap", ControlValue::Number(gap)),
            ];
            let v = ran(&s, &set, 1200).probe_values();
            let [u, w, p, r] = [gap_v, wind_v, drop, ratio].map(|i| v[i].expect("a reading"));
            let at =
                format!("wind {wind} m/s, gap ×{gap}: gap {u} m/s, wind {w}, {p} Pa, ratio {r}");
            assert!(u > w && p < 0.0, "{at}");
            assert!((0.9..1.1).contains(&r), "{at}");
            pressure.insert((wind.to_string(), gap.to_string()), p);
        }
    }
    let p = |w: &str, g: &str| pressure[&(w.to_string(), g.to_string())];
    for w in ["1.5", "3"] {
        assert!(p(w, "0.85") < p(w, "1.5"), "{pressure:?}");
    }
    for g in ["0.85", "1.5"] {
        assert!(p("3", g) < p("1.5", g), "{pressure:?}");
    }
}

/// Probe `name` of `s` run `ticks` with `set`, every tick from `from` on.
fn readings(
    s: &FlowParams,
    set: &[(&str, ControlValue)],
    ticks: usize,
    from: usize,
    name: &str,
) -> Vec<f64> {
    let i = s.probes.iter().position(|p| p.name == name).expect(name);
    let controls = controls(s, set);
    let mut w = FlowWorld::new(s, &controls);
    (0..ticks)
        .filter_map(|t| {
            w.step(&controls);
            (t >= from).then(|| w.probe_values()[i].expect("a reading"))
        })
        .collect()
}

#[test]
fn the_cylinders_wake_is_still_at_the_slowest_wind_and_sheds_eddies_at_the_fastest() {
    // Below Re ≈ 47 the wake is a steady pair of eddies; above it they break away by turns
    // (Williamson 1996, Annu. Rev. Fluid Mech. 28:477): the dial's ends are Re 10 and 60.
    let s = scene("vortex_street");
    let swing = |wind: f64| {
        let lift = readings(
            &s,
            &[("wind_m_s", ControlValue::Number(wind))],
            1920,
            960,
            "lift_n_m",
        );
        let (lo, hi) = lift
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), l| (a.min(*l), b.max(*l)));
        hi - lo
    };
    let (still, shedding) = (swing(0.15), swing(0.9));
    assert!(
        still < 1e-4 && shedding > 5e-3,
        "lift swings {still} and {shedding} N/m"
    );
}

#[test]
fn the_ball_sinks_at_faxens_speed_at_both_ends_of_its_density_dial() {
    // Faxén's drag between two walls is linear in the speed, so the sinking speed is linear
    // in ρ_ball − ρ_oil: 1.864 mm/s at 2000 kg/m³ in the 1000 kg/m³ oil (the file's row).
    let s = scene("falling_ball");
    for density in [1500.0, 3000.0] {
        let set = [("ball_density", ControlValue::Number(density))];
        let v = *readings(&s, &set, 600, 599, "sinking_m_s").last().unwrap();
        let faxen = 1.864e-3 * (density - 1000.0) / 1000.0;
        assert!(
            (v / faxen - 1.0).abs() < 0.05,
            "{density} kg/m³: {v} m/s, Faxén {faxen}"
        );
    }
}

#[test]
fn the_wing_lifts_with_its_angle_at_both_ends_of_the_dial_and_stays_below_thin_aerofoil_theory() {
    // c_L has the angle's sign, and is below 2π·sin α in size (Anderson, §4.7) at −5° and 15°.
    let s = scene("wing");
    for angle in [-5.0f64, 15.0] {
        let set = [("angle_of_attack_deg", ControlValue::Number(angle))];
        let c_l = *readings(&s, &set, 1200, 1199, "c_l").last().unwrap();
        let theory = 2.0 * std::f64::consts::PI * angle.to_radians().sin();
        assert!(
            c_l * angle > 0.0 && c_l.abs() < theory.abs(),
            "{angle}°: c_L {c_l}, 2π·sin α {theory}"
        );
    }
}

#[test]
fn broken_flow_scenes_are_refused_at_their_place() {
    let pack = flow_pack();
    let cases = [
        (
            "blow_round",
            "at_m: (0.5, 0.0), density_kg_m3",
            "at_m: (0.24, 0.0), density_kg_m3",
            "is inside the obstacle `bottle`",
        ),
        (
            "blow_round",
            "(id: \"jet\", at_m: (0.03, 0.0)",
            "(id: \"jet\", at_m: (-0.03, 0.0)",
            "reaches outside the field",
        ),
        (
            "blow_round",
            "shape: Disc(radius_m: 0.02)",
            "shape: Disc(radius_m: 0.01)",
            "a lattice too coarse for the body",
        ),
        (
            "blow_round",
            "viscosity_m2_s: 0.00125",
            "viscosity_m2_s: 0.00002",
            "a Reynolds number the lattice cannot carry",
        ),
        (
            "vortex_street",
            "min: 0.15, max: 0.9",
            "min: 0.15, max: 2.0",
            "at 2 the scene is not valid",
        ),
    ];
    for (id, from, to, says) in cases {
        let (l, at) = broken_in(&pack, id, from, to);
        assert_located(&l, at, false, &[says]);
    }
}

#[test]
fn each_flow_exhibit_simulates_byte_identical_twice() {
    simulates_byte_identical_twice("exhibits-flow", &EXHIBITS, "30");
}

#[test]
fn caravan_new_writes_a_flow_starter_that_validates_simulates_and_verifies() {
    starter_validates_simulates_and_verifies("flow");
}

#[test]
fn a_finger_drags_the_ball_through_the_air_and_turns_the_jet() {
    use caravan::descriptor::{Input, TouchPhase};
    use caravan::exhibits::ActiveExhibit;
    use caravan::exhibits::flow::FlowSim;
    use caravan::sim::{Simulation, builtin_exhibit};
    let touch = |sim: &mut Simulation, phase: TouchPhase, at: [f64; 2]| {
        sim.push_input(Input::Touch {
            id: 7,
            phase,
            x: at[0],
            y: at[1],
        });
        sim.step();
    };
    let ball = |sim: &Simulation| sim.app.world().resource::<FlowSim>().model.bodies[0].pos;
    // The ball (at 0.5, 0 m) held and taken 6 cm aside: it follows the finger, and stays
    // where it was let go (nothing blows).
    let mut sim = Simulation::new(builtin_exhibit("blow_round", &[]), Vec::new());
    sim.step();
    let (from, to) = (on_screen(&sim, [0.5, 0.0]), on_screen(&sim, [0.5, -0.06]));
    touch(&mut sim, TouchPhase::Down, from);
    for _ in 0..120 {
        touch(&mut sim, TouchPhase::Move, to);
    }
    let held = ball(&sim);
    assert!(
        (held[1] + 0.06).abs() < 0.005 && (held[0] - 0.5).abs() < 0.005,
        "{held:?}"
    );
    touch(&mut sim, TouchPhase::Up, to);
    for _ in 0..60 {
        sim.step();
    }
    let after = ball(&sim);
    assert!((after[1] - held[1]).abs() < 0.01, "{held:?} → {after:?}");

    // A finger behind the nozzle, below its line: the jet turns up, within the dial's range.
    let mut sim = Simulation::new(builtin_exhibit("blow_round", &[]), Vec::new());
    sim.step();
    let aim = |sim: &Simulation| {
        sim.app
            .world()
            .resource::<ActiveExhibit>()
            .number("nozzle_angle_deg")
    };
    let (grip, pull) = (on_screen(&sim, [0.03, 0.0]), on_screen(&sim, [0.0, -0.02]));
    touch(&mut sim, TouchPhase::Down, grip);
    for _ in 0..3 {
        touch(&mut sim, TouchPhase::Move, pull);
    }
    assert!(aim(&sim) == 6.0, "turned to {}", aim(&sim));
    touch(&mut sim, TouchPhase::Up, pull);
}
