//! 伯努利量杯 headless: rest, the hop over the whole dial, the ball put back, no tunnelling.

use caravan::sim::Simulation;
use caravan::sim::builtin_exhibit as builtin;

#[test]
fn with_no_air_the_ball_comes_to_rest_in_its_cup() {
    let mut sim = Simulation::new(builtin("bernoulli_cups", &[]), Vec::new());
    // Dropped from 3 cm above its resting place.
    {
        let world = sim.app.world_mut();
        let ball = world
            .resource::<caravan::exhibits::bernoulli_cups::CupsSim>()
            .ball;
        world
            .get_mut::<bevy::prelude::Transform>(ball)
            .unwrap()
            .translation
            .y += 0.03;
    }
    for _ in 0..600 {
        sim.step();
    }
    assert_eq!(sim.value("ball_cup"), Some("0"));
    assert!(
        sim.number("ball_vy_m_s").abs() < 1e-3,
        "{}",
        sim.number("ball_vy_m_s")
    );
    assert!(
        (sim.number("ball_y_m") - 0.023).abs() < 1e-3,
        "{}",
        sim.number("ball_y_m")
    );
}

#[test]
fn the_hop_holds_over_the_whole_dial_for_other_balls_suctions_and_jets() {
    use caravan::ops::hop_sweep::{MASSES_KG, NOZZLES_M, Regime, SUCTIONS, at_account, sweep};
    let (runs, problems) = sweep(None);
    // Each run in its regime, none behind the nozzle, no hop short of the cup-by-cup account.
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // And the account is where most hops land, not a floor far below them.
    let (at, hops) = at_account(&runs);
    assert!(
        2 * at > hops,
        "{at} of {hops} hops landed at the account's cup"
    );
    // Every cell of the grid has all three regimes, up to the dial's maximum.
    let cells = NOZZLES_M.len() * MASSES_KG.len() * SUCTIONS.len();
    for regime in [Regime::Stays, Regime::Lifts, Regime::Hops] {
        let n = runs.iter().filter(|r| r.regime == regime).count();
        assert!(n >= cells, "{regime:?}: {n} runs");
    }
    let at_max = runs.iter().filter(|r| r.speed == 30.0).count();
    assert_eq!(at_max, cells);
    // At the dial's maximum the ball always leaves the first cup for good and gets past cup 1.
    for r in runs.iter().filter(|r| r.speed == 30.0) {
        assert!(r.furthest >= 2, "{r:?}");
    }
}

#[test]
fn the_ball_comes_back_to_the_first_cup_once_the_air_stops() {
    // Blow it along the row, stop, and it is back in cup 0 a little after `RETURN_AFTER_S`.
    let mut sim = Simulation::new(
        builtin("bernoulli_cups", &["controls.air_speed_m_s=20"]),
        Vec::new(),
    );
    sim.push_input(caravan::descriptor::Input::Set {
        control: "blow".into(),
        value: caravan::descriptor::kinds::ControlValue::Bool(true),
    });
    let mut furthest = 0.0f64;
    for _ in 0..180 {
        sim.step();
        furthest = furthest.max(sim.number("ball_x_m"));
    }
    assert!(furthest > 0.1, "the jet carried it {furthest} m");
    sim.push_input(caravan::descriptor::Input::Set {
        control: "blow".into(),
        value: caravan::descriptor::kinds::ControlValue::Bool(false),
    });
    let mut back_at = None;
    for t in 0..600 {
        sim.step();
        if back_at.is_none() && sim.value("ball_cup") == Some("0") {
            back_at = Some(t);
        }
    }
    let back_s = back_at.expect("never back in cup 0") as f64 / 60.0;
    let wait = caravan::exhibits::bernoulli_cups::RETURN_AFTER_S;
    assert!(
        back_s >= wait && back_s < wait + 5.0,
        "back after {back_s} s"
    );
    assert_eq!(sim.value("ball_cup"), Some("0"));
}

#[test]
fn no_nan_and_no_tunnelling_at_the_strongest_jet_and_smallest_ball() {
    for aim in ["mouth", "side"] {
        let ex = builtin(
            "bernoulli_cups",
            &[
                "ball.radius_m=0.01",
                "ball.mass_kg=0.0005",
                "controls.blow=true",
                "controls.air_speed_m_s=30",
                &format!("controls.aim={aim}"),
            ],
        );
        let model = caravan::model::bernoulli::CupsModel::new(match &ex.descriptor.kind {
            caravan::descriptor::kinds::KindParams::BernoulliCups(p) => p.clone(),
            _ => unreachable!(),
        });
        let mut sim = Simulation::new(ex, Vec::new());
        let (r_in, wall, r) = (
            model.p.cups.inner_radius_m,
            model.p.cups.wall_m,
            model.p.ball.radius_m,
        );
        for _ in 0..1200 {
            sim.step();
            let (x, y, z) = (
                sim.number("ball_x_m"),
                sim.number("ball_y_m"),
                sim.number("ball_z_m"),
            );
            assert!(x.is_finite() && y.is_finite() && z.is_finite());
            // Over the table, its catch tray and the cups' floors, it never sinks in.
            use caravan::exhibits::bernoulli_cups::{TABLE_HALF_DEPTH_M, TABLE_MARGIN_M};
            let last = model.cup_x(model.p.cups.count as usize - 1);
            let m = TABLE_MARGIN_M as f64 - r;
            if x > -m && x < last + m && z.abs() < TABLE_HALF_DEPTH_M as f64 - r {
                let floor = model.floor_y([x, y, z]);
                assert!(
                    y > floor + r - 0.002,
                    "tick {}: into the floor ({floor} m) at {x}, {y}",
                    sim.ticks()
                );
            }
            // Never inside a cup wall: below the rim the centre is either inside a cup (with room
            // for the ball) or outside its wall.
            if y < model.rim_y() - r {
                for i in 0..model.p.cups.count as usize {
                    let d = ((x - model.cup_x(i)).powi(2) + z * z).sqrt();
                    let tol = 0.0015;
                    assert!(
                        d <= r_in - r + tol || d >= r_in + wall + r - tol,
                        "tick {}: ball at {d} from cup {i}",
                        sim.ticks()
                    );
                }
            }
        }
    }
}
