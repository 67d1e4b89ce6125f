//! The flow model against references: Schäfer & Turek's cylinder held in a channel, a disc
//! settling between two walls against Faxén's slow-flow drag, and momentum kept between the
//! bodies and the air.

use super::world::FlowWorld;
use super::*;
use crate::problems::Problems;
use std::collections::BTreeMap;

pub(super) fn probe(name: &str, of: Probe) -> ProbeSpec {
    ProbeSpec {
        name: name.into(),
        of,
        gauge: None,
        unit: String::new(),
        decimals: 6,
    }
}

pub(super) fn disc(id: &str, at: P2, r: f64, density: f64, mount: Mount) -> BodySpec {
    BodySpec {
        id: id.into(),
        shape: BodyShape::Disc { radius_m: r },
        at_m: at,
        angle_deg: 0.0,
        density_kg_m3: density,
        mount,
        table_friction: None,
    }
}

/// Schäfer & Turek (1996) 2D-1 as a flow scene: channel 2.2 × 0.41 m, cylinder D = 0.1 m at
/// (0.2, 0.2) held still, ν = 10⁻³ m²/s, ρ = 1, parabolic inflow peaking at 0.3 m/s.
pub(super) fn schafer_turek(cells_per_d: f64) -> FlowParams {
    let cell = 0.1 / cells_per_d;
    let mut s = FlowParams {
        field: FieldSpec {
            origin_m: [0.0, 0.0],
            size_m: [2.2, 0.41],
            cell_m: cell,
            max_speed_m_s: 0.3,
            lattice_speed: 0.1,
            viscosity_m2_s: 1e-3,
            smagorinsky: 0.0,
            density_kg_m3: 1.0,
            steps_per_tick: 16,
            gravity_m_s2: [0.0, 0.0],
            left: Edge::Wind {
                speed_m_s: 0.3,
                profile: Profile::Parabolic,
            },
            right: Side::Open,
            sides: Sides::Wall,
            sponge_cells: 0,
            smoke_fade_s: 3.0,
            average_s: 0.0,
        },
        nozzles: Vec::new(),
        bodies: vec![disc("cylinder", [0.2, 0.2], 0.05, 1.0, Mount::Held)],
        ..FlowParams::default()
    };
    s.probes = vec![probe(
        "c_d",
        Probe::Coefficient {
            body: "cylinder".into(),
            axis: Axis::X,
            speed_m_s: 0.2,
            length_m: 0.1,
        },
    )];
    s
}

fn run(s: &FlowParams, seconds_of_air: f64) -> FlowWorld {
    let mut w = FlowWorld::new(s, &BTreeMap::new());
    let ticks = (seconds_of_air / (s.field.steps_per_tick as f64 * w.grid.dt)).ceil() as usize;
    for _ in 0..ticks {
        w.step(&BTreeMap::new());
    }
    w
}

fn valid(s: &FlowParams) {
    let mut p = Problems::default();
    s.check("kind", &mut p);
    assert!(p.items.is_empty(), "{:?}", p.items);
}

#[test]
fn a_held_cylinder_in_a_channel_has_schafer_and_tureks_drag() {
    // Reference c_D = 5.5795 (John & Matthies 2001, Int. J. Numer. Meth. Fluids 37:885; within
    // Schäfer & Turek's 5.57–5.59). The held body takes the moving-body path at speed zero.
    let s = schafer_turek(20.0);
    valid(&s);
    let w = run(&s, 20.0);
    let cd = w.probe_values()[0].unwrap();
    assert!((cd - 5.5795).abs() / 5.5795 < 0.03, "c_D = {cd}");
}

/// A closed tank of `size` (m) at `cell`: walls all round; no drive.
fn tank(size: P2, cell: f64, max_speed: f64, nu: f64, density: f64) -> FlowParams {
    FlowParams {
        field: FieldSpec {
            origin_m: [0.0, 0.0],
            size_m: size,
            cell_m: cell,
            max_speed_m_s: max_speed,
            lattice_speed: 0.1,
            viscosity_m2_s: nu,
            smagorinsky: 0.0,
            density_kg_m3: density,
            steps_per_tick: 20,
            gravity_m_s2: [0.0, 0.0],
            left: Edge::Wall,
            right: Side::Wall,
            sides: Sides::Wall,
            sponge_cells: 0,
            smoke_fade_s: 3.0,
            average_s: 0.0,
        },
        nozzles: Vec::new(),
        ..FlowParams::default()
    }
}

#[test]
fn a_disc_settling_between_two_walls_reaches_faxens_terminal_speed() {
    // A disc of radius a midway between walls ±ℓ apart, at Re ≪ 1: its drag per length is
    // F = 4πμU/K, K = ln(ℓ/a) − 0.9157 + 1.7244(a/ℓ)² − 1.7302(a/ℓ)⁴ + 2.4056(a/ℓ)⁶
    // − 4.5913(a/ℓ)⁸ (Faxén 1946; Happel & Brenner, "Low Reynolds number hydrodynamics",
    // 1965, §7-5); at its terminal speed that balances (ρ_s − ρ_f)·g·πa². Here "gravity"
    // points along the channel (−x). a = 1 mm (5 cells), ℓ = 5 mm, an oil of ν = 10⁻³ m²/s,
    // ρ_s = 2ρ_f: Re = 0.004.
    let (a, l, nu, rho) = (1e-3, 5e-3, 1e-3, 1000.0);
    let mut s = tank([0.04, 2.0 * l], 2e-4, 3.0, nu, rho);
    s.field.gravity_m_s2 = [-9.81, 0.0];
    s.bodies = vec![disc("disc", [0.03, l], a, 2.0 * rho, Mount::Free)];
    valid(&s);
    let r = a / l;
    let k = (l / a).ln() - 0.9157 + 1.7244 * r.powi(2) - 1.7302 * r.powi(4) + 2.4056 * r.powi(6)
        - 4.5913 * r.powi(8);
    let expected = (2.0 - 1.0) * 9.81 * a * a * k / (4.0 * nu);
    let w = run(&s, 0.12);
    let v = -w.bodies[0].vel[0];
    assert!(
        (v - expected).abs() / expected < 0.05,
        "terminal {v} m/s, Faxén {expected} m/s"
    );
    // It fell straight: the walls' pull balances.
    assert!(w.bodies[0].vel[1].abs() < 0.01 * v);
}

