use super::*;

fn steel(rpm: f64, coulomb: f64, viscous: f64) -> TurntableParams {
    TurntableParams {
        disk: DiskParams {
            mass_kg: 1.110,
            radius_m: 0.15,
            initial_rpm: rpm,
        },
        friction: FrictionParams {
            coulomb_n_m: coulomb,
            viscous_n_m_s: viscous,
        },
        ..TurntableParams::default()
    }
}

#[test]
fn inertia_of_the_steel_disk() {
    // ½·1.110·0.15² = 0.01249 kg·m²
    assert!((steel(0.0, 0.0, 0.0).inertia() - 0.01248).abs() < 0.0001);
}

#[test]
fn coulomb_spin_down_stops_at_28_8_s() {
    // t = I·ω₀/τ_c = 0.0124875 · 115.19 / 0.05 = 28.77 s
    let t = spin_down_time(steel(1100.0, 0.05, 0.0), 60.0).unwrap();
    assert!((t - 28.8).abs() / 28.8 < 0.01, "{t}");
}

#[test]
fn viscous_decay_has_time_constant_i_over_b() {
    let p = steel(1100.0, 0.0, 0.002);
    let tau = p.inertia() / 0.002;
    let mut d = Disk::new(p);
    let w0 = d.omega;
    let mut t = 0.0;
    while d.omega > w0 / std::f64::consts::E {
        d.step(TICK_S, DiskInputs::default());
        t += TICK_S;
    }
    assert!((t - tau).abs() / tau < 0.01, "{t} vs {tau}");
}

#[test]
fn pitch_of_the_rings_at_1100_rpm() {
    let w = rpm_to_rad_s(1100.0);
    assert!((pitch_hz(24, w) - 440.0).abs() < 1e-9);
    assert!((pitch_hz(48, w) - 880.0).abs() < 1e-9);
    let ratios = JUST_MAJOR_RATIOS;
    for (n, r) in JUST_MAJOR_RINGS.iter().zip(ratios) {
        assert!((pitch_hz(*n, w) / pitch_hz(24, w) - r).abs() < 1e-12);
    }
}

#[test]
fn motor_holds_its_speed_against_friction() {
    let mut d = Disk::new(steel(0.0, 0.05, 0.0005));
    let input = DiskInputs {
        motor_rpm: 1100.0,
        finger_angle: None,
    };
    for _ in 0..(60 * 20) {
        d.step(TICK_S, input);
    }
    assert!(
        (rad_s_to_rpm(d.omega) - 1100.0).abs() < 1e-6,
        "{}",
        rad_s_to_rpm(d.omega)
    );
}

#[test]
fn motor_torque_limit_bounds_the_spin_up() {
    let p = steel(0.0, 0.0, 0.0);
    let mut d = Disk::new(p.clone());
    let input = DiskInputs {
        motor_rpm: 1100.0,
        finger_angle: None,
    };
    d.step(1.0, input);
    let max_dw = p.motor.max_torque_n_m / p.inertia();
    assert!(d.omega <= max_dw + 1e-9);
}

#[test]
fn a_dragging_finger_spins_the_disk_both_ways() {
    for dir in [1.0, -1.0] {
        let mut d = Disk::new(steel(0.0, 0.05, 0.0005));
        // The finger sweeps a quarter turn in 0.25 s and lets go: a flick.
        for k in 0..=15 {
            let f = dir * (k as f64) * (PI / 2.0) / 15.0;
            d.step(
                TICK_S,
                DiskInputs {
                    motor_rpm: 0.0,
                    finger_angle: Some(f),
                },
            );
        }
        d.step(TICK_S, DiskInputs::default());
        assert!(d.omega * dir > 2.0, "{}", d.omega);
    }
}

#[test]
fn twinkle_starts_do_do_so_so_la_la_so_and_waits_for_the_right_ring() {
    let mut song = SongProgress::default();
    let rings: Vec<usize> = (0..7)
        .map(|_| {
            let r = song.next_ring();
            assert!(song.blown(r));
            r
        })
        .collect();
    assert_eq!(rings, [0, 0, 4, 4, 5, 5, 4]);
    assert!(!song.blown(7));
    assert_eq!(song.next_ring(), 3);
    // At 1100 rpm ring 0 is A4 and the 5th degree (36 holes) a just fifth above: 660 Hz.
    assert!((pitch_hz(JUST_MAJOR_RINGS[4], rpm_to_rad_s(1100.0)) - 660.0).abs() < 1e-9);
}

#[test]
fn hole_passings_fall_at_the_right_fractions() {
    let pitch = TAU / 24.0;
    let ev = hole_passings(24, 0.5 * pitch, 2.5 * pitch);
    assert_eq!(ev.len(), 2);
    assert!((ev[0] - 0.25).abs() < 1e-12 && (ev[1] - 0.75).abs() < 1e-12);
    assert!(hole_passings(24, 0.1, 0.1).is_empty());
    assert_eq!(hole_passings(24, 2.5 * pitch, 0.5 * pitch).len(), 2);
}
