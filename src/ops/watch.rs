//! What a long headless run of the whole kiosk watches, for `caravan fuzz` and `caravan soak`:
//! each frame runs under `catch_unwind` and its telemetry is checked for NaN and infinities;
//! every `SAMPLE_EVERY_S` the entity and asset counts and resident memory are sampled; at the
//! end, counts or memory that keep growing after a warm-up third fail the run, and the
//! report says where the time went and the memory's slope.

use crate::exhibits::{ActiveExhibit, Telemetry};
use crate::kiosk;
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Simulated seconds per kiosk frame: 6 fixed ticks.
pub const STEP_S: f64 = 0.1;
/// Simulated seconds per frame while the kiosk rests outside opening hours: one, as on a real
/// screen (`kiosk::hours`).
pub const REST_STEP_S: f64 = 1.0;
/// The longest run `fuzz` and `soak` take, simulated seconds: a year.
pub const LONGEST_RUN_S: f64 = 366.0 * 86_400.0;
/// The shortest run whose memory slope is reported, simulated seconds.
const MIN_SLOPE_S: f64 = 600.0;
/// Samples of counts and memory are taken this often, simulated seconds.
const SAMPLE_EVERY_S: f64 = 10.0;

struct Sample {
    entities: usize,
    assets: usize,
    rss_mib: f64,
}

/// The headless kiosk with `args`, its font loaded; Err is the exit code, after saying why
/// (`who`: the command, for the message). Its time of day is `start_day_s` when it is
/// returned, and runs with the run's own clock from the first frame, never the machine's: a
/// config with opening hours gives the same run at any hour.
pub fn kiosk(
    args: kiosk::RunArgs,
    start_day_s: f64,
    who: &str,
    out: &mut impl Write,
) -> Result<App, i32> {
    let mut app = kiosk::build(
        kiosk::RunArgs {
            windowed: true,
            ..args
        },
        kiosk::Mode::Headless,
    )?;
    kiosk::hours::set_time_of_day(app.world_mut(), start_day_s);
    if !kiosk::ready(&mut app, STEP_S) {
        let _ = writeln!(out, "caravan {who}: the kiosk's font did not load");
        return Err(1);
    }
    // The frames that loaded the font ran on it too: the run starts at `start_day_s`.
    kiosk::hours::set_time_of_day(app.world_mut(), start_day_s);
    Ok(app)
}

#[derive(Default)]
pub struct Watch {
    samples: Vec<Sample>,
    pub failures: Vec<String>,
    /// Simulated seconds spent on each screen (and exhibit).
    seen: BTreeMap<String, f64>,
    /// Simulated seconds run, and when the next sample is due.
    elapsed_s: f64,
    next_sample_s: f64,
    /// The frame length the kiosk was last given.
    step_s: f64,
}

impl Watch {
    /// Runs one kiosk frame of `step_s` simulated seconds and checks it. False once the run
    /// has failed (a panic, or a value that is not finite): stop there.
    pub fn frame(&mut self, app: &mut App, step_s: f64) -> bool {
        if step_s != self.step_s {
            app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
                std::time::Duration::from_secs_f64(step_s),
            ));
            self.step_s = step_s;
        }
        let at = self.elapsed_s;
        if let Err(p) = catch_unwind(AssertUnwindSafe(|| app.update())) {
            let what = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            self.failures.push(format!("a panic at {at:.1} s: {what}"));
            return false;
        }
        if let Some(bad) = non_finite(app.world()) {
            self.failures.push(format!("at {at:.1} s: {bad}"));
            return false;
        }
        if self.elapsed_s >= self.next_sample_s {
            self.samples.push(sample(app.world_mut()));
            self.next_sample_s += SAMPLE_EVERY_S;
        }
        *self.seen.entry(showing(app.world())).or_default() += step_s;
        self.elapsed_s += step_s;
        true
    }

    /// Adds the growth failures, prints the time-on and memory lines and the verdict (`ok`, or
    /// each failure with `reproduce`, the command line that repeats the run); returns the exit
    /// code.
    pub fn finish(&mut self, out: &mut impl Write, reproduce: &str) -> i32 {
        self.failures.extend(growth(&self.samples));
        let share: Vec<String> = self
            .seen
            .iter()
            .map(|(k, v)| format!("{k} {:.0} %", 100.0 * v / self.elapsed_s.max(STEP_S)))
            .collect();
        let _ = writeln!(out, "time on: {}", share.join(", "));
        if let (Some(f), Some(l)) = (self.samples.first(), self.samples.last()) {
            // Over a few minutes the warm-up's tail dominates: a slope per hour would mislead.
            let slope = if self.elapsed_s >= MIN_SLOPE_S {
                format!(
                    "slope after warm-up {:+.2} MiB/h",
                    rss_slope_mib_h(&self.samples)
                )
            } else {
                format!("slope: runs of {MIN_SLOPE_S:.0} s or more")
            };
            let _ = writeln!(
                out,
                "entities {} → {}, assets {} → {}, RSS {:.1} → {:.1} MiB ({slope})",
                f.entities, l.entities, f.assets, l.assets, f.rss_mib, l.rss_mib,
            );
        }
        if self.failures.is_empty() {
            let _ = writeln!(out, "ok");
            return 0;
        }
        for f in &self.failures {
            let _ = writeln!(out, "FAIL {f} (reproduce: {reproduce})");
        }
        1
    }
}

