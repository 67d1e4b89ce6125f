//! The `panorama` kind (VR体验): the tour pack, a visit driven headless (drag, flick, pinch,
//! tap, a door, the controls), `simulate` byte-identical, and the image on screen read back
//! pixel by pixel (the files it is refused for: `panorama_errors.rs`).

use crate::support::*;
use caravan::descriptor::{Input, TouchPhase};
use caravan::exhibits::panorama::PanoramaSim;
use caravan::model::panorama::{View, angles, tour::HIT_RADIUS};
use caravan::pack::load_pack;
use caravan::sim::Simulation;
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) fn tour_pack() -> PathBuf {
    repo().join("exhibits-tour")
}

#[test]
fn the_tour_pack_is_valid_and_listed() {
    let r = load_pack(&tour_pack());
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let pack = r.pack.expect("the pack loads");
    assert_eq!(pack.exhibits[0].kind.name(), "panorama");
    let o = caravan(&["list"]);
    assert!(stdout(&o).contains("vr_tour\tpanorama\t"), "{}", stdout(&o));
}

fn touch(sim: &mut Simulation, id: u64, phase: TouchPhase, at: [f64; 2]) {
    sim.push_input(Input::Touch {
        id,
        phase,
        x: at[0],
        y: at[1],
    });
}

fn tour(sim: &Simulation) -> &caravan::model::panorama::tour::Tour {
    &sim.app.world().resource::<PanoramaSim>().tour
}

fn steps(sim: &mut Simulation, n: usize) {
    for _ in 0..n {
        sim.step();
    }
}

