//! The exhibits headless, all kinds: the fixed tick, the physics report, the pointer limit,
//! every kind registered with its columns. Each kind's own in cups.rs, turntable.rs, airflow.rs.

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
