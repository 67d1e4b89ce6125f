//! A visit's gestures, doors and controls, tick by tick, against the view's own math.

use super::*;
use crate::model::panorama::spec::{Hotspot, PanoramaScene};
use crate::model::panorama::{FOV_MIN_DEG, angle_between};

const ASPECT: f64 = 1.6;
const DT: f64 = 1.0 / 60.0;

fn spot(id: &str, yaw: f64, pitch: f64, goto: Option<&str>) -> Hotspot {
    Hotspot {
        id: id.into(),
        yaw_deg: yaw,
        pitch_deg: pitch,
        icon: None,
        title: [("zh-CN".into(), "点".into()), ("en".into(), "Spot".into())].into(),
        text: Default::default(),
        picture: None,
        sound: None,
        goto: goto.map(str::to_string),
    }
}

fn scene(id: &str, yaw: f64, hotspots: Vec<Hotspot>) -> PanoramaScene {
    PanoramaScene {
        id: id.into(),
        image: format!("{id}.jpg"),
        yaw_deg: yaw,
        pitch_deg: 0.0,
        fov_deg: 70.0,
        hotspots,
    }
}

fn params() -> PanoramaParams {
    PanoramaParams {
        scenes: vec![
            scene(
                "hall",
                0.0,
                vec![
                    spot("info", 20.0, 5.0, None),
                    spot("door", -30.0, 0.0, Some("lab")),
                ],
            ),
            scene("lab", 90.0, vec![spot("back", 100.0, 0.0, Some("hall"))]),
        ],
    }
}

/// Runs `ticks` ticks with these fingers down (and those lifted on the first).
fn run(
    t: &mut Tour,
    p: &PanoramaParams,
    down: &[(u64, [f64; 2])],
    lifted: &[(u64, [f64; 2])],
    ticks: usize,
) {
    let controls = BTreeMap::new();
    for k in 0..ticks {
        let f = Fingers {
            down,
            lifted: if k == 0 { lifted } else { &[] },
            aspect: ASPECT,
        };
        t.step(p, &controls, &f, DT);
    }
}

fn tap_at(t: &mut Tour, p: &PanoramaParams, at: [f64; 2]) {
    run(t, p, &[(1, at)], &[], 3);
    run(t, p, &[], &[(1, at)], 1);
}

#[test]
fn a_drag_turns_the_scene_with_the_finger_and_a_flick_keeps_it_turning() {
    let p = params();
    let mut t = Tour::new(&p);
    let touched = t.view.ray([0.5, 0.5], ASPECT);
    for k in 0..=30 {
        let x = 0.5 + 0.01 * k as f64;
        run(&mut t, &p, &[(1, [x, 0.5])], &[], 1);
        let at = t.view.project(touched, ASPECT).unwrap();
        assert!(
            (at[0] - x).abs() < 1e-4 && (at[1] - 0.5).abs() < 1e-4,
            "{at:?} at {x}"
        );
    }
    // Dragged right: the view turned left.
    assert!(t.view.yaw_deg < -10.0, "{}", t.view.yaw_deg);
    let yaw_at_lift = t.view.yaw_deg;
    run(&mut t, &p, &[], &[(1, [0.8, 0.5])], 1);
    run(&mut t, &p, &[], &[], 60);
    let coasted = yaw_at_lift - t.view.yaw_deg;
    assert!(coasted > 3.0, "the flick coasted {coasted}°");
    // It slows to a stop: all it has left after 1 s is e⁻² of what it coasted.
    let still = t.view.yaw_deg;
    run(&mut t, &p, &[], &[], 300);
    assert!((t.view.yaw_deg - still).abs() < coasted * 0.2);
    let now = t.view.yaw_deg;
    run(&mut t, &p, &[], &[], 60);
    assert_eq!(t.view.yaw_deg, now);
}

