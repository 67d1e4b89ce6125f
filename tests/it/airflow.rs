//! 隔物吹球 headless: touches and the gamepad on the nozzle, the stiffest settings.

use caravan::exhibits::ActiveExhibit;
use caravan::sim::Simulation;
use caravan::sim::builtin_exhibit as builtin;

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
