use super::lanes::Real;
use super::*;
use crate::model::simd::Kernel;
use std::ops::Range;

mod same_bits;

fn relax(tau: f32) -> Relax {
    Relax::new(tau, 0.0)
}

/// A cylinder of radius 6 at `centre` and a jet of velocity `u` from the left edge's `rows`.
fn jet_at_a_cylinder<S: Storage>(
    l: &mut Lattice<S>,
    centre: [f64; 2],
    rows: Range<usize>,
    u: [f32; 2],
) {
    l.set_shapes(vec![Shape::Circle {
        x: centre[0],
        y: centre[1],
        r: 6.0,
    }]);
    for y in rows {
        l.inlet[y] = Some(u);
    }
}

#[test]
fn lattice_constants_are_a_consistent_d2q9() {
    let sum: f32 = W.iter().sum();
    assert!((sum - 1.0).abs() < 1e-6);
    for i in 0..Q {
        assert_eq!(CX[OPP[i]], -CX[i]);
        assert_eq!(CY[OPP[i]], -CY[i]);
        assert_eq!(CX[MIRROR_Y[i]], CX[i]);
        assert_eq!(CY[MIRROR_Y[i]], -CY[i]);
    }
    // Second moment of the weights is c_s² = 1/3.
    let cs2: f32 = (0..Q).map(|i| W[i] * (CX[i] * CX[i]) as f32).sum();
    assert!((cs2 - 1.0 / 3.0).abs() < 1e-6);
}