#[test]
fn a_visit_drag_flick_pinch_tap_and_a_door_headless() {
    let mut sim = Simulation::builtin("vr_tour", &[]);
    steps(&mut sim, 2);
    let start = View::new(0.0, 0.0, 75.0);
    assert_eq!(tour(&sim).view, start);
    assert_eq!(sim.value("scene"), Some("pendulums"));
    // A drag from the middle to the right: what was in the middle is under the finger.
    let touched = start.ray([0.5, 0.5], 1.6);
    touch(&mut sim, 1, TouchPhase::Down, [0.5, 0.5]);
    steps(&mut sim, 1);
    for k in 1..=20 {
        touch(&mut sim, 1, TouchPhase::Move, [0.5 + 0.01 * k as f64, 0.5]);
        steps(&mut sim, 1);
    }
    let at = tour(&sim).view.project(touched, 1.6).unwrap();
    assert!((at[0] - 0.7).abs() < 1e-4, "{at:?}");
    let (yaw_want, _) = angles(start.ray([0.3, 0.5], 1.6));
    assert!(
        (sim.number("yaw_deg") - yaw_want).abs() < 0.01,
        "{} vs {yaw_want}",
        sim.number("yaw_deg")
    );
    // Let go while moving: it coasts on, the same way, and stops.
    touch(&mut sim, 1, TouchPhase::Up, [0.7, 0.5]);
    let lifted = sim.number("yaw_deg");
    steps(&mut sim, 120);
    let coasted = lifted - sim.number("yaw_deg");
    assert!(coasted > 2.0, "{coasted}");
    // Two fingers spreading to twice their distance: tan(fov/2) halves.
    touch(&mut sim, 2, TouchPhase::Down, [0.45, 0.5]);
    touch(&mut sim, 3, TouchPhase::Down, [0.55, 0.5]);
    steps(&mut sim, 2);
    touch(&mut sim, 2, TouchPhase::Move, [0.40, 0.5]);
    touch(&mut sim, 3, TouchPhase::Move, [0.60, 0.5]);
    steps(&mut sim, 2);
    let want = 2.0 * (37.5f64.to_radians().tan() / 2.0).atan().to_degrees();
    assert!(
        (sim.number("fov_deg") - want).abs() < 0.01,
        "{}",
        sim.number("fov_deg")
    );
    touch(&mut sim, 2, TouchPhase::Up, [0.40, 0.5]);
    touch(&mut sim, 3, TouchPhase::Up, [0.60, 0.5]);
    steps(&mut sim, 2);
    // The zoom dial shows the pinch's field of view.
    let zoom = &sim
        .app
        .world()
        .resource::<caravan::exhibits::ActiveExhibit>()
        .controls["zoom"];
    assert_eq!(zoom.to_string(), format!("{}", tour(&sim).view.fov_deg));
    // A tap on the "wave" hotspot opens its panel; the sound of the pair hotspot is cued.
    let p = match &sim
        .app
        .world()
        .resource::<caravan::exhibits::ActiveExhibit>()
        .descriptor
        .kind
    {
        caravan::descriptor::kinds::KindParams::Panorama(p) => p.clone(),
        _ => unreachable!(),
    };
    let wave = tour(&sim).hotspot_on_screen(&p, 0, 1.6).expect("in view");
    touch(&mut sim, 4, TouchPhase::Down, wave);
    touch(&mut sim, 4, TouchPhase::Up, wave);
    steps(&mut sim, 1);
    assert_eq!(tour(&sim).open, Some(0));
    // A tap beside it, past a finger's reach, closes it.
    let beside = [wave[0], wave[1] + 2.0 * HIT_RADIUS];
    touch(&mut sim, 5, TouchPhase::Down, beside);
    steps(&mut sim, 2);
    touch(&mut sim, 5, TouchPhase::Up, beside);
    steps(&mut sim, 1);
    assert_eq!(tour(&sim).open, None);
    // The door: turned to it with the held button, a tap fades to the race room, which
    // starts where its file says.
    let set = |sim: &mut Simulation, control: &str, value| {
        sim.push_input(Input::Set {
            control: control.into(),
            value,
        })
    };
    use caravan::kind_spec::ControlValue::{Bool, Choice, Number};
    set(&mut sim, "zoom", Number(75.0));
    set(&mut sim, "turn_right", Bool(true));
    for _ in 0..600 {
        sim.step();
        if sim.value("hotspot") == Some("to_race") {
            break;
        }
    }
    set(&mut sim, "turn_right", Bool(false));
    steps(&mut sim, 1);
    assert_eq!(sim.value("hotspot"), Some("to_race"));
    let door = tour(&sim)
        .hotspot_on_screen(&p, 3, 1.6)
        .expect("the door is in view");
    touch(&mut sim, 6, TouchPhase::Down, door);
    steps(&mut sim, 1);
    touch(&mut sim, 6, TouchPhase::Up, door);
    steps(&mut sim, 40);
    assert_eq!(sim.value("scene"), Some("race"));
    assert_eq!(tour(&sim).view, View::new(0.0, -20.0, 75.0));
    // The room menu (the `scene` control) goes back.
    set(&mut sim, "scene", Choice("pendulums".into()));
    steps(&mut sim, 40);
    assert_eq!(sim.value("scene"), Some("pendulums"));
}

#[test]
fn the_hotspot_under_the_view_centre_is_recorded() {
    // Turned past the door (yaw 21.3°, pitch 1.4°) by a held button.
    let mut sim = Simulation::builtin("vr_tour", &["controls.turn_right=true"]);
    let mut seen = Vec::new();
    for _ in 0..120 {
        sim.step();
        let h = sim.value("hotspot").unwrap().to_string();
        if seen.last() != Some(&h) {
            seen.push(h);
        }
    }
    assert!(seen.contains(&"to_race".to_string()), "{seen:?}");
    assert_eq!(seen[0], "-");
}

