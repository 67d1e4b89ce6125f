//! `caravan fuzz [EXHIBIT|all] --seconds S --seed K [--pointers P]`: the whole kiosk headless
//! (screens, exhibits, countdown, operator pad, language, live reload of a pack being edited)
//! under seeded random input at accelerated time: up to P fingers at once (on and off the
//! window), a gamepad, keys, control values at and beyond their ranges, NaN and infinities,
//! bursts of scripted inputs. It fails on a panic, a NaN or infinite number in telemetry, an
//! entity or asset count that keeps growing, or memory that keeps growing after warm-up.

use super::watch::{LONGEST_RUN_S, STEP_S, Watch};
use crate::descriptor::Input;
use crate::descriptor::kinds::{ControlType, ControlValue};
use crate::descriptor::{Action, TouchPhase as ExhibitTouch};
use crate::exhibits::{ActiveExhibit, PendingInputs};
use crate::kiosk::config::{GAMEPAD_BUTTONS, KEYS};
use crate::kiosk::{self, RunArgs, UiButton};
use bevy::input::keyboard::Key;
use bevy::input::touch::TouchPhase;
use bevy::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `caravan fuzz`'s arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// An exhibit id of the built-in pack to start on, or `all` (start in the attract loop).
    #[arg(default_value = "all")]
    pub exhibit: String,
    /// Simulated seconds to run.
    #[arg(long)]
    pub seconds: f64,
    /// The seed: the same seed gives the same inputs.
    #[arg(long)]
    pub seed: u64,
    /// Fingers on the glass at once, at most.
    #[arg(long, default_value_t = 4)]
    pub pointers: usize,
}

/// xorshift64* (Vigna 2016): seeded, the same sequence on every machine. The fuzzers' (and
/// the tests' seeded runs') one source of chance.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // Any seed, 0 included: xorshift's state must not be 0.
        Self(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in 0..n (0 for n = 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Most fingers at once: more than any touchscreen reports (10 to 40), not so many that one
/// frame's touches are the run (100 000 were taken).
const MAX_POINTERS: usize = 64;

/// Runs the fuzz; prints its report and returns the exit code (0 clean, 1 a failure found).
pub fn run(a: &Args, out: &mut impl Write) -> i32 {
    if !(a.seconds.is_finite() && a.seconds > 0.0 && a.seconds <= LONGEST_RUN_S) {
        let _ = writeln!(
            out,
            "caravan fuzz: --seconds takes a positive number, at most {LONGEST_RUN_S} (a year)"
        );
        return 2;
    }
    if !(1..=MAX_POINTERS).contains(&a.pointers) {
        let _ = writeln!(
            out,
            "caravan fuzz: --pointers takes 1 to {MAX_POINTERS} fingers"
        );
        return 2;
    }
    let pack = match scratch_pack(a.seed) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(out, "caravan fuzz: cannot copy the built-in pack: {e}");
            return 1;
        }
    };
    let start = (a.exhibit != "all").then(|| a.exhibit.clone());
    // The core pack's copy is edited as an author would; the 力学 pack is loaded as shipped.
    let mechanics = crate::pack::builtin_packs().split_off(1);
    let args = RunArgs {
        packs: [vec![pack.clone()], mechanics].concat(),
        exhibit: start,
        ..RunArgs::default()
    };
    // Midday: a config with opening hours has the kiosk open, whatever the hour here.
    let mut app = match super::watch::kiosk(args, 12.0 * 3600.0, "fuzz", out) {
        Ok(app) => app,
        Err(code) => return code,
    };
    let mut rng = Rng::new(a.seed);
    let pad = kiosk::connect_gamepad(app.world_mut());
    let mut fingers: Vec<(u64, Vec2)> = Vec::new();
    let (mut events, mut next_finger) = (0u64, 1u64);
    let mut watch = Watch::default();
    for frame in 0..(a.seconds / STEP_S).ceil() as u64 {
        events += inputs(
            &mut app,
            &mut rng,
            pad,
            &mut fingers,
            &mut next_finger,
            a.pointers,
        );
        if frame % 300 == 150 {
            edit_pack(&pack, &mut rng);
            events += 1;
        }
        if !watch.frame(&mut app, STEP_S) {
            break;
        }
    }
    let _ = writeln!(
        out,
        "fuzz {}: seed {}, {:.0} s simulated ({:.2} h), {events} input events, up to {} fingers",
        a.exhibit,
        a.seed,
        a.seconds,
        a.seconds / 3600.0,
        a.pointers
    );
    let code = watch.finish(
        out,
        &format!(
            "caravan fuzz {} --seconds {} --seed {} --pointers {}",
            a.exhibit, a.seconds, a.seed, a.pointers
        ),
    );
    let _ = std::fs::remove_dir_all(&pack);
    code
}

