//! Opening hours: the kiosk rests outside them (dark screen, no exhibit running), wakes for
//! staff, lets a visitor finish, and opens again on time.

use crate::headless::*;
use crate::support::*;
use bevy::prelude::*;
use caravan::kiosk::hours;
use caravan::kiosk::{self, RunArgs, Screen, UiButton};

/// A kiosk open 09:00–17:00 (idle reset after 10 s + 3 s), its clock at `day_s` now.
fn kiosk_at(name: &str, day_s: f64) -> App {
    let config = scratch(name).join("kiosk.ron");
    std::fs::write(
        &config,
        format!(
            r#"(opening_hours: (open: "09:00", close: "17:00"), idle_s: 10.0, countdown_s: 3.0, operator_pin_sha256: "{}")"#,
            kiosk::config::pin_hash("2468")
        ),
    )
    .unwrap();
    // The simulated clock from the first frame: the machine's own time of day must not
    // decide where the kiosk is when the test starts.
    kiosk_set_up(
        RunArgs {
            config: Some(config),
            ..default()
        },
        |app| set_clock(app, day_s),
    )
}

fn set_clock(app: &mut App, day_s: f64) {
    hours::set_time_of_day(app.world_mut(), day_s);
}

const H: f64 = 3600.0;
/// A point on the launcher's title: a touch there wakes the kiosk and presses nothing.
const TITLE: Vec2 = Vec2::new(640.0, 30.0);

#[test]
fn the_kiosk_rests_after_closing_wakes_for_staff_and_opens_on_time() {
    // Two minutes before closing (the frames that load the font run on this clock too).
    let mut app = kiosk_at("hours-rest", 17.0 * H - 120.0);
    run(&mut app, 5.0);
    assert_eq!(screen(&app), Screen::Attract);
    assert!(
        active_id(&app).is_some(),
        "the attract loop runs an exhibit"
    );
    // Closing time: the attract loop stops and no exhibit runs.
    run(&mut app, 120.0);
    assert_eq!(screen(&app), Screen::Closed);
    assert_eq!(active_id(&app), None);
    let texts = kiosk::texts_on_screen(app.world_mut());
    assert!(
        texts.iter().any(|t| t.contains("09:00")),
        "the dark screen says when it opens: {texts:?}"
    );
    // It stays at rest through the evening.
    run(&mut app, 120.0);
    assert_eq!(screen(&app), Screen::Closed);
    assert_eq!(active_id(&app), None);
    // A member of staff touches it: the launcher, and back to rest when left alone.
    kiosk::tap(app.world_mut(), TITLE);
    run(&mut app, 1.0);
    assert_eq!(screen(&app), Screen::Launcher);
    run(&mut app, 12.0);
    assert_eq!(screen(&app), Screen::Closed);
    // The operator's screen shows the hours; left alone it goes back to rest too.
    kiosk::tap(app.world_mut(), TITLE);
    run(&mut app, 1.0);
    open_pin_pad(&mut app);
    enter_pin(&mut app, "2468");
    let texts = kiosk::texts_on_screen(app.world_mut());
    assert!(texts.iter().any(|t| t.contains("09:00–17:00")), "{texts:?}");
    run(&mut app, 200.0);
    assert_eq!(screen(&app), Screen::Closed);
    // The next morning at 09:00 the attract loop starts again.
    set_clock(&mut app, 9.0 * H - 5.0);
    run(&mut app, 2.0);
    assert_eq!(screen(&app), Screen::Closed);
    run(&mut app, 5.0);
    assert_eq!(screen(&app), Screen::Attract);
    assert!(active_id(&app).is_some());
}

#[test]
fn at_rest_a_frame_a_second_keeps_the_kiosks_time() {
    use bevy::time::TimeUpdateStrategy;
    use std::time::Duration;
    let mut app = kiosk_at("hours-one-hz", 17.0 * H + 60.0);
    run(&mut app, 1.0);
    assert_eq!(screen(&app), Screen::Closed);
    // A real screen draws a frame a second at rest: each moves the clock a whole second (not
    // Bevy's 0.25 s limit), so that the dark screen's minute and the opening time come on time.
    let elapsed = |app: &App| app.world().resource::<Time<Virtual>>().elapsed_secs_f64();
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)));
    let before = elapsed(&app);
    for _ in 0..30 {
        app.update();
    }
    assert!(
        (elapsed(&app) - before - 30.0).abs() < 1e-6,
        "{}",
        elapsed(&app) - before
    );
    // Awake, a long frame is cut to Bevy's limit again: a stall never has an exhibit catch
    // up more than a quarter of a second at once.
    kiosk::tap(app.world_mut(), TITLE);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Launcher);
    let before = elapsed(&app);
    app.update();
    assert!(
        (elapsed(&app) - before - 0.25).abs() < 1e-6,
        "{}",
        elapsed(&app) - before
    );
}

