//! `caravan bench`: speed figures printed, never asserted. Run it on an idle machine.

use crate::exhibits::ActiveExhibit;
use crate::model::synth::{PuffSynth, SAMPLE_RATE};
use crate::model::turntable::{Disk, DiskInputs, TurntableParams, hole_passings};
use crate::model::{TICK_HZ, TICK_S};
use crate::pack::{Catalogue, load_pack};
use crate::sim::Simulation;
use std::hint::black_box;
use std::io::Write;

mod lbm;
use lbm::stream_copy;
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
    let pack = crate::pack::builtin_pack();
    let per = time(20 * scale, || {
        black_box(load_pack(&pack));
    });
    let _ = writeln!(
        out,
        "pack parse+validate (built-in)      {:>10.3} ms",
        per * 1e3
    );

    // What the kiosk does on the compute pool for each panorama when the packs load: its own
    // read and decode, to the RGBA the GPU takes.
    let tour = pack
        .with_file_name("exhibits-tour")
        .join("images/pendulums.jpg");
    if tour.is_file() {
        let mut size = (0, 0);
        let per = time(scale, || {
            if let Some(img) = crate::kiosk::read_image(&tour) {
                size = (img.width(), img.height());
                black_box(img);
            }
        });
        let _ = writeln!(
            out,
            "panorama JPEG decode {}x{}          {:>10.1} ms (off the frame)",
            size.0,
            size.1,
            per * 1e3
        );
    }

    let c = Catalogue::load(&crate::pack::builtin_packs());
    for (p, d) in c
        .packs
        .iter()
        .flat_map(|p| p.exhibits.iter().map(move |d| (p, d)))
    {
        let mut sim = Simulation::new(
            ActiveExhibit::new(d.clone(), p.dir.clone(), Default::default()),
            Vec::new(),
        );
        // Blow (or let go, drop, start) so the interesting path runs.
        for control in ["blow", "release", "go", "drop"] {
            sim.push_input(crate::descriptor::Input::Set {
                control: control.into(),
                value: crate::descriptor::kinds::ControlValue::Bool(true),
            });
        }
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

    lbm::figures(quick, out);
    mechanics_budget(scale, out);
    optics_figures(&c, scale, out);
    waves_figures(quick, out);
    flow_figures(&c, scale, out);

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
    {
        let mut sim = Simulation::builtin(
            "music_turntable",
            &["controls.motor_rpm=1100", "controls.blow=true"],
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

/// The `mechanics` kind at its budget: 32 pendulums (32 joints) and 32 balls tumbling into a
/// tray (64 dynamic bodies in all), the model's tick alone on one core.
fn mechanics_budget(scale: u64, out: &mut impl Write) {
    use crate::model::mechanics::world::MechanicsWorld;
    use crate::model::mechanics::*;
    let mut scene = MechanicsParams {
        bodies: vec![BodySpec::new(
            "tray",
            BodyShape::Compound(vec![
                Part {
                    shape: BodyShape::Box {
                        size_m: [0.6, 0.02, 0.3],
                    },
                    offset_m: [0.0; 3],
                    rotation_deg: [0.0; 3],
                    density_kg_m3: None,
                },
                Part {
                    shape: BodyShape::Box {
                        size_m: [0.02, 0.2, 0.3],
                    },
                    offset_m: [0.3, 0.1, 0.0],
                    rotation_deg: [0.0; 3],
                    density_kg_m3: None,
                },
                Part {
                    shape: BodyShape::Box {
                        size_m: [0.02, 0.2, 0.3],
                    },
                    offset_m: [-0.3, 0.1, 0.0],
                    rotation_deg: [0.0; 3],
                    density_kg_m3: None,
                },
            ]),
            Motion::Fixed,
            [0.0, -0.01, 0.0],
        )],
        ..Default::default()
    };
    for i in 0..32 {
        let mut ball = BodySpec::new(
            &format!("ball{i}"),
            BodyShape::Sphere { radius_m: 0.02 },
            Motion::Dynamic,
            [
                -0.2 + 0.05 * (i % 8) as f64,
                0.1 + 0.05 * (i / 8) as f64,
                0.0,
            ],
        );
        ball.position_m[2] = 0.01 * (i % 3) as f64;
        scene.bodies.push(ball);
        scene.bodies.push(BodySpec::new(
            &format!("bob{i}"),
            BodyShape::Sphere { radius_m: 0.01 },
            Motion::Dynamic,
            [0.0; 3],
        ));
        scene.joints.push(JointSpec {
            id: format!("p{i}"),
            kind: JointKind::Pendulum {
                pivot_m: [0.0, 1.0, -0.5 - 0.03 * i as f64],
                length_m: 0.3 + 0.01 * i as f64,
                angle_deg: 20.0,
                axis: [0.0, 0.0, 1.0],
                swing: Swing::Plane,
            },
            a: "world".into(),
            b: format!("bob{i}"),
            anchor_a_m: [0.0; 3],
            anchor_b_m: [0.0; 3],
            collide: false,
        });
    }
    let mut p = crate::problems::Problems::default();
    crate::kind_spec::KindSpec::check(&scene, "kind", &mut p);
    assert!(p.is_empty(), "the budget scene is valid: {:?}", p.items);
    let controls = Default::default();
    let mut world = MechanicsWorld::new(&scene, &controls);
    let per = time(300 * scale, || world.step(&controls, None));
    let _ = writeln!(
        out,
        "mechanics tick at the budget (64 dynamic, 32 joints) {:>8.3} ms (one core; budget 2 ms)",
        per * 1e3
    );
}

/// The `optics` kind: a whole trace of each shipped scene (what a tick costs when a dial
/// moves; a tick that changes nothing traces nothing), and a scene of 10 000 rays among 20
/// surfaces (five fans of 2 000 rays in a box of absorbers, past lenses and part mirrors).
fn optics_figures(c: &Catalogue, scale: u64, out: &mut impl Write) {
    use crate::descriptor::kinds::KindParams;
    use crate::model::optics::OpticsParams;
    use crate::model::optics::trace::Optics;
    for d in c.exhibits() {
        let KindParams::Optics(p) = &d.kind else {
            continue;
        };
        let optics = Optics::new(p, |_| true);
        let mut segments = 0;
        let per = time(50 * scale, || {
            segments = black_box(optics.trace()).segments.len()
        });
        let _ = writeln!(
            out,
            "optics trace {:<22} {:>10.4} ms  ({segments} segments)",
            d.id,
            per * 1e3
        );
    }
    let mut text = String::from("(sources: [");
    for i in 0..5 {
        text += &format!(
            "(id: \"f{i}\", kind: Fan(at_m: (-0.9, {}), angle_deg: 0.0, spread_deg: 60.0, rays: 2000)),",
            -0.4 + 0.2 * i as f64
        );
    }
    text += "], surfaces: [";
    for (i, (a, b)) in [
        ((-1.0, -1.0), (1.0, -1.0)),
        ((1.0, -1.0), (1.0, 1.0)),
        ((1.0, 1.0), (-1.0, 1.0)),
        ((-1.0, 1.0), (-1.0, -1.0)),
    ]
    .iter()
    .enumerate()
    {
        text += &format!(
            "(id: \"wall{i}\", curve: Line(from_m: ({}, {}, 0.0), to_m: ({}, {}, 0.0)), does: Absorber),",
            a.0, a.1, b.0, b.1
        );
    }
    for i in 0..16 {
        let x = -0.6 + 0.09 * i as f64;
        let does = match i % 3 {
            0 => "ThinLens(focal_m: 0.3)",
            1 => "PartMirror(reflectance: 0.3)",
            _ => "Mirror",
        };
        let h = if i % 3 == 2 { 0.05 } else { 0.5 };
        text += &format!(
            "(id: \"s{i}\", curve: Line(from_m: ({x}, {}, 0.0), to_m: ({x}, {h}, 0.0)), does: {does}),",
            -h
        );
    }
    text += "])";
    let p: OpticsParams = ron::from_str(&text).expect("the bench scene parses");
    let optics = Optics::new(&p, |_| true);
    let mut segments = 0;
    let per = time(scale, || {
        segments = black_box(optics.trace()).segments.len()
    });
    let _ = writeln!(
        out,
        "optics 10 000 rays x 20 surfaces     {:>10.2} ms  ({:.2} M rays/s, {:.2} M segments/s)",
        per * 1e3,
        1e4 / per / 1e6,
        segments as f64 / per / 1e6
    );
}

/// The `waves` kind's field step on a 1024×1024 field, one core, with each kernel this CPU
/// runs, beside one-thread STREAM-style copies measured in the same run: the step moves
/// [`BYTES_PER_CELL_UPDATE`](crate::model::waves::field::BYTES_PER_CELL_UPDATE) bytes a cell,
/// so copy ÷ those bytes is the most cell updates memory could feed. Two copies: one as large
/// as the step's own arrays (u, u⁻, C²: 12.6 MB, which a large last-level cache may hold, so
/// it is the bound that applies) and one of 512 MB (main memory's). The copy's bytes are
/// counted with the read for ownership of each line it writes (12 B an element: STREAM counts
/// 8): the step writes over the line of u⁻ it has just read, and pays no such read.
fn waves_figures(quick: bool, out: &mut impl Write) {
    use crate::model::waves::field::{BYTES_PER_CELL_UPDATE, Field, Kernel};
    let secs: f64 = if quick { 0.3 } else { 2.0 };
    let n = 1024 + 2;
    let mut f = Field::new(n, n, 1, 0.01, 1e-5, 0.3, 0.0, 0.0);
    for (i, v) in f.u.iter_mut().enumerate() {
        *v = ((i * 7919) % 1000) as f32 * 1e-3;
    }
    // The same bytes as the step's arrays: read half, write half.
    let same = 3 * n * n / 2;
    let (a, mut c) = (vec![1.0f32; same], vec![0.0f32; same]);
    let near = stream_copy(&a, &mut c, 1, secs.max(1.0));
    let (a, mut c) = (vec![1.0f32; 1 << 26], vec![0.0f32; 1 << 26]);
    let far = stream_copy(&a, &mut c, 1, secs.max(1.0));
    // With the read for ownership: 12 B moved for the 8 `stream_copy` counts.
    let (near, far) = (near * 1.5, far * 1.5);
    let roof = |bw: f64| bw / BYTES_PER_CELL_UPDATE / 1e6;
    let _ = writeln!(
        out,
        "waves roofline, 1 thread: copy as large as the step's arrays (12.6 MB) {:.1} GB/s with its read for ownership ÷ {} B/cell = {:.0} MLUPS; of 512 MB {:.1} GB/s = {:.0} MLUPS",
        near / 1e9,
        BYTES_PER_CELL_UPDATE,
        roof(near),
        far / 1e9,
        roof(far)
    );
    let cells = ((n - 2) * (n - 2)) as f64;
    for k in Kernel::available() {
        f.kernel = k;
        f.step();
        let mut steps = 0u64;
        let t = Instant::now();
        while t.elapsed().as_secs_f64() < secs {
            for _ in 0..5 {
                f.step();
            }
            steps += 5;
        }
        let m = steps as f64 * cells / t.elapsed().as_secs_f64() / 1e6;
        let _ = writeln!(
            out,
            "waves 1024×1024 step, 1 thread, {:<8} {:>8.0} MLUPS = {:.0} % of the same-size copy's roofline ({:.0} % of main memory's)",
            k.name(),
            m,
            100.0 * m / roof(near),
            100.0 * m / roof(far)
        );
    }
    black_box(&f.u);
}

/// What a flow exhibit's moving bodies cost the lattice: each shipped exhibit with a body that
/// moves, ticked with its bodies and again with them taken out (the same air, nozzles and
/// controls), and the difference as a share of the tick without them.
fn flow_figures(c: &Catalogue, scale: u64, out: &mut impl Write) {
    use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
    use crate::model::flow::world::FlowWorld;
    for (_, d) in c
        .packs
        .iter()
        .flat_map(|p| p.exhibits.iter().map(move |d| (p, d)))
    {
        let KindParams::Flow(p) = &d.kind else {
            continue;
        };
        let mut controls: std::collections::BTreeMap<_, _> = p
            .controls()
            .into_iter()
            .map(|c| (c.name, c.default))
            .collect();
        for v in controls.values_mut() {
            if *v == ControlValue::Bool(false) {
                *v = ControlValue::Bool(true);
            }
        }
        let tick = |p: &crate::model::flow::FlowParams| {
            let mut w = FlowWorld::new(p, &controls);
            for _ in 0..60 {
                w.step(&controls);
            }
            time(60 * scale, || w.step(&controls))
        };
        let with = tick(p);
        let without = tick(&crate::model::flow::FlowParams {
            bodies: Vec::new(),
            probes: Vec::new(),
            ..p.clone()
        });
        let _ = writeln!(
            out,
            "flow {:<16} tick {:.3} ms with its bodies, {:.3} ms without: they cost {:+.0} %",
            d.id,
            with * 1e3,
            without * 1e3,
            (with / without - 1.0) * 100.0
        );
    }
}
