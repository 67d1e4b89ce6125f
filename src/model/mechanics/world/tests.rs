use super::*;
use crate::model::mechanics::*;
use crate::model::{G, norm, sub};

/// A 1 cm steel ball on `curve`'s channel: at `at`, or resting on its start.
fn ball_on(curve: Curve, at: Option<[f64; 3]>) -> MechanicsWorld {
    let mut s = MechanicsParams::default();
    s.bodies[0] = BodySpec::new(
        "track",
        BodyShape::Track {
            curve,
            profile: Profile::Channel {
                width_m: 0.03,
                wall_m: 0.012,
            },
        },
        Motion::Fixed,
        [0.0; 3],
    );
    s.bodies[1] = BodySpec::new(
        "ball",
        BodyShape::Sphere { radius_m: 0.01 },
        Motion::Dynamic,
        [0.0; 3],
    );
    match at {
        Some(p) => s.bodies[1].position_m = p,
        None => s.bodies[1].on_track = Some("track".into()),
    }
    s.bodies[1].density_kg_m3 = 7800.0;
    s.probes = vec![ProbeSpec {
        name: "e".into(),
        of: Probe::Energy("ball".into()),
        gauge: None,
        unit: String::new(),
        decimals: 6,
    }];
    MechanicsWorld::new(&s, &BTreeMap::new())
}

fn ball(w: &MechanicsWorld) -> &RigidBody {
    &w.world.bodies[w.bodies[1].as_ref().unwrap().handle]
}

#[test]
fn a_ball_rolls_down_a_straight_channel_at_five_sevenths_of_g_sin_alpha() {
    // 20°: rolling needs μ ≥ (2/7)·tan 20° = 0.10, and it has 0.5.
    let a = 20f64.to_radians();
    let mut w = ball_on(
        Curve::Line {
            from_m: [0.0, 0.0, 0.0],
            to_m: [1.0 * a.cos(), -a.sin(), 0.0],
        },
        None,
    );
    let none = BTreeMap::new();
    for _ in 0..10 {
        w.step(&none, None);
    }
    let (v0, t0, p0) = (
        ball(&w).linvel().length() as f64,
        w.seconds(),
        w.poses()[1].1,
    );
    for _ in 0..30 {
        w.step(&none, None);
    }
    let acc = (ball(&w).linvel().length() as f64 - v0) / (w.seconds() - t0);
    // A solid ball rolling without slipping: a = g·sin α / (1 + 2/5).
    let want = G * a.sin() * 5.0 / 7.0;
    assert!((acc - want).abs() / want < 0.01, "{acc} against {want}");
    // Rolling, not sliding: v = ω·r.
    let (v, wr) = (
        ball(&w).linvel().length(),
        ball(&w).angvel().length() * 0.01,
    );
    assert!((v - wr).abs() / v < 0.01, "v {v}, ωr {wr}");
    assert!(norm(sub(w.poses()[1].1, p0)) > 0.1);
}

#[test]
fn a_ball_rolling_in_an_arc_channel_keeps_its_energy_over_the_tracks_tolerance() {
    // From 20° up a 0.3 m arc (rolling all the way: μ ≥ (2/7)·tan 20°), two full swings;
    // its centre 0.1 mm off the surface.
    let a = 250f64.to_radians();
    let r = 0.3 - 0.0101;
    let mut w = ball_on(
        Curve::Arc {
            center_m: [0.0, 0.3, 0.0],
            radius_m: 0.3,
            from_deg: 220.0,
            to_deg: 320.0,
        },
        Some([r * a.cos(), 0.3 + r * a.sin(), 0.0]),
    );
    let none = BTreeMap::new();
    let energy = |w: &MechanicsWorld| w.probe_values()[0].unwrap();
    w.step(&none, None);
    let e0 = energy(&w);
    let mut lowest = e0;
    // The period of a ball rolling in a bowl: 2π√(7(R − r)/(5g)) = 1.28 s.
    for _ in 0..150 {
        w.step(&none, None);
        lowest = lowest.min(energy(&w));
        assert!(energy(&w) <= e0 * 1.002, "no energy from nowhere");
    }
    assert!(
        (e0 - lowest) / e0 < 0.01,
        "lost {} %",
        (e0 - lowest) / e0 * 100.0
    );
}
