//! 音乐转盘 headless: the glide's ratios, touches on the disk and rings, song mode.

use caravan::sim::Simulation;
use caravan::sim::builtin_exhibit as builtin;

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