#[test]
fn simulate_of_a_scripted_visit_is_byte_identical_and_drives_every_gesture() {
    let dir = scratch("pano-script");
    let script = dir.join("visit.ron");
    std::fs::write(
        &script,
        "(events: [
    (t_s: 0.10, input: Touch(id: 1, phase: down, x: 0.5, y: 0.5)),
    (t_s: 0.20, input: Touch(id: 1, phase: move, x: 0.6, y: 0.45)),
    (t_s: 0.30, input: Touch(id: 1, phase: up, x: 0.6, y: 0.45)),
    (t_s: 1.50, input: Touch(id: 2, phase: down, x: 0.4, y: 0.5)),
    (t_s: 1.50, input: Touch(id: 3, phase: down, x: 0.6, y: 0.5)),
    (t_s: 1.70, input: Touch(id: 2, phase: move, x: 0.45, y: 0.5)),
    (t_s: 1.70, input: Touch(id: 3, phase: move, x: 0.55, y: 0.5)),
    (t_s: 1.80, input: Touch(id: 2, phase: up, x: 0.45, y: 0.5)),
    (t_s: 1.80, input: Touch(id: 3, phase: up, x: 0.55, y: 0.5)),
    (t_s: 2.00, input: Set(control: \"scene\", value: Choice(\"race\"))),
])
",
    )
    .unwrap();
    let run = |out: &str| {
        let out = dir.join(out);
        let o = caravan(&[
            "simulate",
            "vr_tour",
            "--ticks",
            "180",
            "--input",
            script.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out).unwrap()
    };
    let (a, b) = (run("a.csv"), run("b.csv"));
    assert_eq!(a, b);
    let rows: Vec<Vec<&str>> = a.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "tick",
            "t_s",
            "scene",
            "yaw_deg",
            "pitch_deg",
            "fov_deg",
            "hotspot"
        ]
    );
    let at = |tick: usize, col: usize| rows[tick][col].parse::<f64>().unwrap();
    assert!(at(20, 3) < -5.0, "dragged left: {}", rows[20][3]);
    assert!(at(20, 4) < 0.0, "and down: {}", rows[20][4]);
    assert!(at(110, 5) > 75.0, "pinched out: {}", rows[110][5]);
    assert_eq!(rows[180][2], "race");
}

/// A synthetic panorama whose colours say where each pixel looks: red and green the cosine
/// and sine of the yaw (continuous across the seam), blue the pitch.
fn compass_png(path: &Path, w: u32) {
    let h = w / 2;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let yaw = ((x as f64 + 0.5) / w as f64 * 360.0 - 180.0).to_radians();
        let pitch = 90.0 - (y as f64 + 0.5) / h as f64 * 180.0;
        let c = |v: f64| (v.clamp(0.0, 255.0)).round() as u8;
        image::Rgb([
            c(128.0 + 127.0 * yaw.cos()),
            c(128.0 + 127.0 * yaw.sin()),
            c((pitch + 90.0) / 180.0 * 255.0),
        ])
    });
    img.save(path).unwrap();
}