fn showing(world: &World) -> String {
    kiosk::showing(
        world.resource::<State<kiosk::Screen>>().get(),
        world.get_resource::<ActiveExhibit>(),
    )
}

/// A number in this tick's telemetry that is not finite.
fn non_finite(world: &World) -> Option<String> {
    let t = world.get_resource::<Telemetry>()?;
    t.names.iter().zip(&t.values).find_map(|(name, v)| {
        let x: f64 = v.parse().ok()?;
        (!x.is_finite()).then(|| format!("`{name}` is {v}"))
    })
}

fn sample(world: &mut World) -> Sample {
    let assets = world.resource::<Assets<Mesh>>().len()
        + world.resource::<Assets<StandardMaterial>>().len()
        + world.resource::<Assets<Image>>().len();
    Sample {
        entities: world.entities().count_spawned() as usize,
        assets,
        rss_mib: crate::memory::rss_bytes() as f64 / (1 << 20) as f64,
    }
}

/// After a warm-up third: counts and memory of the last third against the middle one.
fn growth(samples: &[Sample]) -> Vec<String> {
    let n = samples.len();
    if n < 6 {
        return Vec::new();
    }
    let (middle, last) = (&samples[n / 3..2 * n / 3], &samples[2 * n / 3..]);
    let mean = |s: &[Sample], f: fn(&Sample) -> f64| s.iter().map(f).sum::<f64>() / s.len() as f64;
    let mut out = Vec::new();
    for (what, f, slack) in [
        (
            "entities",
            (|s: &Sample| s.entities as f64) as fn(&Sample) -> f64,
            300.0,
        ),
        ("assets", |s: &Sample| s.assets as f64, 50.0),
        ("resident memory (MiB)", |s: &Sample| s.rss_mib, 64.0),
    ] {
        let (m, l) = (mean(middle, f), mean(last, f));
        if l > m * 1.25 + slack {
            out.push(format!(
                "{what} keep growing: {m:.0} on average in the middle third, {l:.0} in the last"
            ));
        }
    }
    out
}

/// Least-squares slope of resident memory after the first third, MiB per simulated hour.
fn rss_slope_mib_h(samples: &[Sample]) -> f64 {
    let s = &samples[samples.len() / 3..];
    if s.len() < 2 {
        return 0.0;
    }
    let n = s.len() as f64;
    let xs = (0..s.len()).map(|i| i as f64 * SAMPLE_EVERY_S / 3600.0);
    let (mx, my) = (
        xs.clone().sum::<f64>() / n,
        s.iter().map(|x| x.rss_mib).sum::<f64>() / n,
    );
    let (mut num, mut den) = (0.0, 0.0);
    for (x, y) in xs.zip(s.iter().map(|x| x.rss_mib)) {
        num += (x - mx) * (y - my);
        den += (x - mx) * (x - mx);
    }
    if den > 0.0 { num / den } else { 0.0 }
}
