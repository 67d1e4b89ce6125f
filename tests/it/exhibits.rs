//! The exhibits headless: the fixed tick, the physics report, stability at the limits.

use crate::support::*;
use caravan::exhibits::ActiveExhibit;
use caravan::pack::Catalogue;
use caravan::sim::{Simulation, headless_app};

use caravan::sim::builtin_exhibit as builtin;

#[test]
fn one_update_is_one_tick_of_a_sixtieth_of_a_second() {
    let mut app = headless_app();
    let fixed = |app: &bevy::app::App| {
        app.world()
            .resource::<bevy::time::Time<bevy::time::Fixed>>()
            .elapsed_secs_f64()
    };
    let t0 = fixed(&app);
    app.update();
    let dt = fixed(&app) - t0;
    assert!((dt - 1.0 / 60.0).abs() < 1e-9, "{dt}");
}

#[test]
fn headless_app_runs_600_ticks_of_each_exhibit_and_exits_cleanly() {
    let c = Catalogue::load(&[builtin_pack()]);
    for d in c.exhibits() {
        // Driven by its own attract script, as the kiosk's attract loop does.
        let ex = builtin(&d.id, &[]);
        let mut sim = Simulation::new(ex, d.attract.clone());
        for _ in 0..600 {
            sim.step();
        }
        assert_eq!(sim.ticks(), 600);
        assert!(sim.row().starts_with("600,10.000000,"));
        sim.app
            .world_mut()
            .write_message(bevy::app::AppExit::Success);
        sim.app.update();
        assert_eq!(sim.app.should_exit(), Some(bevy::app::AppExit::Success));
    }
}

