//! Opening hours. Outside them the kiosk rests on [`Screen::Closed`]: a dark screen with one
//! dim line that moves every minute (no still image to burn into the panel), no exhibit
//! running (no lattice or rapier ticking all night, no sound in an empty hall) and, on a real
//! screen, one frame a second. The process stays up: the watchdog keeps being told, packs
//! keep being watched. A touch, key or button wakes it to the launcher (staff checking a
//! kiosk after hours), and the idle reset brings it back to rest; at opening time the attract
//! loop starts. Without `opening_hours` in the config the kiosk never rests.
//!
//! The time of day is the machine's local time (the kiosk PC's time zone); `caravan soak`
//! runs on a simulated clock instead.

use super::Screen;
use super::config::KioskConfig;
use super::input::Idle;
use super::opening_hours::DAY_S;
use super::text::Strings;
use super::theme::{INK, ui_root, value_text};
use bevy::prelude::*;

/// Where the time of day comes from.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub enum Clock {
    /// The machine's local time.
    #[default]
    Local,
    /// `start_day_s` seconds after midnight when the app's clock read 0, then the app's clock
    /// (`caravan soak`'s accelerated day).
    Simulated { start_day_s: f64 },
}

impl Clock {
    /// Seconds after midnight now; `elapsed_s`: the app's clock.
    pub fn day_s(&self, elapsed_s: f64) -> f64 {
        match *self {
            Clock::Local => local_day_s(),
            Clock::Simulated { start_day_s } => (start_day_s + elapsed_s).rem_euclid(DAY_S),
        }
    }
}

/// Puts the kiosk on a simulated clock that reads `day_s` seconds after midnight now and runs
/// with the app's own clock from here (`caravan fuzz` and `soak`, tests).
pub fn set_time_of_day(world: &mut World, day_s: f64) {
    let elapsed = world.resource::<Time>().elapsed_secs_f64();
    world.insert_resource(Clock::Simulated {
        start_day_s: day_s - elapsed,
    });
}

/// Seconds after midnight now, by the kiosk's clock.
fn day_s_now(world: &World) -> f64 {
    let elapsed = world.resource::<Time>().elapsed_secs_f64();
    world.resource::<Clock>().day_s(elapsed)
}

/// Seconds after local midnight, by the C library's `localtime_r` (the TZ variable or
/// /etc/localtime, as every other program on the machine sees it).
fn local_day_s() -> f64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let t = now as libc::time_t;
    // SAFETY: `tm` is plain data the call fills in; both pointers are to live locals.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        return (now % 86_400) as f64;
    }
    (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) as f64
}

/// Whether the kiosk should rest now.
fn closed_now(world: &World) -> bool {
    let Some(hours) = &world.resource::<KioskConfig>().opening_hours else {
        return false;
    };
    !hours.is_open(day_s_now(world))
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Clock>();
    app.add_systems(
        Update,
        (
            rest_after_hours.run_if(in_state(Screen::Attract)),
            closed_screen.run_if(in_state(Screen::Closed)),
        ),
    );
    app.add_systems(OnEnter(Screen::Closed), (enter_closed, frame_rate(true)));
    app.add_systems(OnExit(Screen::Closed), frame_rate(false));
}

/// From the attract loop (the only screen nobody is using: a visitor's game, the launcher and
/// the operator's pad end in it by the idle reset) to rest, once closing time has come.
fn rest_after_hours(world: &mut World) {
    if closed_now(world) {
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Closed);
    }
}

/// The one line on the dark screen.
#[derive(Component)]
struct RestLine;

/// Where the line is: it moves round these places every few minutes.
const SPOTS: [(f32, f32); 5] = [
    (10.0, 12.0),
    (55.0, 70.0),
    (20.0, 80.0),
    (60.0, 20.0),
    (35.0, 45.0),
];

fn enter_closed(world: &mut World) {
    let (open, close) = world
        .resource::<KioskConfig>()
        .opening_hours
        .as_ref()
        .map(|h| (h.open.clone(), h.close.clone()))
        .unwrap_or_default();
    // A kiosk PC on the wrong time zone rests in the day: the log says what time it thought.
    let now = day_s_now(world) as u32;
    info!(
        "closed ({open}–{close}; the time here is {:02}:{:02}): resting until {open}",
        now / 3600,
        now / 60 % 60
    );
    let strings = world.resource::<Strings>();
    let line = |lang: &str| strings.get("closed", lang).replace("{t}", &open);
    let text = format!("{} · {}", line("zh-CN"), line("en"));
    world.spawn((
        DespawnOnExit(Screen::Closed),
        Node {
            position_type: PositionType::Absolute,
            ..ui_root()
        },
        BackgroundColor(Color::BLACK),
        children![(
            RestLine,
            Node {
                position_type: PositionType::Absolute,
                left: Val::Percent(SPOTS[0].0),
                top: Val::Percent(SPOTS[0].1),
                ..default()
            },
            children![value_text(text, 22.0, INK.with_alpha(0.35))],
        )],
    ));
}

/// At opening time, back to the attract loop; a touch, key or button wakes the kiosk to the
/// launcher; the line moves on every few minutes.
fn closed_screen(world: &mut World, mut lines: Local<QueryState<&mut Node, With<RestLine>>>) {
    if !closed_now(world) {
        info!("opening time: the attract loop starts");
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Attract);
        return;
    }
    if world.resource::<Idle>().seconds == 0.0 {
        info!("woken after hours (a touch, key or button): the launcher");
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Launcher);
        return;
    }
    let minute = (world.resource::<Time>().elapsed_secs_f64() / 60.0) as usize;
    let (x, y) = SPOTS[minute % SPOTS.len()];
    for mut node in lines.iter_mut(world) {
        if node.left != Val::Percent(x) {
            node.left = Val::Percent(x);
            node.top = Val::Percent(y);
        }
    }
}

/// The longest step the kiosk's clock takes in one frame while resting: a frame a second
/// (and a little late). Bevy's own limit, 0.25 s, would have the clock lose three seconds of
/// every four at rest; awake the limit is Bevy's again, so that a stalled frame never makes
/// an exhibit catch up more than 15 ticks at once.
const REST_MAX_DELTA_S: f64 = 1.5;

/// One frame a second while resting (input still wakes it at once), the display's rate again
/// after; the clock's step limit with it. The frame rate only on a real screen: the headless
/// kiosk has no window loop (`caravan soak` steps it a second a frame at rest itself).
fn frame_rate(
    resting: bool,
) -> impl Fn(Option<ResMut<bevy::winit::WinitSettings>>, ResMut<Time<Virtual>>) {
    move |settings, mut time| {
        time.set_max_delta(if resting {
            std::time::Duration::from_secs_f64(REST_MAX_DELTA_S)
        } else {
            Time::<Virtual>::default().max_delta()
        });
        if let Some(mut s) = settings {
            *s = if resting {
                bevy::winit::WinitSettings {
                    focused_mode: bevy::winit::UpdateMode::reactive_low_power(
                        std::time::Duration::from_secs(1),
                    ),
                    unfocused_mode: bevy::winit::UpdateMode::reactive_low_power(
                        std::time::Duration::from_secs(1),
                    ),
                }
            } else {
                bevy::winit::WinitSettings::game()
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_clock_reads_a_time_of_day() {
        let t = Clock::Local.day_s(0.0);
        assert!((0.0..86_400.0).contains(&t), "{t}");
    }
}
