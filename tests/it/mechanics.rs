//! The `mechanics` kind: the 力学 pack's physics against its closed forms, its lessons across
//! the controls' ranges, byte-identical runs, and an exhibit written from nothing with no Rust
//! (located errors for broken scenes: `mechanics_errors.rs`).

use crate::support::*;
use caravan::pack::load_pack;
use caravan::sim::Simulation;
use std::path::{Path, PathBuf};

pub(crate) fn mechanics_pack() -> PathBuf {
    repo().join("exhibits-mechanics")
}

#[test]
fn the_mechanics_pack_is_valid_and_every_expect_row_passes() {
    let r = load_pack(&mechanics_pack());
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let pack = r.pack.expect("the pack loads");
    assert!(pack.exhibits.len() >= 3);
    assert!(pack.exhibits.iter().all(|e| e.kind.name() == "mechanics"));
    let rows = caravan::ops::verify::pack_rows(&[mechanics_pack()]).expect("it loads");
    assert!(rows.len() >= 11, "{rows:?}");
    for r in &rows {
        assert!(r.ok, "{r:?}");
    }
    // The CLI prints the same rows and exits 0.
    let o = caravan(&["verify", "--pack", "exhibits-mechanics"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("brachistochrone: cycloid descent time"));
}

/// `ticks` rows of exhibit `id` with `sets`.
fn run(id: &str, sets: &[&str], ticks: u64) -> Vec<String> {
    let mut sim = Simulation::builtin(id, sets);
    let mut rows = vec![sim.header()];
    for _ in 0..ticks {
        sim.step();
        rows.push(sim.row());
    }
    rows
}

fn last(rows: &[String], column: &str) -> f64 {
    let i = rows[0].split(',').position(|c| c == column).expect(column);
    rows.last()
        .unwrap()
        .split(',')
        .nth(i)
        .unwrap()
        .parse()
        .unwrap_or(f64::NAN)
}

#[test]
fn each_mechanics_exhibit_runs_byte_identical_twice() {
    for id in ["brachistochrone", "double_cone", "pendulums"] {
        let a = run(id, &["controls.release=true"], 300);
        let b = run(id, &["controls.release=true"], 300);
        assert_eq!(a, b, "{id}");
        assert!(
            a.iter().all(|r| !r.contains("NaN") && !r.contains("inf")),
            "{id}"
        );
    }
}

#[test]
fn the_cycloid_wins_at_every_gravity_of_the_dial_and_times_scale_as_one_over_root_g() {
    let base = run("brachistochrone", &["controls.release=true"], 120);
    let t1 = last(&base, "t_cycloid_s");
    for g in [0.2, 0.5, 1.5, 2.5] {
        let set = format!("controls.gravity={g}");
        let rows = run(
            "brachistochrone",
            &["controls.release=true", &set],
            (120.0 / f64::sqrt(g)) as u64 + 30,
        );
        let (c, d, r) = (
            last(&rows, "t_cycloid_s"),
            last(&rows, "t_dip_s"),
            last(&rows, "t_ramp_s"),
        );
        assert!(c < d && d < r, "g×{g}: cycloid {c} dip {d} ramp {r}");
        // Every time is √(1/g) × the same path integral.
        let want = t1 / g.sqrt();
        assert!((c - want).abs() / want < 0.01, "g×{g}: {c} against {want}");
    }
}

#[test]
fn pendulum_periods_follow_the_length_dial_as_its_square_root() {
    let base = run("pendulums", &["controls.release=true"], 480);
    let t1 = last(&base, "period_longest_s");
    for s in [0.5, 1.5] {
        let set = format!("controls.length={s}");
        let rows = run("pendulums", &["controls.release=true", &set], 480);
        let t = last(&rows, "period_longest_s");
        let want = t1 * f64::sqrt(s);
        assert!((t - want).abs() / want < 0.005, "×{s}: {t} against {want}");
        // The pair beside the wave is not on the dial.
        assert!((last(&rows, "period_small_s") - last(&base, "period_small_s")).abs() < 1e-3);
    }
}

/// A mass on a spring: no exhibit like it ships, and no Rust knows it.
const SPRING: &str = r##"(
    id: "spring",
    kind: mechanics(
        bodies: [
            (id: "weight", shape: Sphere(radius_m: 0.02), mass_kg: Some(0.05), position_m: (0.0, 0.25, 0.0),
             material: (color: "#e05050")),
        ],
        forces: [
            Spring(id: "coil", a: "world", b: "weight", anchor_a_m: (0.0, 0.6, 0.0),
                   rest_length_m: 0.2, stiffness_n_m: 8.0),
        ],
        probes: [
            (name: "period_s", of: Period(body: "weight", axis: y), unit: "s",
             gauge: Some({ "zh-CN": "周期", "en": "Period" })),
            (name: "y_m", of: Height("weight"), unit: "m"),
        ],
        expect: [
            Near(check: "mass on a spring", of: Value("period_s"), value: 0.49673, tolerance_pct: 0.5,
                 source: "T = 2π√(m/k), m = 0.05 kg, k = 8 N/m (Hooke; gravity only moves the centre)"),
        ],
        verify: (seconds: 4.0),
    ),
    title: { "zh-CN": "弹簧振子", "en": "Spring" },
    blurb: { "zh-CN": "上下振动的重物。", "en": "A weight bouncing on a spring." },
    scene: (camera: (position: (0.0, 0.35, 1.0), look_at: (0.0, 0.35, 0.0), fov_deg: 45.0)),
)
"##;

