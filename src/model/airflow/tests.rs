use super::*;
use crate::kind_spec::KindSpec;
use crate::problems::Problems;

fn blowing(o: Obstacle) -> AirflowInputs {
    AirflowInputs {
        jet_speed_m_s: 10.0,
        nozzle_y: 0.0,
        nozzle_angle_deg: 0.0,
        obstacle: o,
    }
}

#[test]
fn defaults_are_valid() {
    let mut p = Problems::default();
    AirflowParams::default().check("kind", &mut p);
    assert!(p.is_empty(), "{:?}", p.items);
}

#[test]
fn a_grid_too_big_for_real_time_is_refused() {
    let mut q = AirflowParams::default();
    q.grid.width = 2048;
    q.grid.height = 1024;
    q.grid.cell_m = 0.0005;
    let mut p = Problems::default();
    q.check("kind", &mut p);
    assert!(
        p.items
            .iter()
            .any(|i| i.path == "kind.grid.width" && i.message.contains("at most 524288")),
        "{:?}",
        p.items
    );
    let mut q = AirflowParams::default();
    q.grid.width = 512;
    q.grid.height = 256;
    q.grid.cell_m = 0.00125;
    q.grid.substeps = 20;
    let mut p = Problems::default();
    q.check("kind", &mut p);
    assert!(
        p.items.iter().any(|i| i.path == "kind.grid.substeps"),
        "{:?}",
        p.items
    );
}

#[test]
fn still_air_exerts_no_force_and_rolling_resistance_holds_a_light_push() {
    let m = AirflowModel::new(AirflowParams::default());
    let d = m.drag([0.4, 0.0], [0.0, 0.0]);
    assert_eq!(d, [0.0, 0.0]);
    // Moving through still air: drag opposes the motion, ½ρC_dA·v².
    let d = m.drag([0.4, 0.0], [1.0, 0.0]);
    let b = &m.p.ball;
    let expect = 0.5 * 1.204 * b.drag_coefficient * PI * b.radius_m * b.radius_m;
    assert!((d[0] + expect).abs() < 1e-12 && d[1] == 0.0);
    let hold = b.rolling_resistance * b.mass_kg * G;
    assert_eq!(m.ball_force([hold * 0.9, 0.0], [0.0, 0.0]), [0.0, 0.0]);
    let f = m.ball_force([hold * 2.0, 0.0], [0.0, 0.0]);
    assert!((f[0] - hold).abs() < 1e-15);
}

#[test]
fn the_jet_carries_smoke_downstream_and_reynolds_is_reported() {
    let mut m = AirflowModel::new(AirflowParams::default());
    let i = blowing(Obstacle::None);
    for _ in 0..180 {
        assert!(m.tick(&i));
    }
    // In 3 s the smoke reached an eighth of the table along the centre line, not the end.
    let (nx, ny) = (m.lattice.nx, m.lattice.ny);
    let at = |x: usize| m.smoke[(ny / 2) * nx + x];
    assert!(at(nx / 8) > 0.1, "{}", at(nx / 8));
    assert!(at(nx - 2) < 0.01, "{}", at(nx - 2));
    assert!(m.max_speed > 0.05 && m.max_speed <= super::super::lbm::U_LIMIT);
    // 10 m/s is 2/3 of the lattice's top speed 0.1: Re = 0.0667 · 32 / (0.01/3) = 640.
    assert!((m.reynolds() - 640.0).abs() < 5.0, "{}", m.reynolds());
    assert!(m.real_reynolds() > 5e4);
    // The velocity scale is 15 m/s per 0.1 lattice units: a lattice step is 2.5 mm / 150
    // m/s = 16.7 µs of air, a tick of 10 steps 0.167 ms, so the air runs 100× slowed.
    assert!((m.speed_scale() - 150.0).abs() < 1e-9);
    let slow = TICK_S / (m.p.grid.substeps as f64 * m.step_s());
    assert!((slow - 100.0).abs() < 1e-6, "{slow}");
}

#[test]
fn a_non_finite_fluid_is_restarted() {
    let mut m = AirflowModel::new(AirflowParams::default());
    m.lattice
        .init(|x, _| (if x == 40 { f32::NAN } else { 1.0 }, 0.0, 0.0));
    assert!(!m.tick(&blowing(Obstacle::Round)));
    assert_eq!(m.recoveries, 1);
    assert!(m.tick(&blowing(Obstacle::Round)));
    assert!(m.max_speed.is_finite());
}