#[test]
fn verify_exits_0_and_prints_a_row_per_case() {
    let o = caravan(&["verify", "--quick"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().starts_with("case"));
    assert!(out.lines().skip(1).all(|l| l.ends_with(" ok")), "{out}");
    for case in ["cylinder 2D-1", "cylinder 2D-2", "airflow lesson"] {
        assert!(out.contains(case), "{out}");
    }
    assert!(out.lines().count() > 30, "{out}");
}

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

#[test]
fn the_glide_keeps_the_rings_ratios() {
    // During a spin-down every ring's pitch falls together, ratios kept.
    let mut sims: Vec<Simulation> = (0..8)
        .map(|ring| {
            Simulation::new(
                builtin(
                    "music_turntable",
                    &["disk.initial_rpm=1100", &format!("controls.ring={ring}")],
                ),
                Vec::new(),
            )
        })
        .collect();
    for t in 0..600 {
        let pitches: Vec<f64> = sims
            .iter_mut()
            .map(|s| {
                s.step();
                s.number("pitch_hz")
            })
            .collect();
        if t % 60 == 0 && pitches[0] > 1.0 {
            let ratios = caravan::model::turntable::JUST_MAJOR_RATIOS;
            for (p, r) in pitches.iter().zip(ratios) {
                assert!(
                    (p / pitches[0] - r).abs() < 1e-3,
                    "tick {t}: {p} / {} vs {r}",
                    pitches[0]
                );
            }
        }
    }
    assert!(
        sims[0].number("pitch_hz") < 440.0 * 0.85,
        "the disk slowed down"
    );
}

#[test]
fn turntable_touches_tap_a_ring_slide_the_arm_and_flick_the_disk() {
    use caravan::descriptor::{Input, TouchPhase};
    use caravan::exhibits::music_turntable::DISK_VIEW_RADIUS;
    let touch = |id, phase, x, y| Input::Touch { id, phase, x, y };
    let mut sim = Simulation::new(builtin("music_turntable", &[]), Vec::new());
    let ring_r = |i: f64| 0.35 + 0.57 * i / 7.0;
    // A tap straight above the centre, on ring 6.
    let y6 = 0.5 - ring_r(6.0) * DISK_VIEW_RADIUS;
    sim.push_input(touch(1, TouchPhase::Down, 0.5, y6));
    for _ in 0..5 {
        sim.step();
    }
    sim.push_input(touch(1, TouchPhase::Up, 0.5, y6));
    sim.step();
    assert_eq!(sim.value("nozzle_ring"), Some("6"));
    assert_eq!(sim.number("rpm"), 0.0, "a tap does not spin the disk");
    // The nozzle arm, right of the disk, slid in to ring 2.
    let x_at = |r: f64| 0.5 + r * DISK_VIEW_RADIUS / caravan::exhibits::EXHIBIT_ASPECT;
    sim.push_input(touch(2, TouchPhase::Down, x_at(1.3), 0.5));
    sim.step();
    sim.push_input(touch(2, TouchPhase::Move, x_at(ring_r(2.0)), 0.5));
    sim.step();
    sim.push_input(touch(2, TouchPhase::Up, x_at(ring_r(2.0)), 0.5));
    sim.step();
    assert_eq!(sim.value("nozzle_ring"), Some("2"));
    assert_eq!(sim.number("rpm"), 0.0, "the arm does not spin the disk");
    // A flick: a quarter turn anticlockwise in a quarter second.
    let rr = 0.3;
    for k in 0..=15 {
        let a = k as f64 / 15.0 * std::f64::consts::FRAC_PI_2;
        let (x, y) = (
            0.5 + rr * a.cos() / caravan::exhibits::EXHIBIT_ASPECT,
            0.5 - rr * a.sin(),
        );
        sim.push_input(touch(
            3,
            if k == 0 {
                TouchPhase::Down
            } else {
                TouchPhase::Move
            },
            x,
            y,
        ));
        sim.step();
    }
    sim.push_input(touch(3, TouchPhase::Up, 0.5, 0.2));
    sim.step();
    assert!(
        sim.number("omega_rad_s") > 2.0,
        "{}",
        sim.number("omega_rad_s")
    );
}

#[test]
fn song_mode_moves_on_only_when_the_right_ring_is_blown() {
    use caravan::descriptor::Input;
    use caravan::descriptor::kinds::ControlValue::{Bool, Number};
    let set = |c: &str, v| Input::Set {
        control: c.into(),
        value: v,
    };
    let mut sim = Simulation::new(
        builtin("music_turntable", &["controls.song=true"]),
        Vec::new(),
    );
    // The hint's ring number (it goes on with the note at the present speed).
    let next = |sim: &Simulation| {
        let w = sim.app.world();
        let hint = w.resource::<caravan::exhibits::Hint>().0.clone();
        hint.map(|h| h.1.split(' ').next().unwrap().to_string())
    };
    let puff = |sim: &mut Simulation, ring: f64| {
        sim.push_input(set("ring", Number(ring)));
        sim.push_input(set("blow", Bool(true)));
        sim.step();
        sim.push_input(set("blow", Bool(false)));
        sim.step();
    };
    sim.step();
    assert_eq!(next(&sim).as_deref(), Some("1"));
    puff(&mut sim, 0.0);
    puff(&mut sim, 0.0);
    assert_eq!(next(&sim).as_deref(), Some("5"), "do do, then so");
    puff(&mut sim, 2.0);
    assert_eq!(next(&sim).as_deref(), Some("5"), "a wrong ring waits");
    puff(&mut sim, 4.0);
    assert_eq!(next(&sim).as_deref(), Some("5"));
    puff(&mut sim, 4.0);
    assert_eq!(next(&sim).as_deref(), Some("6"));
}

#[test]
fn ten_touches_on_an_exhibit_that_allows_two() {
    use caravan::descriptor::{Input, TouchPhase};
    let mut sim = Simulation::new(builtin("bernoulli_cups", &[]), Vec::new());
    for id in 0..10 {
        let x = 0.05 + id as f64 * 0.09;
        sim.push_input(Input::Touch {
            id,
            phase: TouchPhase::Down,
            x,
            y: 0.5,
        });
    }
    sim.step();
    let down = |sim: &Simulation| {
        sim.app
            .world()
            .resource::<caravan::exhibits::Pointers>()
            .down
            .clone()
    };
    assert_eq!(down(&sim).iter().map(|d| d.0).collect::<Vec<_>>(), [0, 1]);
    // Moves and lifts of the ignored eight change nothing; the first two still count.
    for id in 2..10 {
        sim.push_input(Input::Touch {
            id,
            phase: TouchPhase::Move,
            x: 0.9,
            y: 0.9,
        });
        sim.push_input(Input::Touch {
            id,
            phase: TouchPhase::Up,
            x: 0.9,
            y: 0.9,
        });
    }
    sim.step();
    assert_eq!(down(&sim).len(), 2);
    // A held touch blows: the air speed rises.
    for _ in 0..30 {
        sim.step();
    }
    assert!(sim.number("air_speed_m_s") > 5.0);
    for id in 0..2 {
        sim.push_input(Input::Touch {
            id,
            phase: TouchPhase::Up,
            x: 0.5,
            y: 0.5,
        });
    }
    sim.step();
    assert!(down(&sim).is_empty());
    // Out-of-range coordinates are clamped, not trusted; a touch with no position is dropped.
    sim.push_input(Input::Touch {
        id: 98,
        phase: TouchPhase::Down,
        x: 0.5,
        y: f64::NAN,
    });
    sim.push_input(Input::Touch {
        id: 99,
        phase: TouchPhase::Down,
        x: -5.0,
        y: 7.0,
    });
    sim.step();
    let d = down(&sim);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].1, [0.0, 1.0]);
}

