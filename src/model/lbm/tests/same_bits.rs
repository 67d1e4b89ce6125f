//! The lattice gives the same bits whichever way it runs: on any number of threads, with
//! every kernel, two buffers or in place, its edge rows by their own loop or by the rules.

use super::*;

#[test]
fn threads_give_the_same_bits_as_one() {
    threads_give_the_same_bits_as_one_as::<f32>();
}

#[test]
fn threads_give_the_same_bits_as_one_in_16_bits() {
    threads_give_the_same_bits_as_one_as::<F16s>();
}

fn threads_give_the_same_bits_as_one_as<S: Storage>() {
    // The cylinder's force, a fan and a moving ball's links included; the threads kept from
    // one call to the next, and their number changed on the way.
    let run = |threads: [usize; 2]| {
        let mut l = Lattice::<S>::new_stored(64, 33, SideWalls::Open, Relax::new(0.52, 0.15));
        l.threads = threads[0];
        jet_at_a_cylinder(&mut l, [24.0, 16.0], 12..20, [0.1, 0.0]);
        l.fans = vec![(l.idx(6, 25) as u32, [0.05, -0.02])];
        // 40 single steps with a ball moving, then 61 at once (odd: the buffers end swapped).
        for step in 0..40 {
            let x = 44.0 + 0.05 * step as f64;
            l.set_bodies(vec![MovingBody {
                shape: Shape::Circle { x, y: 16.0, r: 4.0 },
                centre: [x, 16.0],
                velocity: [0.05, 0.0],
                omega: 0.01,
            }]);
            l.step();
        }
        l.threads = threads[1];
        l.run(61);
        (l.populations().into_owned(), l.force, l.body_force.clone())
    };
    let one = run([1, 1]);
    assert!(
        one.1[0].abs() > 0.0 && one.2[0][0].abs() > 0.0,
        "forces on both"
    );
    for threads in [[2, 2], [3, 3], [2, 3], [3, 1]] {
        assert!(run(threads) == one, "{threads:?}");
    }
}

#[test]
fn streaming_in_place_gives_the_same_bits_as_two_buffers() {
    streaming_in_place_gives_the_same_bits_as_two_buffers_as::<f32>();
}

#[test]
fn streaming_in_place_gives_the_same_bits_as_two_buffers_in_16_bits() {
    streaming_in_place_gives_the_same_bits_as_two_buffers_as::<F16s>();
}

fn streaming_in_place_gives_the_same_bits_as_two_buffers_as<S: Storage>() {
    // Every rule a special cell can take (each kind of top and bottom edge, the inlet's wall
    // and open rows, the open or walled right edge, a cylinder's links near and far from
    // their wall, a moving ball's, a fan, a sponge), on 1 to 3 threads and every kernel,
    // after odd and even numbers of steps, and switched in place and back mid-run: the same
    // populations, velocities and forces to the bit.
    let cases = [
        (SideWalls::Open, false, 0.15),
        (SideWalls::NoSlip, true, 0.15),
        (SideWalls::FreeSlip, false, 0.0),
    ];
    for (walls, right_wall, smagorinsky) in cases {
        let run = |in_place: [bool; 2], kernel: Kernel, threads: usize| {
            let mut l = Lattice::<S>::new_stored(61, 35, walls, Relax::new(0.52, smagorinsky));
            l.kernel = kernel;
            l.threads = threads;
            l.right_wall = right_wall;
            // Two buffers' own loop for an open top and bottom keeps the three inward
            // populations as the lattice keeps populations before colliding them: in 16 bits
            // rounded once more than the special cells' rule, which in place they take.
            l.fast_edges = S::store(0.3, 1).load(1) == 0.3;
            l.set_in_place(in_place[0]);
            jet_at_a_cylinder(&mut l, [24.0, 17.3], 12..24, [0.1, 0.02]);
            l.inlet[30] = None;
            l.fans = vec![(l.idx(8, 4) as u32, [0.04, 0.03])];
            l.init(|x, y| (1.0 + 0.001 * x as f32, 0.02, 0.001 * y as f32));
            let mut seen = Vec::new();
            for step in 0..25 {
                let x = 44.0 + 0.13 * step as f64;
                l.set_bodies(vec![MovingBody {
                    shape: Shape::Circle { x, y: 20.0, r: 4.5 },
                    centre: [x, 20.0],
                    velocity: [0.13, 0.0],
                    omega: 0.01,
                }]);
                l.damp(&[(l.idx(59, 10) as u32, 0.3), (l.idx(58, 11) as u32, 0.1)]);
                l.step();
                seen.push((l.force, l.body_force.clone(), l.moments(l.idx(45, 26))));
            }
            l.run(30);
            l.set_in_place(in_place[1]);
            l.run(17);
            let (mut ux, mut uy) = (vec![0.0; l.cells()], vec![0.0; l.cells()]);
            let top = l.velocity(&mut ux, &mut uy);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            let at = l.sample([30.5, 9.25]).map(f64::to_bits);
            (
                l.populations().into_owned(),
                bits(&ux),
                bits(&uy),
                top.to_bits(),
                l.force,
                seen,
                at,
            )
        };
        let two = run([false, false], Kernel::PLAIN, 1);
        assert!(two.0.iter().all(|v| v.load(0).is_finite()));
        assert!(two.4[0].abs() > 0.0 && two.5[3].1[0][0].abs() > 0.0);
        for k in Kernel::available() {
            for threads in [1, 2, 3] {
                for modes in [[true, true], [true, false], [false, true]] {
                    assert!(
                        run(modes, k, threads) == two,
                        "{modes:?} {} on {threads} thread(s), {walls:?}",
                        k.name()
                    );
                }
            }
        }
    }
}