#[test]
fn a_pinch_zooms_and_the_zoom_control_follows() {
    let p = params();
    let mut t = Tour::new(&p);
    run(&mut t, &p, &[(1, [0.45, 0.5]), (2, [0.55, 0.5])], &[], 2);
    run(&mut t, &p, &[(1, [0.425, 0.5]), (2, [0.575, 0.5])], &[], 2);
    // 1.5 times the spread: tan(fov/2) two thirds.
    let want = 2.0 * ((35f64.to_radians().tan()) / 1.5).atan().to_degrees();
    assert!((t.view.fov_deg - want).abs() < 1e-6, "{}", t.view.fov_deg);
    assert_eq!(t.controls_out()[0].1, ControlValue::Number(t.view.fov_deg));
    // A pinch is no tap: lifting opens nothing.
    run(&mut t, &p, &[], &[(1, [0.425, 0.5]), (2, [0.575, 0.5])], 1);
    assert_eq!(t.open, None);
    // The dial (or a script) moves the zoom back.
    let mut controls = BTreeMap::new();
    controls.insert("zoom".to_string(), ControlValue::Number(90.0));
    let f = Fingers {
        down: &[],
        lifted: &[],
        aspect: ASPECT,
    };
    t.step(&p, &controls, &f, DT);
    assert_eq!(t.view.fov_deg, 90.0);
}

#[test]
fn a_tap_on_a_hotspot_opens_its_panel_at_any_zoom_and_a_tap_elsewhere_closes_it() {
    let p = params();
    for fov in [FOV_MIN_DEG, 70.0, 100.0] {
        let mut t = Tour::new(&p);
        t.view.fov_deg = fov;
        t.applied_zoom = fov;
        let at = t.hotspot_on_screen(&p, 0, ASPECT).expect("in view");
        // A finger's width off the badge still hits; twice the hit radius does not.
        tap_at(&mut t, &p, [at[0] + 0.04 / ASPECT, at[1]]);
        assert_eq!(t.open, Some(0), "at {fov}°");
        assert!(t.events.contains(&"open".to_string()));
        tap_at(&mut t, &p, [at[0], at[1] + 2.0 * HIT_RADIUS]);
        assert_eq!(t.open, None, "at {fov}°");
    }
}

#[test]
fn a_tap_quicker_than_a_tick_counts() {
    let p = params();
    let mut t = Tour::new(&p);
    let at = t.hotspot_on_screen(&p, 0, ASPECT).unwrap();
    run(&mut t, &p, &[], &[(7, at)], 1);
    assert_eq!(t.open, Some(0));
}

#[test]
fn a_door_fades_to_its_scene_which_starts_as_its_file_says() {
    let p = params();
    let mut t = Tour::new(&p);
    let at = t
        .hotspot_on_screen(&p, 1, ASPECT)
        .expect("the door is in view");
    tap_at(&mut t, &p, at);
    assert!(t.events.contains(&"goto".to_string()));
    let mut darkest: f64 = 0.0;
    for _ in 0..((FADE_S / DT) as usize + 2) {
        run(&mut t, &p, &[], &[], 1);
        darkest = darkest.max(t.veil());
    }
    assert!(darkest > 0.9, "{darkest}");
    assert_eq!(t.veil(), 0.0);
    assert_eq!(t.scene, 1);
    assert_eq!(t.view, View::new(90.0, 0.0, 70.0));
    assert_eq!(t.controls_out()[1].1, ControlValue::Choice("lab".into()));
    assert!(angle_between(t.view.forward(), direction(100.0, 0.0)) < 11.0);
    // The `scene` control takes the visitor back (a menu, a script, `--set`).
    let mut controls = BTreeMap::new();
    controls.insert("scene".to_string(), ControlValue::Choice("hall".into()));
    let f = Fingers {
        down: &[],
        lifted: &[],
        aspect: ASPECT,
    };
    for _ in 0..40 {
        t.step(&p, &controls, &f, DT);
    }
    assert_eq!(t.scene, 0);
}

#[test]
fn held_buttons_turn_and_look_up_within_the_poles() {
    let p = params();
    let mut t = Tour::new(&p);
    let mut controls = BTreeMap::new();
    controls.insert("turn_right".to_string(), ControlValue::Bool(true));
    controls.insert("look_up".to_string(), ControlValue::Bool(true));
    let f = Fingers {
        down: &[],
        lifted: &[],
        aspect: ASPECT,
    };
    for _ in 0..60 {
        t.step(&p, &controls, &f, DT);
    }
    assert!(
        (t.view.yaw_deg - TURN_DEG_S).abs() < 1e-6,
        "{}",
        t.view.yaw_deg
    );
    assert!(
        (t.view.pitch_deg - (90.0 - 35.0)).abs() < 1e-9,
        "{}",
        t.view.pitch_deg
    );
}