/// Where a point of the airflow table shows in the view, as a touch would land on it.
fn airflow_touch_at(sim: &Simulation, p: [f64; 2]) -> [f64; 2] {
    use caravan::exhibits::airflow_obstacle::{AirflowSim, table_to_world};
    let w = sim.app.world();
    let model = &w.resource::<AirflowSim>().model;
    let cam = &w.resource::<ActiveExhibit>().descriptor.scene.camera;
    let aspect = w.resource::<caravan::exhibits::ViewAspect>().0;
    caravan::exhibits::view_of(cam, aspect, table_to_world(model, p, 0.0)).expect("on screen")
}

#[test]
fn airflow_touches_slide_the_nozzle_turn_it_and_blow() {
    use caravan::descriptor::{Input, TouchPhase};
    use caravan::exhibits::airflow_obstacle::{AIM_KNOB_M, AirflowSim};
    let mut sim = Simulation::new(builtin("airflow_obstacle", &[]), Vec::new());
    sim.step();
    let touch = |sim: &mut Simulation, id: u64, phase: TouchPhase, at: [f64; 2]| {
        sim.push_input(Input::Touch {
            id,
            phase,
            x: at[0],
            y: at[1],
        });
    };
    let control =
        |sim: &Simulation, name: &str| sim.app.world().resource::<ActiveExhibit>().number(name);
    // Grab the nozzle at the edge and slide it 5 cm towards +y: nozzle_y = 0.05 / travel.
    let at = airflow_touch_at(&sim, [0.005, 0.0]);
    touch(&mut sim, 1, TouchPhase::Down, at);
    sim.step();
    let to = airflow_touch_at(&sim, [0.005, 0.05]);
    touch(&mut sim, 1, TouchPhase::Move, to);
    sim.step();
    sim.step();
    let travel = 0.1;
    assert!(
        (control(&sim, "nozzle_y") - 0.05 / travel).abs() < 0.03,
        "{}",
        control(&sim, "nozzle_y")
    );
    touch(&mut sim, 1, TouchPhase::Up, to);
    sim.step();
    assert_eq!(
        sim.number("jet_speed_m_s"),
        0.0,
        "sliding the nozzle does not blow"
    );
    // Grab the aim knob and pull it 20° round.
    let (y, _) = sim.app.world().resource::<AirflowSim>().model.nozzle();
    let knob = [AIM_KNOB_M, y];
    let at = airflow_touch_at(&sim, knob);
    touch(&mut sim, 2, TouchPhase::Down, at);
    sim.step();
    let a = 20f64.to_radians();
    let pull = airflow_touch_at(&sim, [AIM_KNOB_M * a.cos(), y + AIM_KNOB_M * a.sin()]);
    touch(&mut sim, 2, TouchPhase::Move, pull);
    sim.step();
    sim.step();
    assert!(
        (control(&sim, "nozzle_angle_deg") - 20.0).abs() < 3.0,
        "{}",
        control(&sim, "nozzle_angle_deg")
    );
    touch(&mut sim, 2, TouchPhase::Up, pull);
    // A finger held anywhere else on the table blows.
    let elsewhere = airflow_touch_at(&sim, [0.5, -0.1]);
    touch(&mut sim, 3, TouchPhase::Down, elsewhere);
    for _ in 0..30 {
        sim.step();
    }
    assert!(
        sim.number("jet_speed_m_s") > 5.0,
        "{}",
        sim.number("jet_speed_m_s")
    );
    assert!(sim.number("reynolds") > 100.0);
}