/// This frame's random input; returns how many events it made.
fn inputs(
    app: &mut App,
    rng: &mut Rng,
    pad: Entity,
    fingers: &mut Vec<(u64, Vec2)>,
    next_finger: &mut u64,
    max_fingers: usize,
) -> u64 {
    let world = app.world_mut();
    let mut n = 0;
    // Fingers: down (sometimes off the window), moved, lifted.
    if fingers.len() < max_fingers && rng.chance(0.3) {
        let at = Vec2::new(
            (rng.unit() * 1.1 - 0.05) as f32 * 1280.0,
            (rng.unit() * 1.1 - 0.05) as f32 * 800.0,
        );
        *next_finger += 1;
        kiosk::finger(world, *next_finger, TouchPhase::Started, at);
        fingers.push((*next_finger, at));
        n += 1;
    }
    for (id, at) in fingers.iter_mut() {
        if rng.chance(0.3) {
            *at += Vec2::new(rng.unit() as f32 - 0.5, rng.unit() as f32 - 0.5) * 80.0;
            kiosk::finger(world, *id, TouchPhase::Moved, *at);
            n += 1;
        }
    }
    if !fingers.is_empty() && rng.chance(0.25) {
        let (id, at) = fingers.swap_remove(rng.below(fingers.len()));
        let phase = if rng.chance(0.05) {
            TouchPhase::Canceled
        } else {
            TouchPhase::Ended
        };
        kiosk::finger(world, id, phase, at);
        n += 1;
    }
    // A gamepad button or a key, of those a config can map; now and then the operator's
    // chord.
    if rng.chance(0.1) {
        let (_, b) = GAMEPAD_BUTTONS[rng.below(GAMEPAD_BUTTONS.len())];
        kiosk::gamepad_button(world, pad, b, rng.chance(0.5));
        n += 1;
    }
    if rng.chance(0.05) {
        let (_, k) = KEYS[rng.below(KEYS.len())];
        kiosk::key(world, k, unnamed(), rng.chance(0.5));
        n += 1;
    }
    if rng.chance(0.002) {
        for (k, l) in [
            (KeyCode::ControlLeft, Key::Control),
            (KeyCode::AltLeft, Key::Alt),
            (KeyCode::KeyO, Key::Character("o".into())),
        ] {
            kiosk::key(world, k, l, true);
        }
        n += 3;
    } else if rng.chance(0.01) {
        for k in [KeyCode::ControlLeft, KeyCode::AltLeft, KeyCode::KeyO] {
            kiosk::key(world, k, unnamed(), false);
        }
    }
    // On-screen buttons by name: language, home, reset, PIN keys.
    if rng.chance(0.03) {
        let b = match rng.below(4) {
            0 => UiButton::Language,
            1 => UiButton::Reset,
            2 => UiButton::Home,
            _ => UiButton::Pin(char::from(b'0' + rng.below(10) as u8)),
        };
        n += kiosk::press(world, b) as u64;
    }
    // Control values, in and far beyond range, and wild script inputs.
    if rng.chance(0.1) {
        n += wild_inputs(world, rng);
    }
    n
}

/// A key event's logical key, where only its code matters.
fn unnamed() -> Key {
    Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified)
}

fn wild_inputs(world: &mut World, rng: &mut Rng) -> u64 {
    let Some(a) = world.get_resource::<ActiveExhibit>() else {
        return 0;
    };
    let defs = a.descriptor.kind.controls();
    let Some(def) = defs.get(rng.below(defs.len())) else {
        return 0;
    };
    const WILD: [f64; 8] = [
        f64::NAN,
        f64::INFINITY,
        -f64::INFINITY,
        1e308,
        -1e308,
        0.0,
        -1.0,
        5e-324,
    ];
    let value = match &def.ty {
        ControlType::Bool => ControlValue::Bool(rng.chance(0.5)),
        ControlType::Number { min, max, .. } => ControlValue::Number(if rng.chance(0.5) {
            min + (max - min) * rng.unit() * 1.2
        } else {
            WILD[rng.below(WILD.len())]
        }),
        ControlType::Choice(opts) => ControlValue::Choice(if rng.chance(0.8) {
            opts[rng.below(opts.len())].to_string()
        } else {
            "no such option".into()
        }),
    };
    let mut burst = vec![Input::Set {
        control: def.name.to_string(),
        value,
    }];
    for _ in 0..rng.below(4) {
        let coord = |rng: &mut Rng| {
            if rng.chance(0.9) {
                rng.unit()
            } else {
                WILD[rng.below(WILD.len())]
            }
        };
        burst.push(match rng.below(3) {
            0 => Input::Touch {
                id: rng.below(12) as u64,
                phase: [ExhibitTouch::Down, ExhibitTouch::Move, ExhibitTouch::Up][rng.below(3)],
                x: coord(rng),
                y: coord(rng),
            },
            1 => Input::Button {
                action: [
                    Action::Blow,
                    Action::Select,
                    Action::Left,
                    Action::Right,
                    Action::Up,
                ][rng.below(5)],
                pressed: rng.chance(0.5),
            },
            _ => Input::Set {
                control: "no_such_control".into(),
                value: ControlValue::Number(1.0),
            },
        });
    }
    let n = burst.len() as u64;
    world.resource_mut::<PendingInputs>().0.extend(burst);
    n
}

/// A copy of the built-in pack for this run, which it edits as an author would.
fn scratch_pack(seed: u64) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("caravan-fuzz-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    crate::pack::copy_folder(&crate::pack::builtin_pack(), &dir)?;
    Ok(dir)
}

/// Saves one of the pack's descriptors with a small edit, good or broken: live reload takes
/// the good ones and keeps the last good version for the broken.
fn edit_pack(pack: &Path, rng: &mut Rng) {
    let files = ["bernoulli_cups", "music_turntable", "airflow_obstacle"];
    let f = pack.join(format!("{}.exhibit.ron", files[rng.below(files.len())]));
    let Ok(src) = std::fs::read_to_string(&f) else {
        return;
    };
    let edited = match rng.below(3) {
        0 => src.replacen("\"en\": \"", "\"en\": \"Edited ", 1),
        1 => src.replacen("(", "((", 1),
        _ => src.replacen("max_pointers", "max_pointerz", 1),
    };
    let _ = std::fs::write(&f, edited);
}
