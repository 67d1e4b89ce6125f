//! The 声与波 pack (`exhibits-waves/`): every `expect` row against its closed form, each lesson
//! held at the ends of every dial (on the model itself), broken scenes refused at their place
//! in the file, fingers that splash and drag, and `caravan new --kind waves` writing a starter
//! that validates, simulates and verifies.

use crate::mechanics_errors::{assert_located, broken_in};
use crate::support::*;
use caravan::descriptor::kinds::KindParams;
use caravan::kind_spec::{ControlValue, KindSpec};
use caravan::model::waves::world::WavesWorld;
use caravan::model::waves::{Probe, ProbeSpec, WavesParams};
use std::collections::BTreeMap;
use std::path::PathBuf;

const EXHIBITS: [&str; 5] = [
    "ripple_tank",
    "sound_dishes",
    "standing_wave",
    "open_tube",
    "speaking_tube",
];

fn waves_pack() -> PathBuf {
    repo().join("exhibits-waves")
}

fn scene(id: &str) -> WavesParams {
    let c = caravan::pack::Catalogue::load(&[waves_pack()]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    match &c.find(id).expect("the pack has it").1.kind {
        KindParams::Waves(p) => p.clone(),
        other => panic!("{id} is {}", other.name()),
    }
}

/// Exhibit `id` (with `extra` probes added) run for `seconds` of kiosk time with its controls
/// at their defaults but for `set`: every probe's value by name.
fn run(
    id: &str,
    extra: &[(&str, Probe)],
    set: &[(&str, ControlValue)],
    seconds: f64,
) -> BTreeMap<String, Option<f64>> {
    let mut s = scene(id);
    for (name, of) in extra {
        s.probes.push(ProbeSpec {
            name: name.to_string(),
            of: of.clone(),
            gauge: None,
            unit: String::new(),
            decimals: 4,
        });
    }
    let w = ran(&s, set, (seconds * 60.0).round() as usize);
    s.probes
        .iter()
        .map(|p| p.name.clone())
        .zip(w.probe_values())
        .collect()
}

/// Scene `s` run `ticks` 60 Hz ticks with its controls at their defaults but for `set`.
fn ran(s: &WavesParams, set: &[(&str, ControlValue)], ticks: usize) -> WavesWorld {
    let mut controls: BTreeMap<String, ControlValue> = s
        .controls()
        .into_iter()
        .map(|d| (d.name.clone(), d.default.clone()))
        .collect();
    for (k, v) in set {
        controls.insert(k.to_string(), v.clone());
    }
    let mut w = WavesWorld::new(s, &controls);
    for _ in 0..ticks {
        w.step(&controls);
    }
    w
}

fn n(x: f64) -> ControlValue {
    ControlValue::Number(x)
}
fn on(b: bool) -> ControlValue {
    ControlValue::Bool(b)
}

#[test]
fn the_waves_pack_is_valid_and_every_expect_row_passes() {
    let rows = caravan::ops::verify::pack_rows(&[waves_pack()]).expect("it loads");
    assert!(rows.len() >= 10, "{rows:?}");
    for r in &rows {
        assert!(r.ok, "{r:?}");
    }
    let o = caravan(&["verify", "--pack", "exhibits-waves"]);
    assert!(o.status.success(), "{}", stdout(&o));
    for id in EXHIBITS {
        assert!(stdout(&o).contains(&format!("{id}: ")), "{id}");
    }
}

/// The angle on the circle of radius `r` round the sources' midpoint where the paths from two
/// sources `d` apart differ by `diff` (bisection; far off it tends to asin(diff/d)).
fn path_difference_angle(r: f64, d: f64, diff: f64) -> f64 {
    let f = |t: f64| {
        let (x, y) = (r * t.cos(), r * t.sin());
        (x.hypot(y + d / 2.0) - x.hypot(y - d / 2.0)) - diff
    };
    let (mut a, mut b) = (0.0f64, std::f64::consts::FRAC_PI_2);
    for _ in 0..60 {
        let m = (a + b) / 2.0;
        if f(a) * f(m) <= 0.0 {
            b = m;
        } else {
            a = m;
        }
    }
    a.to_degrees()
}

#[test]
fn the_bright_and_dark_lines_follow_the_path_difference_at_every_end_of_the_dials() {
    // Frequency 8–14 Hz and spacing 0.8–1.4 (of 5 cm), each at its ends with the other at its
    // default; water at 0.25 m/s, the arc 0.2 m round the dippers' midpoint.
    let cases = [
        (8.0, 1.0),
        (14.0, 1.0),
        (10.0, 0.8),
        (10.0, 1.4),
        (10.0, 1.0),
    ];
    for (f, spacing) in cases {
        let (lambda, d) = (0.25 / f, 0.05 * spacing);
        let v = run(
            "ripple_tank",
            &[],
            &[("frequency_hz", n(f)), ("spacing", n(spacing))],
            3.0,
        );
        let bright = v["bright_deg"].expect("a first bright line");
        let dark = v["dark_deg"].expect("a first dark line");
        let want_bright = path_difference_angle(0.2, d, lambda);
        let want_dark = path_difference_angle(0.2, d, lambda / 2.0);
        assert!(
            (bright / want_bright - 1.0).abs() < 0.03,
            "{f} Hz, d = {d}: bright at {bright}°, r₁ − r₂ = λ at {want_bright}°"
        );
        assert!(
            (dark / want_dark - 1.0).abs() < 0.04,
            "{f} Hz, d = {d}: dark at {dark}°, r₁ − r₂ = λ/2 at {want_dark}°"
        );
    }
}

/// What the listener of exhibit `id` hears (0–1 of its full scale) after `ticks`, its
/// controls at their defaults but for `set`, and with `change` made to the scene.
fn heard(
    id: &str,
    set: &[(&str, ControlValue)],
    ticks: usize,
    change: impl Fn(&mut WavesParams),
) -> f64 {
    let mut s = scene(id);
    change(&mut s);
    let w = ran(&s, set, ticks);
    w.listener_tone().expect("a listener").1
}

#[test]
fn the_whisper_is_loud_at_the_far_focus_and_faint_a_hand_beside_it() {
    // The ear at the focus against the ear a hand (0.15 m) beside it and at each end of its
    // across dial (±0.6 m), and against the focus with the far dish taken away.
    let focus = heard("sound_dishes", &[], 480, |_| {});
    assert!(
        focus > 0.3,
        "at the focus the whisper plays at {focus} of full scale"
    );
    for x in [-0.6, -0.15, 0.15, 0.6] {
        let beside = heard("sound_dishes", &[("ear_x", n(x))], 480, |_| {});
        assert!(
            2.0 * beside < focus,
            "the ear at x = {x}: {beside}, at the focus {focus}"
        );
    }
    let bare = heard("sound_dishes", &[], 480, |s| {
        s.walls.retain(|w| w.id != "far_dish")
    });
    assert!(3.0 * bare < focus, "with the dish {focus}, without {bare}");
    // Whispering off: silence.
    let off = heard("sound_dishes", &[("whispering", on(false))], 480, |_| {});
    assert_eq!(off, 0.0);
}

#[test]
fn the_closed_tube_swells_at_each_resonance_and_is_quiet_between() {
    // f_n = n·c/(2L), L = 1.00 m: the sound at the end cap at each resonance against halfway
    // to the next ones (below the first, a closed tube's air is squeezed as a whole, loud at
    // low notes: no resonance to compare).
    let at = |f: f64| {
        let v = run("standing_wave", &[], &[("frequency_hz", n(f))], 10.0);
        v["loudness"].unwrap()
    };
    let f1 = 171.5;
    for n_ in 1..=4 {
        let f = n_ as f64 * f1;
        let loud = at(f);
        let mut halfway = vec![((n_ as f64 + 0.5) * f1).min(750.0)];
        if n_ > 1 {
            halfway.push((n_ as f64 - 0.5) * f1);
        }
        for g in halfway {
            let quiet = at(g);
            assert!(loud > 2.0 * quiet, "{f} Hz: {loud}; {g} Hz: {quiet}");
        }
    }
    // The ear at a node at 343 Hz (x = ±0.25 m) hears little; at the cap, and mid-tube (an
    // antinode), much more.
    let ear = |x: f64| {
        let set = [("frequency_hz", n(343.0)), ("ear_x", n(x))];
        heard("standing_wave", &set, 600, |_| {})
    };
    let (node, cap, middle) = (ear(0.25), ear(0.45), ear(0.0));
    assert!(
        5.0 * node < cap && 5.0 * node < middle,
        "node {node}, cap {cap}, middle {middle}"
    );
    // At n = 1 one node, mid-tube; at n = 3 three, λ/2 = 1/3 m apart.
    let v = run("standing_wave", &[], &[("frequency_hz", n(171.5))], 10.0);
    assert!((v["node_1_m"].unwrap() - 0.5).abs() < 0.02, "{v:?}");
    let v = run("standing_wave", &[], &[("frequency_hz", n(514.5))], 10.0);
    let (a, b) = (v["node_1_m"].unwrap(), v["node_2_m"].unwrap());
    assert!(
        (a - 1.0 / 6.0).abs() < 0.02 && (b - a - 1.0 / 3.0).abs() < 0.02,
        "{v:?}"
    );
}

#[test]
fn capped_the_open_tube_rings_at_half_waves_instead_of_quarter_waves() {
    // Open: (2n − 1)·c/(4L) (the file's rows). Capped: n·c/(2L) with L = 1.00 m, faces at ±0.5.
    let bands = [
        (
            "n1",
            Probe::Frequency {
                at_m: [-0.45, 0.0],
                from_hz: 120.0,
                to_hz: 230.0,
            },
        ),
        (
            "n2",
            Probe::Frequency {
                at_m: [-0.45, 0.0],
                from_hz: 290.0,
                to_hz: 400.0,
            },
        ),
    ];
    let v = run("open_tube", &bands, &[("cap", on(true))], 12.0);
    for (name, want) in [("n1", 171.5), ("n2", 343.0)] {
        let got = v[name].unwrap();
        assert!(
            (got / want - 1.0).abs() < 0.01,
            "capped {name}: {got} Hz, want {want}"
        );
    }
    let v = run("open_tube", &bands, &[], 12.0);
    // Open, nothing rings at 171.5 Hz: the strongest in that band is far from it.
    let got = v["n1"].unwrap();
    assert!(
        (got - 171.5).abs() > 20.0,
        "open: {got} Hz in the closed tube's band"
    );
}

#[test]
fn in_the_tube_the_voice_keeps_its_strength_out_of_it_it_fades() {
    let with = run("speaking_tube", &[], &[], 10.0);
    let without = run("speaking_tube", &[], &[("tube", on(false))], 10.0);
    let (w, wo) = (
        with["far_over_near"].unwrap(),
        without["far_over_near"].unwrap(),
    );
    assert!(w > 0.7, "in the tube far/near {w}");
    assert!(
        (wo - 0.5).abs() < 0.025,
        "in the open far/near {wo} (1/√r: 0.5)"
    );
    // The listener at the ends of its dial, off the tube's line, hears less than on it.
    for y in [-0.5, 0.5] {
        let v = run(
            "speaking_tube",
            &[("ear", Probe::Rms { at_m: [1.0, y] })],
            &[],
            10.0,
        );
        assert!(
            v["ear"].unwrap() < 0.5 * with["far"].unwrap(),
            "ear at y = {y}: {v:?}"
        );
    }
}

#[test]
fn broken_wave_scenes_are_refused_at_their_place_in_the_files_words() {
    let pack = waves_pack();
    let cases = [
        (
            "ripple_tank",
            "Point(at_m: (-0.15, 0.025))",
            "Point(at_m: (-0.15, 0.9))",
            "outside the field",
        ),
        (
            "sound_dishes",
            "(id: \"whisper\", shape: Point(at_m: (0.0, -1.4))",
            "(id: \"whisper\", shape: Point(at_m: (0.0, -1.8))",
            "inside a wall",
        ),
        (
            "ripple_tank",
            "steps_per_tick: 5,",
            "steps_per_tick: 4,",
            "Courant",
        ),
        (
            "standing_wave",
            "speed_m_s: 343.0,",
            "speed_m_s: 0.0,",
            "speed above zero",
        ),
        (
            "speaking_tube",
            "listener: (at_m: (1.0, 0.0)",
            "listener: (at_m: (2.0, 0.0)",
            "outside the field",
        ),
        (
            "ripple_tank",
            "sponge_cells: 125,",
            "sponge_cells: 40,",
            "reaches the absorbing edge",
        ),
        (
            "ripple_tank",
            "signal: Sine, frequency_hz: 10.0),",
            "signal: Sine, frequency_hz: 45.0),",
            "the grid needs at least 6",
        ),
        (
            "open_tube",
            "of: Value(\"capped_2_hz\")",
            "of: Value(\"capped_9_hz\")",
            "`capped_9_hz` is not a probe",
        ),
        (
            "open_tube",
            "Place(walls: [\"cap\"])",
            "Place(walls: [\"lid\"])",
            "`lid` is not a wall",
        ),
        (
            "standing_wave",
            "min: 100.0, max: 750.0",
            "min: 100.0, max: 6000.0",
            "at 6000 the scene is not valid",
        ),
    ];
    for (id, from, to, says) in cases {
        let (l, at) = broken_in(&pack, id, from, to);
        assert_located(&l, at, false, &[says]);
    }
}

#[test]
fn each_waves_exhibit_simulates_byte_identical_twice() {
    simulates_byte_identical_twice("exhibits-waves", &EXHIBITS, "30");
}

#[test]
fn caravan_new_writes_a_waves_starter_that_validates_simulates_and_verifies() {
    starter_validates_simulates_and_verifies("waves");
}

#[test]
fn a_finger_on_the_water_splashes_and_a_finger_on_the_ear_drags_it() {
    use caravan::descriptor::{Input, TouchPhase};
    use caravan::exhibits::ActiveExhibit;
    use caravan::exhibits::waves::WavesSim;
    use caravan::sim::{Simulation, builtin_exhibit};
    let touch = |sim: &mut Simulation, phase: TouchPhase, at: [f64; 2]| {
        sim.push_input(Input::Touch {
            id: 5,
            phase,
            x: at[0],
            y: at[1],
        });
        sim.step();
    };
    // The tank touched against the tank left alone, tick for tick: the splash is the
    // difference, where the finger landed.
    let mut sim = Simulation::new(builtin_exhibit("ripple_tank", &[]), Vec::new());
    let mut alone = Simulation::new(builtin_exhibit("ripple_tank", &[]), Vec::new());
    sim.step();
    alone.step();
    let spot = on_screen(&sim, [0.15, -0.1]);
    touch(&mut sim, TouchPhase::Down, spot);
    alone.step();
    let at = |sim: &Simulation| {
        let m = &sim.app.world().resource::<WavesSim>().model;
        m.field.u[m.grid.cell([0.15, -0.1]).unwrap()]
    };
    assert!(
        (at(&sim) - at(&alone)).abs() > 0.05,
        "a splash: {} against {}",
        at(&sim),
        at(&alone)
    );
    touch(&mut sim, TouchPhase::Up, spot);

    // The ear at the far focus dragged 0.3 m across: its dial follows.
    let mut sim = Simulation::new(builtin_exhibit("sound_dishes", &[]), Vec::new());
    sim.step();
    let ear_x = |sim: &Simulation| sim.app.world().resource::<ActiveExhibit>().number("ear_x");
    let from = on_screen(&sim, [0.0, 1.4]);
    let to = on_screen(&sim, [0.3, 1.4]);
    touch(&mut sim, TouchPhase::Down, from);
    for _ in 0..5 {
        touch(&mut sim, TouchPhase::Move, to);
    }
    assert!((ear_x(&sim) - 0.3).abs() < 0.01, "{}", ear_x(&sim));
    touch(&mut sim, TouchPhase::Up, to);
}