/// The air's momentum (kg·m/s per metre of depth) and kinetic energy (J/m).
fn air_momentum_energy(w: &FlowWorld) -> ([f64; 2], f64) {
    let (speed, rho) = (w.grid.speed(), w.scene.field.density_kg_m3);
    let cell = w.grid.dx * w.grid.dx;
    let mut m = [0.0; 2];
    let mut e = 0.0;
    for (c, fluid) in w.lattice.fluid_mask().iter().enumerate() {
        if *fluid == 0.0 {
            continue;
        }
        let (r, ux, uy) = w.lattice.moments(c);
        let k = rho * r as f64 * cell;
        m[0] += k * ux as f64 * speed;
        m[1] += k * uy as f64 * speed;
        e += 0.5 * k * ((ux * ux + uy * uy) as f64) * speed * speed;
    }
    (m, e)
}

#[test]
fn a_coasting_disc_and_the_air_keep_their_momentum() {
    // No gravity, no drive: a disc set moving hands its momentum to the air, and the two
    // together keep it (until the air's wave reaches the tank's walls, which take some).
    // Counts the momentum the disc takes from cells it covers and gives to cells it uncovers.
    let mut s = tank([0.2, 0.2], 1e-3, 1.0, 2e-4, 1.2);
    s.field.steps_per_tick = 12;
    s.bodies = vec![disc("disc", [0.1, 0.1], 0.006, 3.0, Mount::Free)];
    valid(&s);
    let mut w = FlowWorld::new(&s, &BTreeMap::new());
    w.bodies[0].vel = [0.3, 0.1];
    let body = |w: &FlowWorld| {
        [
            w.bodies[0].mass * w.bodies[0].vel[0],
            w.bodies[0].mass * w.bodies[0].vel[1],
        ]
    };
    let start = body(&w);
    // The wave from the disc reaches the nearest wall (~90 cells) after ~160 steps: 144.
    for _ in 0..12 {
        w.step(&BTreeMap::new());
    }
    let (air, _) = air_momentum_energy(&w);
    let now = body(&w);
    let moved = (w.bodies[0].pos[0] - 0.1) / 1e-3;
    assert!(moved > 1.0, "the disc moved {moved} cells");
    assert!(
        (now[0] - start[0]).abs() > 0.05 * start[0],
        "the air took some: {now:?}"
    );
    for k in 0..2 {
        let total = now[k] + air[k];
        assert!(
            // 0.13 % measured; without the covered and uncovered cells' momentum, 0.41 %.
            (total - start[k]).abs() < 0.0025 * start[0].hypot(start[1]),
            "axis {k}: {start:?} → body {now:?} + air {air:?}"
        );
    }
}

#[test]
fn a_pendulum_in_still_air_never_gains_energy() {
    // A disc on a string swinging in a closed tank: its energy (kinetic + potential) and the
    // air's kinetic energy together never exceed what it started with, and the air's drag
    // takes some away.
    let mut s = tank([0.3, 0.3], 2e-3, 2.0, 5e-4, 1.2);
    s.field.gravity_m_s2 = [0.0, -9.81];
    let anchor = [0.15, 0.25];
    let len = 0.15;
    let start = [anchor[0] + len * 0.5, anchor[1] - len * 0.75f64.sqrt()];
    s.bodies = vec![disc(
        "bob",
        start,
        0.01,
        60.0,
        Mount::String {
            anchor_m: anchor,
            length_m: len,
        },
    )];
    valid(&s);
    let mut w = FlowWorld::new(&s, &BTreeMap::new());
    let g = 9.81;
    let energy = |w: &FlowWorld| {
        let b = &w.bodies[0];
        let weight = b.mass - 1.2 * b.area;
        0.5 * b.mass * (b.vel[0] * b.vel[0] + b.vel[1] * b.vel[1]) + weight * g * b.pos[1]
    };
    let e0 = energy(&w);
    let floor = weight_floor(&w, anchor[1] - len, g);
    let mut lowest_point_passed = false;
    for _ in 0..150 {
        w.step(&BTreeMap::new());
        let (_, air) = air_momentum_energy(&w);
        let total = energy(&w) + air;
        assert!(
            total - floor <= (e0 - floor) * 1.005,
            "energy grew: {} → {}",
            e0 - floor,
            total - floor
        );
        lowest_point_passed |= w.bodies[0].pos[0] < anchor[0];
    }
    assert!(lowest_point_passed, "it swung");
    assert!(energy(&w) < e0, "the air took none");
}

/// The potential energy at the lowest point: energies are compared above it.
fn weight_floor(w: &FlowWorld, y: f64, g: f64) -> f64 {
    let b = &w.bodies[0];
    (b.mass - 1.2 * b.area) * g * y
}