#[test]
fn the_image_shows_where_the_model_says_across_the_seam_and_at_the_pole() {
    if !has_xvfb() {
        return;
    }
    let dir = scratch("pano-compass");
    std::fs::create_dir_all(dir.join("images")).unwrap();
    compass_png(&dir.join("images/compass.png"), 2048);
    std::fs::write(
        dir.join("pack.ron"),
        "(name: {\"zh-CN\": \"罗盘\", \"en\": \"Compass\"}, version: \"1.0.0\", requires_runtime: \"0.1\", exhibits: [\"compass.exhibit.ron\"])",
    )
    .unwrap();
    // Two views: the seam (yaw 180°) in the middle of the screen, and looking up as far as
    // the pole allows (the top edge of the view at the zenith).
    for (name, yaw, pitch) in [("seam", 180.0, 10.0), ("pole", -60.0, 55.0)] {
        std::fs::write(
            dir.join("compass.exhibit.ron"),
            format!(
                "(id: \"compass\", kind: panorama(scenes: [(id: \"a\", image: \"images/compass.png\", yaw_deg: {yaw:?}, pitch_deg: {pitch:?}, fov_deg: 70.0)]),
                  title: {{\"zh-CN\": \"罗盘\", \"en\": \"Compass\"}}, blurb: {{\"zh-CN\": \"看\", \"en\": \"Look\"}})"
            ),
        )
        .unwrap();
        let png = dir.join(format!("{name}.png"));
        let o = Command::new("xvfb-run")
            .args([
                "-a",
                "-s",
                "-screen 0 800x500x24",
                env!("CARGO_BIN_EXE_caravan"),
                "screenshot",
                "compass",
                "--bare",
            ])
            .args([
                "--pack",
                dir.to_str().unwrap(),
                "--size",
                "800x500",
                "--ticks",
                "60",
                "--out",
                png.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        if no_vulkan(&o) {
            return;
        }
        assert!(o.status.success(), "{}", stderr(&o));
        let shot = image::open(&png).unwrap().to_rgb8();
        let view = View::new(yaw, pitch, 70.0);
        let mut worst: f64 = 0.0;
        for j in 0..=10 {
            for i in 0..=16 {
                let p = [
                    (i as f64 * 50.0 + 0.5).min(799.5) / 800.0,
                    (j as f64 * 50.0 + 0.5).min(499.5) / 500.0,
                ];
                let px = shot
                    .get_pixel((p[0] * 800.0) as u32, (p[1] * 500.0) as u32)
                    .0;
                let seen_pitch = px[2] as f64 / 255.0 * 180.0 - 90.0;
                let (want_yaw, want_pitch) = angles(view.ray(p, 1.6));
                assert!(
                    (seen_pitch - want_pitch).abs() < 1.5,
                    "{name} at {p:?}: pitch {seen_pitch} for {want_pitch}"
                );
                // The yaw means nothing right at the pole.
                if want_pitch.abs() < 80.0 {
                    let seen_yaw = (px[1] as f64 - 128.0)
                        .atan2(px[0] as f64 - 128.0)
                        .to_degrees();
                    let diff = (seen_yaw - want_yaw + 540.0).rem_euclid(360.0) - 180.0;
                    worst = worst.max(diff.abs());
                }
            }
        }
        assert!(worst < 3.0, "{name}: yaw off by {worst}°");
        // No seam line: down the middle column of the seam view every pixel has its neighbours' colours.
        if name == "seam" {
            for y in (0..500).step_by(5) {
                let a = shot.get_pixel(399, y).0;
                let b = shot.get_pixel(401, y).0;
                let d = (0..3)
                    .map(|k| (a[k] as i32 - b[k] as i32).abs())
                    .max()
                    .unwrap();
                assert!(d <= 6, "a seam at row {y}: {a:?} {b:?}");
            }
        }
    }
}

#[test]
fn a_reset_returns_to_the_first_scene_and_the_attract_script_turns_it_slowly() {
    let mut sim = Simulation::builtin("vr_tour", &[]);
    sim.push_input(Input::Set {
        control: "scene".into(),
        value: caravan::kind_spec::ControlValue::Choice("race".into()),
    });
    steps(&mut sim, 40);
    assert_eq!(sim.value("scene"), Some("race"));
    // What the idle countdown does at zero.
    caravan::exhibits::reset(sim.app.world_mut());
    steps(&mut sim, 1);
    assert_eq!(sim.value("scene"), Some("pendulums"));
    // The shipped attract script: a slow turn, 8°/s, by itself.
    let d = &sim
        .app
        .world()
        .resource::<caravan::exhibits::ActiveExhibit>()
        .descriptor;
    for e in d.attract.clone() {
        sim.push_input(e.input);
    }
    steps(&mut sim, 1);
    let before = sim.number("yaw_deg");
    steps(&mut sim, 60);
    assert!(
        (sim.number("yaw_deg") - before - 8.0).abs() < 0.05,
        "{}",
        sim.number("yaw_deg") - before
    );
}

#[test]
fn a_new_panorama_pack_validates_and_runs_as_written() {
    let dir = scratch("pano-new").join("my-tour");
    let p = dir.to_str().unwrap();
    let o = caravan(&["new", p, "--kind", "panorama"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("caravan simulate starter"),
        "{}",
        stdout(&o)
    );
    let o = caravan(&["validate", p]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = caravan(&[
        "simulate",
        "starter",
        "--pack",
        p,
        "--ticks",
        "60",
        "--set",
        "controls.turn_right=true",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap().to_string();
    assert!(last.starts_with("60,1.000000,hall,60.00,"), "{last}");
    // A photo of the wrong shape in place of the placeholder is refused where it is named.
    image::RgbImage::new(300, 300)
        .save_with_format(dir.join("images/hall.png"), image::ImageFormat::Png)
        .unwrap();
    let o = caravan(&["validate", p]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("starter.exhibit.ron:13:") && stdout(&o).contains("2:1"),
        "{}",
        stdout(&o)
    );
}