#[test]
fn airflow_survives_the_stiffest_settings_and_obstacle_swaps() {
    // The lowest viscosity and eddy viscosity the validator accepts, the fastest jet, turned
    // fully and at the end of its travel: the fluid stays finite and bounded, no restarts.
    let mut sim = Simulation::new(
        builtin(
            "airflow_obstacle",
            &[
                "grid.relaxation_time=0.505",
                "grid.smagorinsky=0",
                "grid.jet_lattice_speed=0.15",
                "controls.blow=true",
                "controls.jet_speed_m_s=15",
                "controls.nozzle_y=1",
                "controls.nozzle_angle_deg=-30",
            ],
        ),
        Vec::new(),
    );
    for _ in 0..600 {
        sim.step();
        let m = sim.number("max_lattice_speed");
        assert!(m.is_finite() && m < 0.5, "tick {}: {m}", sim.ticks());
    }
    use caravan::descriptor::Input;
    use caravan::descriptor::kinds::ControlValue;
    let sim_ref = |sim: &Simulation| {
        sim.app
            .world()
            .resource::<caravan::exhibits::airflow_obstacle::AirflowSim>()
            .model
            .recoveries
    };
    // Swapping obstacles every second while blowing: no panic, the CSV names the new one.
    let mut sim = Simulation::new(
        builtin("airflow_obstacle", &["controls.blow=true"]),
        Vec::new(),
    );
    for (k, o) in ["square", "plate", "none", "round", "square"]
        .iter()
        .enumerate()
    {
        sim.push_input(Input::Set {
            control: "obstacle".into(),
            value: ControlValue::Choice(o.to_string()),
        });
        for _ in 0..60 {
            sim.step();
        }
        assert_eq!(sim.value("obstacle"), Some(*o), "swap {k}");
        assert!(sim.number("max_lattice_speed").is_finite());
    }
    assert_eq!(sim_ref(&sim), 0);
}

#[test]
fn airflow_gamepad_moves_the_nozzle_and_swaps_the_obstacle() {
    use caravan::descriptor::{Action, Input};
    let mut sim = Simulation::new(builtin("airflow_obstacle", &[]), Vec::new());
    for (action, pressed) in [
        (Action::Up, true),
        (Action::Up, false),
        (Action::Select, true),
        (Action::Select, false),
        (Action::Blow, true),
    ] {
        sim.push_input(Input::Button { action, pressed });
    }
    for _ in 0..30 {
        sim.step();
    }
    let a = sim.app.world().resource::<ActiveExhibit>();
    assert!(
        (a.number("nozzle_y") - 0.2).abs() < 1e-9,
        "{}",
        a.number("nozzle_y")
    );
    assert_eq!(a.choice("obstacle"), "square");
    assert!(sim.number("jet_speed_m_s") > 5.0);
}

#[test]
fn every_kind_is_listed_once_with_the_name_serde_gives_it() {
    use caravan::descriptor::kinds::KindParams;
    // What serde accepts as `kind: NAME(..)`, from its own error for a name it does not know.
    let err = ron::from_str::<KindParams>("no_such_kind(())").unwrap_err();
    let ron::Error::NoSuchEnumVariant { expected, .. } = err.code else {
        panic!("unexpected error {err}");
    };
    let mut listed: Vec<&str> = KindParams::every().iter().map(|k| k.name()).collect();
    for k in KindParams::every() {
        let spelled = ron::to_string(&k).unwrap();
        assert!(spelled.starts_with(&format!("{}(", k.name())), "{spelled}");
    }
    let mut expected = expected.to_vec();
    listed.sort();
    expected.sort();
    assert_eq!(
        listed, expected,
        "KindParams::every lists each variant once"
    );
}

#[test]
fn each_kind_records_the_columns_it_registers_in_their_order() {
    use caravan::descriptor::kinds::KindParams;
    use caravan::exhibits::{Telemetry, registration};
    let c = Catalogue::load(&caravan::pack::builtin_packs());
    for kind in KindParams::every() {
        let (p, d) = c
            .packs
            .iter()
            .flat_map(|p| p.exhibits.iter().map(move |d| (p, d)))
            .find(|(_, d)| d.kind.name() == kind.name())
            .unwrap_or_else(|| panic!("the built-in pack has a `{}`", kind.name()));
        let ex = ActiveExhibit::new(d.clone(), p.dir.clone(), Default::default());
        let mut sim = Simulation::new(ex, Vec::new());
        sim.step();
        let t = sim.app.world().resource::<Telemetry>();
        assert_eq!(
            t.names,
            (registration(&kind).columns)(&d.kind),
            "{}",
            kind.name()
        );
        assert_eq!(t.values.len(), t.names.len());
        let header = sim.header();
        assert_eq!(header.split(',').count(), 2 + t.values.len(), "{header}");
    }
}