#[test]
fn every_kernel_gives_the_same_bits() {
    every_kernel_gives_the_same_bits_as::<f32>();
}

#[test]
fn every_kernel_gives_the_same_bits_in_16_bits() {
    every_kernel_gives_the_same_bits_as::<F16s>();
}

fn every_kernel_gives_the_same_bits_as<S: Storage>() {
    // Each instruction set this CPU has (plain, AVX2, AVX-512) runs the same loops: the same
    // populations and velocities to the bit, edge rows of each kind, specials, threads and
    // the laminar collision included.
    let cases = [
        (SideWalls::Open, 0.15),
        (SideWalls::NoSlip, 0.15),
        (SideWalls::FreeSlip, 0.15),
        (SideWalls::Open, 0.0),
    ];
    for (walls, smagorinsky) in cases {
        let run = |kernel: Kernel, threads: usize| {
            let mut l = Lattice::<S>::new_stored(70, 37, walls, Relax::new(0.52, smagorinsky));
            l.kernel = kernel;
            l.threads = threads;
            jet_at_a_cylinder(&mut l, [24.0, 18.0], 12..24, [0.1, 0.02]);
            l.run(151);
            let (mut ux, mut uy) = (vec![0.0; l.cells()], vec![0.0; l.cells()]);
            let top = l.velocity(&mut ux, &mut uy);
            (l.populations().into_owned(), ux, uy, top.to_bits(), l.force)
        };
        let plain = run(Kernel::PLAIN, 1);
        assert!(
            plain.1.iter().any(|u| u.abs() > 0.01),
            "the jet moved the air"
        );
        for k in Kernel::available() {
            for threads in [1, 2] {
                assert!(
                    run(k, threads) == plain,
                    "{} on {threads} thread(s), {walls:?}, C = {smagorinsky}",
                    k.name()
                );
            }
        }
    }
}

#[test]
fn the_vectorised_edge_rows_agree_with_the_generic_rule() {
    for walls in [SideWalls::Open, SideWalls::NoSlip, SideWalls::FreeSlip] {
        let run = |fast: bool| {
            let mut l = Lattice::new(80, 40, walls, Relax::new(0.53, 0.15));
            l.fast_edges = fast;
            jet_at_a_cylinder(&mut l, [30.0, 20.0], 14..26, [0.08, 0.01]);
            l.run(400);
            let (mut ux, mut uy) = (vec![0.0; l.cells()], vec![0.0; l.cells()]);
            l.velocity(&mut ux, &mut uy);
            (ux, uy, l.special_count())
        };
        let (a, b) = (run(true), run(false));
        // 2 × 78 edge cells leave the special list.
        assert_eq!(b.2 - a.2, 2 * 78, "{walls:?}");
        let diff = |p: &[f32], q: &[f32]| {
            p.iter()
                .zip(q)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0f32, f32::max)
        };
        if walls == SideWalls::Open {
            // The same scheme, summed in another order: equal to rounding.
            assert!(diff(&a.0, &b.0) < 1e-5 && diff(&a.1, &b.1) < 1e-5);
        } else {
            // A wall's populations are copied, not computed: the same bits.
            let most = diff(&a.0, &b.0).max(diff(&a.1, &b.1));
            assert!(a.0 == b.0 && a.1 == b.1, "{walls:?}: up to {most} apart");
        }
        assert!(a.0.iter().any(|u| u.abs() > 0.01), "the jet moved the air");
    }
}

#[test]
fn every_kernel_moves_the_smoke_alike() {
    // A field whose rows are not whole vectors, velocities that carry the smoke out of the
    // grid on every side, and some that are not numbers: each kernel gives the plain one's
    // bits, and the smoke went somewhere.
    let (nx, ny) = (37, 11);
    let n = nx * ny;
    let wave = |k: usize, a: f32| (a * k as f32).sin();
    let src: Vec<f32> = (0..n).map(|k| 0.5 + 0.5 * wave(k, 0.71)).collect();
    let mut ux: Vec<f32> = (0..n).map(|k| 0.3 * wave(k, 1.37)).collect();
    let uy: Vec<f32> = (0..n).map(|k| 0.3 * wave(k, 0.53)).collect();
    for (k, v) in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 9.0, -9.0]
        .into_iter()
        .enumerate()
    {
        ux[40 + 61 * k] = v;
    }
    let fluid: Vec<f32> = (0..n)
        .map(|k| if k % 13 == 0 { 0.0 } else { 1.0 })
        .collect();
    let run = |kernel: Kernel| {
        let mut dst = vec![0.0f32; n];
        smoke::advect(kernel, &src, &mut dst, [&ux, &uy], &fluid, nx, 10.0, 0.99);
        dst
    };
    let plain = run(Kernel::PLAIN);
    assert!(plain.iter().all(|v| v.is_finite()), "a number everywhere");
    let moved = plain
        .iter()
        .zip(&src)
        .filter(|(a, b)| (*a - *b).abs() > 0.05);
    assert!(moved.count() > n / 4, "the smoke moved");
    for k in Kernel::available() {
        let got = run(k);
        let same = got
            .iter()
            .zip(&plain)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same, "{}", k.name());
    }
}
