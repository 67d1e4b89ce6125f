//! `caravan soak --hours H [--seed K] [--start HH:MM]`: the whole kiosk headless through a
//! museum's day at accelerated time, as its visitors use it. Outside opening hours nobody
//! comes and the attract loop plays on its own; in them, visitors arrive at random (more in
//! the morning and afternoon, fewer at lunch), touch the attract screen, pick an exhibit on
//! the launcher, hold and tap it and its controls for a minute or two, now and then switch
//! the language, then either go home to the launcher (and sometimes pick another exhibit) or
//! walk away and leave the idle reset to bring the attract loop back. The kiosk has the
//! museum's opening hours in its config and rests outside them (`kiosk::hours`), on a clock
//! that runs with the simulated day; `--always-on` leaves them out, and the attract loop plays
//! all night. It fails as `fuzz` does (see `watch`) and prints how fast the day ran.

use super::fuzz::Rng;
use super::watch::{REST_STEP_S, STEP_S, Watch};
use crate::kiosk::opening_hours::{OpeningHours, parse_hhmm};
use crate::kiosk::{self, RunArgs, Screen, UiButton};
use bevy::input::touch::TouchPhase;
use bevy::prelude::*;
use std::io::Write;
use std::time::Instant;

/// `caravan soak`'s arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Simulated hours to run.
    #[arg(long)]
    pub hours: f64,
    /// The seed: the same seed gives the same day.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The time of day the run starts, HH:MM.
    #[arg(long, default_value = "09:00")]
    pub start: String,
    /// A kiosk without opening hours: it never rests, the attract loop plays all night.
    #[arg(long)]
    pub always_on: bool,
}

/// The museum's hours: visitors come in them, and the kiosk's config has them.
fn museum() -> OpeningHours {
    OpeningHours {
        open: "09:00".into(),
        close: "17:00".into(),
    }
}

/// The window the headless kiosk lays out in, logical pixels.
const WINDOW: Vec2 = Vec2::new(1280.0, 800.0);

/// Mean minutes between visitors at this hour of the day; `None` when closed.
fn mean_gap_min(hour: f64) -> Option<f64> {
    let h = hour.rem_euclid(24.0);
    match h {
        h if !museum().is_open(h * 3600.0) => None,
        h if (12.0..14.0).contains(&h) => Some(8.0),
        _ => Some(3.0),
    }
}

/// What the visitor at the kiosk is doing, if any.
enum Visitor {
    /// Nobody; the next one comes at this time (simulated seconds), if the museum is open.
    Away { next_s: f64 },
    /// Reading the launcher until this time.
    Choosing { until_s: f64 },
    /// At an exhibit until `until_s`; the next touch at `touch_s`; a finger held until
    /// `lift_s`.
    Playing {
        until_s: f64,
        touch_s: f64,
        held: Option<(u64, Vec2, f64)>,
    },
}

#[derive(Default)]
struct Tally {
    visitors: u64,
    sessions: u64,
    walked_away: u64,
    touches: u64,
}

fn exponential(rng: &mut Rng, mean: f64) -> f64 {
    -mean * (1.0 - rng.unit()).ln()
}

/// Dwell at one exhibit: log-normal, median 75 s, between 10 s and 7 min.
fn dwell_s(rng: &mut Rng) -> f64 {
    let normal =
        (-2.0 * (1.0 - rng.unit()).ln()).sqrt() * (std::f64::consts::TAU * rng.unit()).cos();
    (75.0 * (0.8 * normal).exp()).clamp(10.0, 420.0)
}

/// When the next visitor comes after `now` (seconds since midnight of day 0).
fn next_arrival(rng: &mut Rng, now: f64) -> f64 {
    let mut t = now;
    // Step through closed hours to the next opening, then draw a gap at that hour's rate.
    loop {
        match mean_gap_min((t / 3600.0) % 24.0) {
            Some(gap) => return t + 60.0 * exponential(rng, gap),
            None => t = (t / 3600.0).floor() * 3600.0 + 3600.0,
        }
    }
}

/// Runs the soak; prints its report and returns the exit code (0 clean, 1 a failure found).
pub fn run(a: &Args, out: &mut impl Write) -> i32 {
    let Some(start) = parse_hhmm(&a.start) else {
        let _ = writeln!(out, "caravan soak: --start takes a time of day, HH:MM");
        return 2;
    };
    let longest_h = super::watch::LONGEST_RUN_S / 3600.0;
    if !(a.hours.is_finite() && a.hours > 0.0 && a.hours <= longest_h) {
        let _ = writeln!(
            out,
            "caravan soak: --hours takes a positive number of hours, at most {longest_h} (a year)"
        );
        return 2;
    }
    let mut app = match super::watch::kiosk(RunArgs::default(), start, "soak", out) {
        Ok(app) => app,
        Err(code) => return code,
    };
    if !a.always_on {
        app.world_mut()
            .resource_mut::<kiosk::config::KioskConfig>()
            .opening_hours = Some(museum());
    }
    let wall = Instant::now();
    let mut rng = Rng::new(a.seed);
    let mut tally = Tally::default();
    let mut visitor = Visitor::Away {
        next_s: next_arrival(&mut rng, start),
    };
    let mut watch = Watch::default();
    // The run's time in frames of STEP_S: a resting kiosk's frame is `rest` of them.
    let (end, rest) = (
        (a.hours * 3600.0 / STEP_S).ceil() as u64,
        (REST_STEP_S / STEP_S).round() as u64,
    );
    let mut next_finger = 1u64;
    let mut t = 0u64;
    while t < end {
        let now = start + t as f64 * STEP_S;
        visitor = act(
            app.world_mut(),
            &mut rng,
            visitor,
            now,
            &mut tally,
            &mut next_finger,
        );
        // Nobody comes while it rests (`next_arrival` skips closed hours): a frame a second
        // then, as a real screen draws it, rather than ten.
        let step = match app.world().resource::<State<Screen>>().get() {
            Screen::Closed => rest.min(end - t),
            _ => 1,
        };
        if !watch.frame(&mut app, step as f64 * STEP_S) {
            break;
        }
        t += step;
    }
    let minutes = wall.elapsed().as_secs_f64() / 60.0;
    let _ = writeln!(
        out,
        "soak: seed {}, from {}, {}, {:.2} h simulated in {minutes:.1} min ({:.0}× real time, \
         lattices on {} threads); {} visitors, {} exhibit sessions, {} walked away, {} touches",
        a.seed,
        a.start,
        if a.always_on {
            "kiosk always on".to_string()
        } else {
            let h = museum();
            format!("kiosk open {}–{}", h.open, h.close)
        },
        a.hours,
        a.hours * 60.0 / minutes.max(1e-9),
        crate::model::lbm::default_threads(),
        tally.visitors,
        tally.sessions,
        tally.walked_away,
        tally.touches,
    );
    watch.finish(
        out,
        &format!(
            "caravan soak --hours {} --seed {} --start {}{}",
            a.hours,
            a.seed,
            a.start,
            if a.always_on { " --always-on" } else { "" }
        ),
    )
}