#[test]
fn an_author_writes_a_new_scene_and_every_tool_takes_it_with_no_rust() {
    let base = scratch("mech-author");
    let pack = base.join("my-pack");
    let p = pack.to_str().unwrap();
    let o = caravan(&["new", p]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Again on the same folder: refused, nothing overwritten.
    let o = caravan(&["new", p]);
    assert_eq!(o.status.code(), Some(1));
    // The starter as written validates, simulates and verifies.
    let o = caravan(&["validate", p]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // A new scene of the author's own, added to the pack.
    std::fs::write(pack.join("spring.exhibit.ron"), SPRING).unwrap();
    let manifest = std::fs::read_to_string(pack.join("pack.ron")).unwrap();
    std::fs::write(
        pack.join("pack.ron"),
        manifest.replace(
            "\"starter.exhibit.ron\",",
            "\"starter.exhibit.ron\",\n        \"spring.exhibit.ron\",",
        ),
    )
    .unwrap();
    let o = caravan(&["validate", p]);
    assert!(
        stdout(&o).contains("ok spring"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = caravan(&["simulate", "spring", "--pack", p, "--ticks", "240"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(csv.starts_with("tick,t_s,period_s,y_m\n"), "{csv}");
    let o = caravan(&["verify", "--pack", p]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("spring: mass on a spring"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("starter: time down the ramp"),
        "{}",
        stdout(&o)
    );
    headless_kiosk_shows(&pack, "spring");
}

fn headless_kiosk_shows(pack: &Path, id: &str) {
    use caravan::exhibits::{ActiveExhibit, Telemetry};
    use caravan::kiosk::{self, Mode, RunArgs};
    let mut app = kiosk::build(
        RunArgs {
            packs: vec![pack.to_path_buf()],
            exhibit: Some(id.into()),
            windowed: true,
            ..Default::default()
        },
        Mode::Headless,
    )
    .expect("the kiosk builds");
    assert!(kiosk::ready(&mut app, 0.25), "the font loads");
    for _ in 0..12 {
        app.update();
    }
    let active = app.world().resource::<ActiveExhibit>();
    assert_eq!(active.descriptor.id, id);
    assert!(active.tick > 100, "{}", active.tick);
    let t = app.world().resource::<Telemetry>();
    assert_eq!(t.names, ["period_s", "y_m"]);
    assert_ne!(t.values[0], "-", "a period was measured on the kiosk too");
}

#[test]
fn a_ball_crossing_a_finish_zone_cues_its_sound_once() {
    let mut sim = Simulation::builtin("brachistochrone", &["controls.release=true"]);
    let mut seen = Vec::new();
    for _ in 0..90 {
        sim.step();
        let cues = &mut sim
            .app
            .world_mut()
            .resource_mut::<caravan::exhibits::SoundCues>();
        seen.extend(std::mem::take(&mut cues.hits));
    }
    // The release, then each ball at its finish, cycloid first.
    assert_eq!(
        seen,
        ["release", "finish_cycloid", "finish_dip", "finish_ramp"],
        "{seen:?}"
    );
}

/// Every control a scene can offer, and the joints and forces no shipped exhibit uses, each
/// against what Newton says it must do.
const WORKSHOP: &str = r##"(
    id: "workshop",
    kind: mechanics(
        // No gravity, and each body in its own lane (z) so that none meets another.
        gravity_m_s2: (0.0, 0.0, 0.0),
        bodies: [
            (id: "wheel", shape: Cylinder(radius_m: 0.05, height_m: 0.02), position_m: (0.0, 1.0, 0.0)),
            (id: "puck", shape: Sphere(radius_m: 0.02), mass_kg: Some(0.5), position_m: (1.0, 1.0, 0.3)),
            (id: "pushed", shape: Sphere(radius_m: 0.02), mass_kg: Some(2.0), position_m: (2.0, 1.0, 0.6)),
            (id: "slider", shape: Box(size_m: (0.04, 0.04, 0.04)), mass_kg: Some(1.0), position_m: (3.0, 1.0, 0.9),
             velocity_m_s: (0.3, 0.4, 0.0)),
            (id: "tethered", shape: Sphere(radius_m: 0.02), mass_kg: Some(1.0), position_m: (4.0, 1.0, 1.2),
             velocity_m_s: (1.0, 0.0, 0.0)),
            (id: "red", shape: Sphere(radius_m: 0.02), position_m: (5.0, 1.0, 1.5)),
            (id: "blue", shape: Sphere(radius_m: 0.02), position_m: (5.2, 1.0, 1.5)),
        ],
        joints: [
            (id: "axle", kind: Hinge(axis: (0.0, 1.0, 0.0), motor: (speed_rad_s: 0.0, max_torque_n_m: 50.0)),
             b: "wheel", anchor_a_m: (0.0, 1.0, 0.0)),
            (id: "rail", kind: Slider(axis: (1.0, 0.0, 0.0)), b: "slider", anchor_a_m: (3.0, 1.0, 0.9)),
            (id: "rope", kind: Rope(length_m: 0.3), b: "tethered", anchor_a_m: (4.0, 1.0, 1.2)),
        ],
        forces: [
            Constant(id: "push", body: "pushed", force_n: (4.0, 0.0, 0.0)),
            Drag(id: "air", body: "puck", coefficient_n_s_m: 0.0),
        ],
        controls: [
            (name: "spin", does: Motor(joint: "axle", max_speed_rad_s: 10.0)),
            (name: "kick", does: Impulse(body: "puck", impulse_n_s: (1.5, 0.0, 0.0))),
            (name: "thrust", does: Force(force: "push")),
            (name: "colour", does: Variant(options: [(name: "red", bodies: ["red"]), (name: "blue", bodies: ["blue"])])),
            (name: "again", does: Reset),
        ],
        probes: [
            (name: "wheel_deg", of: Angle(body: "wheel", axis: y)),
            (name: "puck_speed", of: Speed("puck")),
            (name: "pushed_speed", of: Speed("pushed")),
            (name: "slider_y", of: Position(body: "slider", axis: y)),
            (name: "slider_x", of: Position(body: "slider", axis: x)),
            (name: "tether_x", of: Position(body: "tethered", axis: x)),
            (name: "red_x", of: Position(body: "red", axis: x)),
            (name: "blue_x", of: Position(body: "blue", axis: x)),
            (name: "puck_ke", of: Kinetic("puck")),
        ],
    ),
    title: { "zh-CN": "工作台", "en": "Workshop" },
    blurb: { "zh-CN": "工作台", "en": "Workshop" },
)
"##;

#[test]
fn every_control_joint_and_force_does_what_newton_says() {
    use caravan::descriptor::kinds::{ControlValue, KindParams};
    use caravan::model::mechanics::world::MechanicsWorld;
    use std::collections::BTreeMap;
    let parsed =
        caravan::descriptor::parse_exhibit_str(Path::new("workshop.exhibit.ron"), WORKSHOP)
            .expect("it parses");
    let d = parsed.descriptor;
    assert!(
        d.check(&|_, _| Ok(())).items.is_empty(),
        "{:?}",
        d.check(&|_, _| Ok(())).items
    );
    let KindParams::Mechanics(scene) = &d.kind else {
        panic!("a mechanics scene")
    };
    let mut controls: BTreeMap<String, ControlValue> = d.initial_controls();
    let mut w = MechanicsWorld::new(scene, &controls);
    let probe = |w: &MechanicsWorld, name: &str| {
        let i = scene.probes.iter().position(|p| p.name == name).unwrap();
        w.probe_values()[i]
    };
    let run = |w: &mut MechanicsWorld, c: &BTreeMap<String, ControlValue>, ticks: usize| {
        for _ in 0..ticks {
            w.step(c, None);
        }
    };
    run(&mut w, &controls, 6);
    // The variant's first option is in place, the other is not there at all.
    assert!(probe(&w, "red_x").is_some() && probe(&w, "blue_x").is_none());
    // Motor: 3 rad/s for 1 s turns the wheel 3 rad (172°), whatever its inertia.
    controls.insert("spin".into(), ControlValue::Number(3.0));
    let a0 = probe(&w, "wheel_deg").unwrap();
    run(&mut w, &controls, 60);
    let turned = (probe(&w, "wheel_deg").unwrap() - a0).to_radians();
    assert!((turned - 3.0).abs() < 0.1, "{turned} rad");
    // Impulse: 1.5 N·s on 0.5 kg is 3 m/s, ½mv² = 2.25 J.
    controls.insert("kick".into(), ControlValue::Bool(true));
    run(&mut w, &controls, 2);
    let v = probe(&w, "puck_speed").unwrap();
    assert!((v - 3.0).abs() < 0.01, "{v}");
    assert!((probe(&w, "puck_ke").unwrap() - 2.25).abs() < 0.01);
    // A constant 4 N on 2 kg: 2 m/s² once switched on.
    let v0 = probe(&w, "pushed_speed").unwrap();
    assert!(v0 < 1e-6, "{v0}");
    controls.insert("thrust".into(), ControlValue::Bool(true));
    run(&mut w, &controls, 60);
    let v1 = probe(&w, "pushed_speed").unwrap();
    assert!((v1 - 2.0).abs() < 0.05, "{v1}");
    // The slider moved along x only; the rope held its ball within 0.3 m of the anchor.
    assert!((probe(&w, "slider_y").unwrap() - 1.0).abs() < 1e-3);
    assert!(probe(&w, "slider_x").unwrap() > 3.1);
    let tx = probe(&w, "tether_x").unwrap();
    assert!((tx - 4.0).abs() <= 0.3 + 0.005, "{tx}");
    // The other variant: red gone, blue there; the scene restarted for it.
    controls.insert("colour".into(), ControlValue::Choice("blue".into()));
    run(&mut w, &controls, 1);
    assert!(probe(&w, "red_x").is_none() && probe(&w, "blue_x").is_some());
    // Reset: the scene starts again (the kicked puck is back at rest; thrust still on).
    run(&mut w, &controls, 30);
    controls.insert("again".into(), ControlValue::Bool(true));
    let builds = w.builds;
    run(&mut w, &controls, 1);
    assert_eq!(w.builds, builds + 1);
    assert!(probe(&w, "puck_speed").unwrap() < 1e-6);
}