#[test]
fn a_visitor_playing_at_closing_time_is_not_cut_off() {
    let mut app = kiosk_at("hours-visitor", 17.0 * H - 10.0);
    // On the title, clear of the launcher's tiles (its lift lands on the launcher).
    kiosk::tap(app.world_mut(), TITLE);
    run(&mut app, 1.5);
    assert_eq!(screen(&app), Screen::Launcher);
    let tile = kiosk::tiles(app.world_mut())[0].clone();
    assert!(kiosk::press(app.world_mut(), UiButton::Tile(tile.clone())));
    run(&mut app, 1.0);
    assert_eq!(screen(&app), Screen::Exhibit);
    // Playing on past 17:00 (a touch every few seconds).
    for _ in 0..10 {
        kiosk::tap(app.world_mut(), Vec2::new(640.0, 400.0));
        run(&mut app, 4.0);
        assert_eq!(screen(&app), Screen::Exhibit);
    }
    assert_eq!(active_id(&app), Some(tile));
    // The visitor goes: the idle reset (the exhibit's own timeout, then the countdown), then
    // rest.
    run(&mut app, 120.0);
    assert_eq!(screen(&app), Screen::Closed);
    assert_eq!(active_id(&app), None);
}

#[test]
fn resting_frames_are_not_counted_as_frame_times() {
    let config = scratch("hours-metrics").join("kiosk.ron");
    std::fs::write(
        &config,
        r#"(opening_hours: (open: "09:00", close: "17:00"), metrics_listen: Some("127.0.0.1:0"))"#,
    )
    .unwrap();
    let mut app = kiosk_set_up(
        RunArgs {
            config: Some(config),
            ..default()
        },
        |app| set_clock(app, 12.0 * H),
    );
    let addr = app.world().resource::<kiosk::metrics::MetricsAddr>().0;
    let frames = |app: &mut App| {
        app.update();
        let body = http_get(addr, "/metrics");
        body.lines()
            .find_map(|l| l.strip_prefix("caravan_frame_seconds_count "))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .expect("a frame count")
    };
    // Open: each frame is counted.
    let a = frames(&mut app);
    run(&mut app, 5.0);
    let b = frames(&mut app);
    assert!(b >= a + 20, "{a} → {b}");
    // Resting: none are.
    set_clock(&mut app, 17.0 * H + 60.0);
    run(&mut app, 1.0);
    assert_eq!(screen(&app), Screen::Closed);
    let c = frames(&mut app);
    run(&mut app, 30.0);
    assert_eq!(frames(&mut app), c);
}

#[test]
fn opening_hours_that_are_not_times_are_refused_at_their_line() {
    use caravan::kiosk::config::KioskConfig;
    let f = scratch("hours-config").join("kiosk.ron");
    for (text, at, says) in [
        (
            "(\n    opening_hours: (open: \"9am\", close: \"17:00\"),\n)\n",
            "kiosk.ron:2:27:",
            "`9am` is not a time of day",
        ),
        (
            "(\n    opening_hours: (open: \"09:00\", close: \"24:00\"),\n)\n",
            "kiosk.ron:2:43:",
            "`24:00` is not a time of day",
        ),
        (
            "(\n    opening_hours: (open: \"09:00\", close: \"09:00\"),\n)\n",
            "kiosk.ron:2:43:",
            "would never be open",
        ),
    ] {
        std::fs::write(&f, text).unwrap();
        let (c, problems) = KioskConfig::load(&f);
        assert_eq!(c, KioskConfig::default(), "{text}");
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            lines.iter().any(|l| l.contains(at) && l.contains(says)),
            "{text}: {lines:?}"
        );
    }
    std::fs::write(&f, "(opening_hours: (open: \"18:00\", close: \"01:30\"))").unwrap();
    assert!(KioskConfig::load(&f).1.is_empty(), "hours across midnight");
}
