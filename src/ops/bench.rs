//! `caravan bench`: speed figures printed, never asserted. Run it on an idle machine.

use crate::exhibits::ActiveExhibit;
use crate::model::synth::{PuffSynth, SAMPLE_RATE};
use crate::model::turntable::{Disk, DiskInputs, TurntableParams, hole_passings};
use crate::model::{TICK_HZ, TICK_S};
use crate::pack::{Catalogue, load_pack};
use crate::sim::Simulation;
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

fn time<F: FnMut()>(iters: u64, mut f: F) -> f64 {
    let t = Instant::now();
    for _ in 0..iters {
        f();
    }
    t.elapsed().as_secs_f64() / iters as f64
}

pub fn run(quick: bool, out: &mut impl Write) {
    let scale = if quick { 1 } else { 10 };
    let _ = writeln!(
        out,
        "caravan {} ({}), {} cores",
        env!("CARGO_PKG_VERSION"),
        env!("CARAVAN_COMMIT"),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let pack = super::builtin_pack();
    let per = time(20 * scale, || {
        black_box(load_pack(&pack));
    });
    let _ = writeln!(
        out,
        "pack parse+validate (built-in)      {:>10.3} ms",
        per * 1e3
    );

    let c = Catalogue::load(&[pack]);
    for (p, d) in c
        .packs
        .iter()
        .flat_map(|p| p.exhibits.iter().map(move |d| (p, d)))
    {
        let mut sim = Simulation::new(
            ActiveExhibit::new(d.clone(), p.dir.clone(), Default::default()),
            Vec::new(),
        );
        // Blow so the interesting path runs.
        sim.push_input(crate::descriptor::Input::Set {
            control: "blow".into(),
            value: crate::descriptor::kinds::ControlValue::Bool(true),
        });
        let ticks = 600 * scale;
        let per = time(ticks, || {
            sim.step();
        });
        let _ = writeln!(
            out,
            "headless tick {:<20}  {:>10.4} ms  ({:.0} ticks/s, {:.0}× real time)",
            d.id,
            per * 1e3,
            1.0 / per,
            1.0 / (per * TICK_HZ)
        );
    }

    let mut disk = Disk::new(TurntableParams::default());
    let input = DiskInputs {
        motor_rpm: 1100.0,
        finger_angle: None,
    };
    let per = time(100_000 * scale, || {
        let (a0, a1) = disk.step(TICK_S, input);
        black_box(hole_passings(48, a0, a1));
    });
    let _ = writeln!(
        out,
        "turntable model tick (+ hole events) {:>10.5} ms",
        per * 1e3
    );

    let mut synth = PuffSynth::new(SAMPLE_RATE);
    let mut buf = vec![0.0f32; SAMPLE_RATE as usize / 60];
    let ticks = 6000 * scale;
    let per = time(ticks, || {
        synth.render(440.0, 0.6, 0.3, &mut buf);
        black_box(&buf);
    });
    let _ = writeln!(
        out,
        "siren synthesis                      {:>10.1}× real time (one core)",
        TICK_S / per
    );

    // A long headless run of the siren: exhibit tick plus its 1/60 s of audio, each against the
    // 16.7 ms a real-time audio block would allow. A block over it would be an underrun.
    let minutes = if quick { 1 } else { 10 };
    if let Some((p, d)) = c.find("music_turntable") {
        let mut held = std::collections::BTreeMap::new();
        use crate::descriptor::kinds::ControlValue;
        held.insert("motor_rpm".to_string(), ControlValue::Number(1100.0));
        held.insert("blow".to_string(), ControlValue::Bool(true));
        let mut sim = Simulation::new(
            ActiveExhibit::new(d.clone(), p.dir.clone(), held),
            Vec::new(),
        );
        let mut synth = PuffSynth::new(SAMPLE_RATE);
        let mut block = vec![0.0f32; SAMPLE_RATE as usize / 60];
        let (mut worst, mut late) = (0.0f64, 0u64);
        let ticks = minutes * 60 * 60;
        for _ in 0..ticks {
            let t = Instant::now();
            sim.step();
            if let Some(v) = sim.voice() {
                synth.render(v.freq_hz, v.level, v.duty, &mut block);
            }
            let dt = t.elapsed().as_secs_f64();
            worst = worst.max(dt);
            late += (dt > TICK_S) as u64;
        }
        let _ = writeln!(
            out,
            "{minutes} min headless siren run           worst tick+audio {:.3} ms of {:.1} ms, underruns {late}",
            worst * 1e3,
            TICK_S * 1e3
        );
    }
}
