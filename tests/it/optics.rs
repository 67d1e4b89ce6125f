//! The 光学 pack (`exhibits-optics/`): every `expect` row against its closed form, each lesson
//! held at the ends of every dial (on the model itself), broken scenes refused at their place
//! in the file, and `caravan new --kind optics` writing a starter that validates, simulates and
//! verifies.

use crate::mechanics_errors::{assert_located, broken_in};
use crate::support::*;
use caravan::descriptor::kinds::KindParams;
use caravan::kind_spec::{ControlValue, KindSpec};
use caravan::model::optics::OpticsParams;
use caravan::model::optics::world::OpticsWorld;
use std::collections::BTreeMap;
use std::path::PathBuf;

const EXHIBITS: [&str; 6] = [
    "shake_hands",
    "infinity_mirror",
    "kaleidoscope",
    "prism_rainbow",
    "telescope",
    "laser_harp",
];

fn optics_pack() -> PathBuf {
    repo().join("exhibits-optics")
}

fn scene(id: &str) -> OpticsParams {
    let c = caravan::pack::Catalogue::load(&[optics_pack()]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    match &c.find(id).expect("the pack has it").1.kind {
        KindParams::Optics(p) => p.clone(),
        other => panic!("{id} is {}", other.name()),
    }
}

/// Probe `name` of exhibit `id` with its controls at their defaults but for `set`.
fn read(id: &str, set: &[(&str, ControlValue)], name: &str) -> Option<f64> {
    let s = scene(id);
    let mut controls: BTreeMap<String, ControlValue> = s
        .controls()
        .into_iter()
        .map(|d| (d.name.clone(), d.default.clone()))
        .collect();
    for (k, v) in set {
        controls.insert(k.to_string(), v.clone());
    }
    let w = OpticsWorld::new(&s, &controls);
    let i = s.probes.iter().position(|p| p.name == name).expect(name);
    w.probe_values()[i]
}

fn n(x: f64) -> ControlValue {
    ControlValue::Number(x)
}

#[test]
fn the_optics_pack_is_valid_and_every_expect_row_passes() {
    let rows = caravan::ops::verify::pack_rows(&[optics_pack()]).expect("it loads");
    assert!(rows.len() >= 12, "{rows:?}");
    for r in &rows {
        assert!(r.ok, "{r:?}");
    }
    let o = caravan(&["verify", "--pack", "exhibits-optics"]);
    assert!(o.status.success(), "{}", stdout(&o));
    for id in EXHIBITS {
        assert!(stdout(&o).contains(&format!("{id}: ")), "{id}");
    }
}

#[test]
fn the_mirror_equation_holds_wherever_the_hand_is() {
    // 1/d_o + 1/d_i = 2/R (R = 0.8 m, vertex at x = 0.45 m) and m = −d_i/d_o across the dial.
    for x in [-1.0, -0.6, -0.35, -0.25] {
        let d_o = 0.45 - x;
        let d_i = 1.0 / (2.0 / 0.8 - 1.0 / d_o);
        let at = read("shake_hands", &[("hand_x", n(x))], "image_x_m").unwrap();
        let m = read("shake_hands", &[("hand_x", n(x))], "magnification").unwrap();
        assert!(
            (0.45 - at - d_i).abs() / d_i < 0.01,
            "hand at {x}: image {at}, d_i {d_i}"
        );
        assert!(
            (m + d_i / d_o).abs() / (d_i / d_o) < 0.02,
            "hand at {x}: m {m}"
        );
    }
}

#[test]
fn the_infinity_mirror_fades_by_r_at_every_silvering_and_bends_when_tilted() {
    for r in [0.5, 0.95] {
        let set = [("silvering", n(r))];
        let second = read("infinity_mirror", &set, "share_second").unwrap();
        let third = read("infinity_mirror", &set, "share_third").unwrap();
        assert!((second - r * (1.0 - r)).abs() < 1e-9 && (third / second - r).abs() < 1e-9);
        // Rⁿ(1 − R) > 0.01: n ≤ ln(0.01/(1 − R))/ln R, and n = 0 counts.
        let want = ((0.01 / (1.0 - r)).ln() / r.ln()).floor() + 1.0;
        assert_eq!(read("infinity_mirror", &set, "images"), Some(want), "R {r}");
    }
    // Tilted, the deeper images move aside: the tunnel bends.
    let flat = read("infinity_mirror", &[], "y_third_m").unwrap();
    let tilted = read("infinity_mirror", &[("tilt_deg", n(2.0))], "y_third_m").unwrap();
    assert!((tilted - flat).abs() > 0.01, "{flat} {tilted}");
}

#[test]
fn the_kaleidoscope_makes_360_over_theta_less_one_at_both_ends_and_between() {
    for (theta, images) in [(30.0, 11.0), (45.0, 7.0), (60.0, 5.0), (90.0, 3.0)] {
        let got = read("kaleidoscope", &[("angle_deg", n(theta))], "images");
        assert_eq!(got, Some(images), "θ = {theta}");
    }
}

#[test]
fn blue_bends_more_than_red_however_the_prism_is_turned() {
    let on = ControlValue::Bool(true);
    for turn in [-8.0, 0.0, 8.0] {
        let set = [
            ("turn_deg", n(turn)),
            ("lasers", on.clone()),
            ("blue_laser", on.clone()),
        ];
        let red = read("prism_rainbow", &set, "red_out_deg").unwrap();
        let blue = read("prism_rainbow", &set, "blue_out_deg").unwrap();
        assert!(blue < red - 0.5, "turned {turn}°: blue {blue}, red {red}");
    }
    // Off, a laser has no ray to measure.
    assert_eq!(read("prism_rainbow", &[], "red_out_deg"), None);
}

#[test]
fn the_telescope_magnifies_four_times_at_every_angle_of_the_tree() {
    for a in [0.5f64, 1.0, 3.0] {
        let out = read("telescope", &[("tree_deg", n(a))], "out_deg").unwrap();
        let ratio = out.to_radians().tan() / a.to_radians().tan();
        assert!((ratio + 4.0).abs() < 1e-9, "α {a}: {out}, ratio {ratio}");
    }
}

#[test]
fn broken_optics_scenes_are_refused_at_their_place_in_the_files_words() {
    let pack = optics_pack();
    let cases = [
        (
            "telescope",
            "ThinLens(focal_m: 0.15)",
            "ThinLens(focal_m: 0.0)",
            "0 is no lens",
        ),
        (
            "prism_rainbow",
            "material: \"BK7\"",
            "material: \"BK-7\"",
            "`BK-7` is not a material",
        ),
        (
            "prism_rainbow",
            "Polygon([(-0.1, 0.0), (0.1, 0.0), (0.0, 0.173205)])",
            "Polygon([(-0.1, 0.0), (0.1, 0.1), (0.1, 0.0), (-0.1, 0.1)])",
            "crosses itself",
        ),
        ("kaleidoscope", "does: Mirror),", "does: Mirorr),", "Mirorr"),
        (
            "infinity_mirror",
            "\"surfaces.front.reflectance\"",
            "\"surfaces.front.reflectivity\"",
            "is no number of this scene",
        ),
        (
            "infinity_mirror",
            "min: 0.5, max: 0.95",
            "min: 0.5, max: 1.5",
            "at 1.5 the scene is not valid",
        ),
    ];
    for (id, from, to, says) in cases {
        let (l, at) = broken_in(&pack, id, from, to);
        assert_located(&l, at, false, &[says]);
    }
}

#[test]
fn each_optics_exhibit_simulates_byte_identical_twice() {
    simulates_byte_identical_twice("exhibits-optics", &EXHIBITS, "5");
}

#[test]
fn caravan_new_writes_an_optics_starter_that_validates_simulates_and_verifies() {
    starter_validates_simulates_and_verifies("optics");
}

#[test]
fn each_string_of_the_harp_cuts_its_own_beam_only_and_sounds() {
    let s = scene("laser_harp");
    let notes = ["c", "d", "e", "g", "a"];
    let on = ControlValue::Bool(true);
    for (k, n) in notes.iter().enumerate() {
        let name = format!("string_{}", k + 1);
        for (j, m) in notes.iter().enumerate() {
            let light = read(
                "laser_harp",
                &[(name.as_str(), on.clone())],
                &format!("light_{m}"),
            );
            assert_eq!(
                light,
                Some(if j == k { 0.0 } else { 1.0 }),
                "{name}: light_{m}"
            );
        }
        // The moment the finger goes in, the screen's sound plays, once.
        let mut controls: BTreeMap<String, ControlValue> = s
            .controls()
            .into_iter()
            .map(|d| (d.name.clone(), d.default.clone()))
            .collect();
        let mut w = OpticsWorld::new(&s, &controls);
        controls.insert(name.clone(), on.clone());
        w.step(&controls);
        assert_eq!(w.events(), [format!("note_{n}")], "{name}");
        assert!(s.sound_events().contains(&format!("note_{n}")));
    }
}

#[test]
fn a_finger_on_a_beam_breaks_it_while_down_and_a_finger_on_the_hand_drags_it() {
    use caravan::descriptor::{Input, TouchPhase};
    use caravan::exhibits::ActiveExhibit;
    use caravan::sim::{Simulation, builtin_exhibit};
    let touch = |sim: &mut Simulation, phase: TouchPhase, at: [f64; 2]| {
        sim.push_input(Input::Touch {
            id: 3,
            phase,
            x: at[0],
            y: at[1],
        });
        sim.step();
    };
    let mut sim = Simulation::new(builtin_exhibit("laser_harp", &[]), Vec::new());
    sim.step();
    let string = |sim: &Simulation| sim.app.world().resource::<ActiveExhibit>().bool("string_2");
    // The second beam (x = −0.2 m), a finger 2 cm above where its finger piece sits.
    let beam = on_screen(&sim, [-0.2, 0.02]);
    touch(&mut sim, TouchPhase::Down, beam);
    touch(&mut sim, TouchPhase::Move, beam);
    assert!(string(&sim), "held on the beam");
    let row = sim.row();
    assert!(
        row.split(',').any(|c| c == "0.000"),
        "its screen dark: {row}"
    );
    touch(&mut sim, TouchPhase::Up, beam);
    assert!(!string(&sim), "let go, the string sounds again");
    // Between the beams: nothing.
    let between = on_screen(&sim, [-0.1, 0.02]);
    touch(&mut sim, TouchPhase::Down, between);
    assert!(!string(&sim));
    touch(&mut sim, TouchPhase::Up, between);

    // The hand before the concave mirror (at x = −0.35 m) dragged 0.2 m away: its dial follows.
    let mut sim = Simulation::new(builtin_exhibit("shake_hands", &[]), Vec::new());
    sim.step();
    let hand_x = |sim: &Simulation| sim.app.world().resource::<ActiveExhibit>().number("hand_x");
    let from = on_screen(&sim, [-0.35, 0.02]);
    let to = on_screen(&sim, [-0.55, 0.02]);
    touch(&mut sim, TouchPhase::Down, from);
    for _ in 0..5 {
        touch(&mut sim, TouchPhase::Move, to);
    }
    assert!((hand_x(&sim) + 0.55).abs() < 0.005, "{}", hand_x(&sim));
    touch(&mut sim, TouchPhase::Up, to);
}

#[test]
fn a_finger_drags_a_piece_of_glass_or_a_surface_that_a_dial_moves() {
    use caravan::descriptor::{Input, TouchPhase};
    use caravan::exhibits::ActiveExhibit;
    use caravan::model::optics::{ControlDoes, Numbers, OpticsControl};
    use caravan::sim::{Simulation, builtin_exhibit};
    // The prism and the wall given dials along x, as an author would.
    let mut ex = builtin_exhibit("prism_rainbow", &[]);
    let KindParams::Optics(p) = &mut ex.descriptor.kind else {
        unreachable!()
    };
    for (name, path) in [
        ("prism_x", "glass.prism.shift_m.x"),
        ("wall_x", "surfaces.wall.shift_m.x"),
    ] {
        p.controls.push(OpticsControl {
            name: name.into(),
            does: ControlDoes::Parameter(Numbers {
                paths: vec![path.into()],
                min: -0.3,
                max: 0.3,
                default: 0.0,
                scale: false,
            }),
        });
    }
    let ex = ActiveExhibit::new(ex.descriptor.clone(), ex.pack_dir.clone(), ex.held.clone());
    let mut sim = Simulation::new(ex, Vec::new());
    sim.step();
    let dial = |sim: &Simulation, n: &str| sim.app.world().resource::<ActiveExhibit>().number(n);
    for (name, from, to) in [
        // Inside the prism, away from its edges; then on the wall at x = 0.6 m.
        ("prism_x", [0.0, 0.06], [0.1, 0.06]),
        ("wall_x", [0.6, -0.3], [0.5, -0.3]),
    ] {
        let (a, b) = (on_screen(&sim, from), on_screen(&sim, to));
        for (phase, at) in [
            (TouchPhase::Down, a),
            (TouchPhase::Move, b),
            (TouchPhase::Move, b),
            (TouchPhase::Up, b),
        ] {
            sim.push_input(Input::Touch {
                id: 9,
                phase,
                x: at[0],
                y: at[1],
            });
            sim.step();
        }
        let want = to[0] - from[0];
        assert!(
            (dial(&sim, name) - want).abs() < 0.005,
            "{name}: {}",
            dial(&sim, name)
        );
    }
}