#[test]
fn collision_conserves_mass_and_momentum() {
    let mut f = equilibrium(1.02, 0.05, -0.03);
    f[1] += 0.01;
    f[6] -= 0.004;
    let g = collide(f, Relax::new(0.6, 0.15));
    let m = |f: &[f32; Q]| {
        (
            f.iter().sum::<f32>(),
            (0..Q).map(|i| CX[i] as f32 * f[i]).sum::<f32>(),
            (0..Q).map(|i| CY[i] as f32 * f[i]).sum::<f32>(),
        )
    };
    let (a, b) = (m(&f), m(&g));
    assert!((a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6 && (a.2 - b.2).abs() < 1e-6);
}

#[test]
fn the_stated_operations_are_the_collisions() {
    // `OPS_PER_CELL_UPDATE` (what `caravan bench` divides the vector peak by) counted on the
    // collision as written: one cell of numbers that count each operation on them. The
    // counted collision's cell is the f32 one's, so it is the collision that was counted.
    use lanes::counting::{Counted, OPERATIONS};
    let f = equilibrium(1.02, 0.05, -0.03).map(|v| v * 1.001);
    for (laminar, smagorinsky) in [(true, 0.0), (false, 0.15)] {
        let p = Relax::new(0.52, smagorinsky);
        let cell = f.map(|v| Counted::read(&[v]));
        OPERATIONS.with(|n| n.set(0));
        let counted = if laminar {
            collide_as::<Counted, true>(cell, p)
        } else {
            collide_as::<Counted, false>(cell, p)
        };
        let ops = OPERATIONS.with(|n| n.get());
        assert_eq!(ops, p.ops_per_cell_update(), "laminar: {laminar}");
        assert_eq!(
            counted.map(|c| c.v.to_bits()),
            collide(f, p).map(f32::to_bits)
        );
    }
}

#[test]
fn the_laminar_collision_is_the_general_one_at_zero_smagorinsky() {
    // Off-equilibrium states from gentle to the limiter's, at several τ: the shortcut that
    // leaves out the eddy viscosity's chain gives the same bits as the chain with C = 0.
    for tau in [0.5005f32, 0.51, 0.53, 0.6, 0.8, 1.0, 1.7] {
        let p = Relax::new(tau, 0.0);
        assert!(p.laminar() && !Relax::new(tau, 0.1).laminar());
        for k in 0..200 {
            let t = k as f32;
            let (ux, uy) = (0.4 * (0.37 * t).sin(), 0.4 * (0.23 * t).cos());
            let mut f = equilibrium(0.9 + 0.002 * t / 2.0, ux, uy);
            for (i, v) in f.iter_mut().enumerate() {
                *v += 0.01 * ((t + 1.0) * (i as f32 + 0.5)).sin() * W[i];
            }
            let (a, b) = (
                collide_as::<f32, true>(f, p),
                collide_as::<f32, false>(f, p),
            );
            assert_eq!(
                a.map(f32::to_bits),
                b.map(f32::to_bits),
                "τ {tau}, state {k}"
            );
        }
    }
}

#[test]
fn the_benchs_collision_of_cells_is_the_collision() {
    // `collide_cells` and `collide_cells_in_place` (what `caravan bench` times in the
    // first-level cache) are the interior's loops: each kernel gives each cell what `collide`
    // does, to the bit, both forms.
    let n = 77;
    let cells: Vec<[f32; Q]> = (0..n)
        .map(|k| {
            let t = k as f32;
            let mut f = equilibrium(1.0 + 0.01 * (0.3 * t).sin(), 0.2 * (0.7 * t).cos(), 0.1);
            f[(k % 8) + 1] += 0.003;
            f
        })
        .collect();
    let src: Vec<Vec<f32>> = (0..Q)
        .map(|i| cells.iter().map(|f| f[i]).collect())
        .collect();
    for p in [Relax::new(0.52, 0.15), Relax::new(0.6, 0.0)] {
        for kernel in Kernel::available() {
            let mut dst = vec![vec![0.0f32; n]; Q];
            let s: [&[f32]; Q] = std::array::from_fn(|i| src[i].as_slice());
            let mut planes = dst.iter_mut();
            let d: [&mut [f32]; Q] =
                std::array::from_fn(|_| planes.next().expect("nine").as_mut_slice());
            collide_cells(kernel, s, d, p);
            // In place, each direction's plane gets the opposite direction's result.
            let mut swapped = src.clone();
            let mut planes = swapped.iter_mut();
            let d: [&mut [f32]; Q] =
                std::array::from_fn(|_| planes.next().expect("nine").as_mut_slice());
            collide_cells_in_place(kernel, d, p);
            for (c, f) in cells.iter().enumerate() {
                let want = collide(*f, p).map(f32::to_bits);
                let got: [u32; Q] = std::array::from_fn(|i| dst[i][c].to_bits());
                assert_eq!(got, want, "{} cell {c}", kernel.name());
                let got: [u32; Q] = std::array::from_fn(|i| swapped[OPP[i]][c].to_bits());
                assert_eq!(got, want, "{} cell {c} in place", kernel.name());
            }
        }
    }
}

#[test]
fn a_closed_box_keeps_its_mass() {
    a_closed_box_keeps_its_mass_as::<f32>();
}

/// Rounding each population to 11 significant bits of its departure from rest each step does
/// not leak the box's air either.
#[test]
fn a_closed_box_keeps_its_mass_in_16_bits() {
    a_closed_box_keeps_its_mass_as::<F16s>();
}

fn a_closed_box_keeps_its_mass_as<S: Storage>() {
    // With two buffers and in place (which ends between its two forms after an odd number).
    for in_place in [false, true] {
        a_closed_box_keeps_its_mass_streaming::<S>(in_place);
    }
}

fn a_closed_box_keeps_its_mass_streaming<S: Storage>(in_place: bool) {
    let mut l = Lattice::<S>::new_stored(40, 30, SideWalls::NoSlip, relax(0.7));
    l.set_in_place(in_place);
    l.set_shapes(vec![Shape::Circle {
        x: 20.0,
        y: 15.0,
        r: 5.3,
    }]);
    // A swirl to move things about; the left edge is a wall at rest, the outlet is the only
    // opening, so give it nothing to do: mass changes only through it.
    l.init(|x, y| {
        let (dx, dy) = (x as f32 - 20.0, y as f32 - 15.0);
        (1.0, -0.02 * dy / 15.0, 0.02 * dx / 20.0)
    });
    let m0 = l.mass();
    for _ in 0..201 {
        l.step();
    }
    let m1 = l.mass();
    assert!((m1 - m0).abs() / m0 < 5e-3, "{in_place}: {m0} → {m1}");
}

/// Plane Poiseuille flow: a channel driven by a parabolic inlet keeps the parabola, and the
/// centre speed is u_max (the analytic solution of the Navier–Stokes equations).
#[test]
fn poiseuille_profile_is_kept() {
    poiseuille_profile_is_kept_as::<f32>();
}

/// The same, to the same tolerances, with the populations kept in 16 bits (Lehmann et al.
/// 2022 check their FP16S on Poiseuille flow too).
#[test]
fn poiseuille_profile_is_kept_in_16_bits() {
    poiseuille_profile_is_kept_as::<F16s>();
}

fn poiseuille_profile_is_kept_as<S: Storage>() {
    let (nx, ny) = (60, 21);
    let umax = 0.05f32;
    let mut l = Lattice::<S>::new_stored(nx, ny, SideWalls::NoSlip, relax(0.65));
    let h = ny as f32;
    let prof = |y: usize| {
        let s = y as f32 + 0.5;
        4.0 * umax * s * (h - s) / (h * h)
    };
    for y in 0..ny {
        l.inlet[y] = Some([prof(y), 0.0]);
    }
    l.init(|_, y| (1.0, prof(y), 0.0));
    for _ in 0..3000 {
        l.step();
    }
    // The shape is the parabola to 0.5 %; the centre speed is u_max to 2 % (the density
    // rises towards the inlet with the pressure that drives the flow: u = j/ρ).
    let centre = l.moments(l.idx(nx / 2, ny / 2)).1;
    assert!((centre / umax - 1.0).abs() < 0.02, "{centre}");
    for y in 0..ny {
        let (_, ux, uy) = l.moments(l.idx(nx / 2, y));
        let shape = ux / centre - prof(y) / prof(ny / 2);
        assert!(
            shape.abs() < 0.005 && uy.abs() < 1e-3 * umax,
            "row {y}: {ux} vs {}",
            prof(y)
        );
    }
}

#[test]
fn circle_links_have_exact_wall_distances() {
    let c = Shape::Circle {
        x: 10.0,
        y: 10.0,
        r: 3.5,
    };
    // From (5,10) to (6,10)... the wall at x = 6.5 along y = 10.
    assert_eq!(c.hit([6.0, 10.0], [7.0, 10.0]), Some(0.5));
    assert!(c.hit([0.0, 0.0], [1.0, 0.0]).is_none());
    let r = Shape::Rect {
        x0: 4.5,
        y0: 4.5,
        x1: 8.5,
        y1: 8.5,
    };
    let t = r.hit([3.0, 6.0], [5.0, 6.0]).unwrap();
    assert!((t - 0.75).abs() < 1e-12);
}

#[test]
fn nothing_blows_up_at_the_limits() {
    // The stiffest setting an input can reach: lowest viscosity, jet at the lattice limit,
    // Smagorinsky on. It stays finite and under the limiter.
    let mut l = Lattice::new(96, 48, SideWalls::FreeSlip, Relax::new(0.5005, 0.1));
    l.set_shapes(vec![Shape::Rect {
        x0: 30.0,
        y0: 16.0,
        x1: 42.0,
        y1: 32.0,
    }]);
    for y in 18..30 {
        l.inlet[y] = Some([0.3, 0.1]);
    }
    l.run(2000);
    let (mut ux, mut uy) = (vec![0.0; l.cells()], vec![0.0; l.cells()]);
    let m = l.velocity(&mut ux, &mut uy);
    assert!(m.is_finite() && m < 0.6, "{m}");
}

#[test]
fn with_no_collision_a_step_only_moves_the_populations() {
    // `caravan bench`'s step without arithmetic: a little more of each moving direction at one
    // cell travels one cell along its c_i a step, unchanged, and the air at rest round it
    // (walls and open edge included) stays at rest, to the bit, on every kernel.
    for (k, in_place) in Kernel::available()
        .into_iter()
        .flat_map(|k| [(k, false), (k, true)])
    {
        let mut l = Lattice::new(40, 30, SideWalls::NoSlip, Relax::none());
        l.kernel = k;
        l.set_in_place(in_place);
        let n = l.cells();
        let rest = equilibrium(1.0, 0.0, 0.0);
        let (x0, y0, steps) = (20i32, 15i32, 3i32);
        let start = l.idx(x0 as usize, y0 as usize);
        let mut more = rest.map(|r| r + 0.01);
        more[0] = rest[0];
        l.put(start, &more);
        l.run(steps as usize);
        for i in 0..Q {
            let moved_to = l.idx((x0 + steps * CX[i]) as usize, (y0 + steps * CY[i]) as usize);
            for c in 0..n {
                let want = if i > 0 && c == moved_to {
                    rest[i] + 0.01
                } else {
                    rest[i]
                };
                assert_eq!(
                    l.populations()[i * n + c],
                    want,
                    "{} (in place: {in_place}): direction {i}, cell {c}",
                    k.name()
                );
            }
        }
    }
}