/// The visitor's move this frame.
fn act(
    world: &mut World,
    rng: &mut Rng,
    visitor: Visitor,
    now: f64,
    tally: &mut Tally,
    next_finger: &mut u64,
) -> Visitor {
    let screen = *world.resource::<State<Screen>>().get();
    match visitor {
        Visitor::Away { next_s } if now >= next_s => {
            tally.visitors += 1;
            wake(world, screen);
            tally.touches += 1;
            Visitor::Choosing {
                until_s: now + 1.0 + 3.0 * rng.unit(),
            }
        }
        Visitor::Choosing { until_s } if now >= until_s => {
            // At the topics: one first (a visitor's first tap), then an exhibit of it.
            let topics = kiosk::topic_tiles(world);
            if !topics.is_empty() {
                kiosk::press(world, UiButton::Topic(topics[rng.below(topics.len())]));
                tally.touches += 1;
                return Visitor::Choosing { until_s: now + 1.0 };
            }
            let tiles = kiosk::tiles(world);
            if tiles.is_empty() {
                // Not on the launcher (the idle reset got there first, say): get there.
                wake(world, screen);
                return Visitor::Choosing { until_s: now + 1.0 };
            }
            kiosk::press(world, UiButton::Tile(tiles[rng.below(tiles.len())].clone()));
            tally.sessions += 1;
            tally.touches += 1;
            Visitor::Playing {
                until_s: now + dwell_s(rng),
                touch_s: now + 1.0,
                held: None,
            }
        }
        Visitor::Playing {
            until_s,
            touch_s,
            held,
        } => play(world, rng, now, until_s, touch_s, held, tally, next_finger),
        v => v,
    }
}

/// Gets to the launcher from whatever the last visitor left: the attract loop wakes at a
/// touch, an exhibit left open is closed with Home.
fn wake(world: &mut World, screen: Screen) {
    match screen {
        Screen::Exhibit => {
            kiosk::press(world, UiButton::Home);
        }
        Screen::Launcher => {}
        _ => kiosk::tap(world, WINDOW / 2.0),
    }
}

/// At an exhibit: holds and taps until `until_s`, then home or away.
#[allow(clippy::too_many_arguments)]
fn play(
    world: &mut World,
    rng: &mut Rng,
    now: f64,
    until_s: f64,
    mut touch_s: f64,
    mut held: Option<(u64, Vec2, f64)>,
    tally: &mut Tally,
    next_finger: &mut u64,
) -> Visitor {
    if let Some((id, at, lift_s)) = held
        && now >= lift_s
    {
        kiosk::finger(world, id, TouchPhase::Ended, at);
        // The next touch in a later frame, as a hand would.
        return Visitor::Playing {
            until_s,
            touch_s: touch_s.max(now + STEP_S),
            held: None,
        };
    }
    if now >= until_s && held.is_none() {
        if rng.chance(0.55) {
            kiosk::press(world, UiButton::Home);
            tally.touches += 1;
            if rng.chance(0.35) {
                return Visitor::Choosing {
                    until_s: now + 2.0 + 4.0 * rng.unit(),
                };
            }
        } else {
            tally.walked_away += 1;
        }
        return Visitor::Away {
            next_s: next_arrival(rng, now),
        };
    }
    if now >= touch_s && held.is_none() && now < until_s {
        tally.touches += 1;
        if rng.chance(0.03) {
            kiosk::press(world, UiButton::Language);
        } else if rng.chance(0.6) {
            // A finger held on the exhibit itself, somewhere in the middle of the screen.
            let at = WINDOW
                * Vec2::new(
                    0.2 + 0.6 * rng.unit() as f32,
                    0.25 + 0.5 * rng.unit() as f32,
                );
            *next_finger += 1;
            kiosk::finger(world, *next_finger, TouchPhase::Started, at);
            held = Some((*next_finger, at, now + 0.5 + 5.5 * rng.unit()));
        } else {
            let rects = kiosk::control_rects(world);
            if !rects.is_empty() {
                kiosk::tap(world, rects[rng.below(rects.len())].center());
            }
        }
        touch_s = now + 0.5 + 3.5 * rng.unit();
    }
    Visitor::Playing {
        until_s,
        touch_s,
        held,
    }
}
