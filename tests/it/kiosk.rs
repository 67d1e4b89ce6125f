//! The kiosk on screen: one render under software Vulkan (skipped, with a message, only where
//! no X server can be started).

use crate::support::*;
use std::process::Command;

#[test]
fn kiosk_config_defaults_are_valid_and_the_shipped_config_loads() {
    use caravan::kiosk::config::KioskConfig;
    assert!(KioskConfig::default().check().is_empty());
    let (c, problems) = KioskConfig::load(&repo().join("config/kiosk.ron"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c.default_language, "zh-CN");
}

#[test]
fn a_bad_kiosk_config_falls_back_to_defaults_with_a_located_error() {
    use caravan::kiosk::config::KioskConfig;
    let dir = scratch("config");
    let f = dir.join("kiosk.ron");
    std::fs::write(&f, "(\n    idle_s: 2.0,\n    languages: [\"fr\"],\n)\n").unwrap();
    let (c, problems) = KioskConfig::load(&f);
    assert_eq!(c, KioskConfig::default());
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("kiosk.ron:2:13:") && l.contains("idle_s")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("kiosk.ron:3:17:") && l.contains("`fr`")),
        "{lines:?}"
    );
}

#[test]
fn screenshot_of_an_exhibit_is_not_blank() {
    if !has_xvfb() {
        return;
    }
    let dir = scratch("shot");
    let png = dir.join("cups.png");
    let o = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1024x640x24",
            env!("CARGO_BIN_EXE_caravan"),
            "screenshot",
            "bernoulli_cups",
        ])
        .args([
            "--out",
            png.to_str().unwrap(),
            "--size",
            "1024x640",
            "--ticks",
            "30",
            "--lang",
            "zh-CN",
        ])
        .current_dir(repo())
        .output()
        .unwrap();
    if no_vulkan(&o) {
        return;
    }
    assert!(o.status.success(), "{}", stderr(&o));
    let img = image::open(&png).unwrap().to_rgb8();
    // Not blank: many distinct colours, and neither all dark nor all one colour.
    let mut colours = std::collections::BTreeSet::new();
    for px in img.pixels().step_by(97) {
        colours.insert((px[0] / 16, px[1] / 16, px[2] / 16));
    }
    assert!(colours.len() > 20, "only {} colours", colours.len());
}

#[test]
fn three_quick_restarts_of_the_real_kiosk_start_it_in_safe_mode() {
    if !has_xvfb() {
        return;
    }
    let dir = scratch("crash-loop");
    let config = dir.join("kiosk.ron");
    std::fs::write(
        &config,
        format!(
            "(fullscreen: false, state_dir: Some({:?}), safe_mode_starts: 3, safe_mode_within_s: 60.0)",
            dir.join("state")
        ),
    )
    .unwrap();
    // Each start is killed after a few seconds, long before a stable minute: a crash loop.
    let start = || run_kiosk(&config, 4);
    for i in 1..=2 {
        let log = start();
        assert!(!log.contains("safe mode"), "start {i}: {log}");
    }
    let log = start();
    assert!(
        log.contains("safe mode: the kiosk started 3 times within 60 s"),
        "{log}"
    );
    let starts = std::fs::read_to_string(dir.join("state/recent-starts")).unwrap();
    assert_eq!(starts.lines().count(), 3, "{starts}");
}

#[test]
fn the_full_screen_kiosk_covers_a_screen_with_no_window_manager() {
    // A kiosk's X session with no desktop has nothing to act on the request for a full
    // screen: the window stayed winit's 800×600 in the corner, drawn as if it were the
    // screen (the launcher cut off). The kiosk sizes it itself (`engine/window.rs`).
    if !has_xvfb() {
        return;
    }
    let dir = scratch("full-screen");
    let config = dir.join("kiosk.ron");
    std::fs::write(
        &config,
        format!("(state_dir: Some({:?}))", dir.join("state")),
    )
    .unwrap();
    let log = run_kiosk(&config, 20);
    assert!(
        log.contains("the full-screen window now covers the 1024×640 screen"),
        "{log}"
    );
}

/// The real kiosk with `config`, on a 1024×640 Xvfb screen, stopped after `seconds`: its log.
fn run_kiosk(config: &std::path::Path, seconds: u32) -> String {
    let o = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1024x640x24", "timeout"])
        .arg(seconds.to_string())
        .arg(env!("CARGO_BIN_EXE_caravan"))
        .args(["run", "--config", config.to_str().unwrap()])
        .current_dir(repo())
        .output()
        .unwrap();
    stderr(&o)
}

#[test]
fn every_builtin_character_has_a_glyph() {
    // The kiosk draws all text with the shipped subset of WenQuanYi Micro Hei; a character it
    // lacks is drawn as a box. `tools/subset_font.py` rebuilds the subset.
    let mut missing = std::collections::BTreeSet::new();
    for dir in [
        "exhibits",
        "exhibits-mechanics",
        "exhibits-forces",
        "exhibits-optics",
        "exhibits-waves",
        "exhibits-flow",
        "exhibits-tour",
        "assets/i18n",
        "config",
    ] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "ron") {
                missing.extend(no_glyph(&std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no glyph for {missing:?}: run tools/subset_font.py"
    );
}

/// The characters of `text` the kiosk's font cannot draw.
pub fn no_glyph(text: &str) -> std::collections::BTreeSet<char> {
    let font = std::fs::read(repo().join("assets/fonts/wqy-microhei-subset.ttf")).unwrap();
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    text.chars()
        .filter(|c| !c.is_control() && face.glyph_index(*c).is_none())
        .collect()
}

// ---------------------------------------------------------------------------------------
// The kiosk's screens headless (`kiosk::Mode::Headless`): the same app and state machine as on
// the kiosk, no window, GPU or audio, driven by synthetic gamepad, key and touch input. The
// operator screen's own in operator.rs.

mod visitors {
    use bevy::input::gamepad::GamepadButton;
    use bevy::input::touch::TouchPhase;
    use bevy::prelude::*;
    use caravan::exhibits::ActiveExhibit;
    use caravan::kiosk::{self, Lang, Screen, UiButton};

    use crate::headless::*;

    #[test]
    fn gamepad_only_attract_launcher_exhibit_idle_countdown_reset_attract() {
        let mut app = kiosk();
        assert_eq!(screen(&app), Screen::Attract);
        // The attract loop runs an exhibit by itself.
        assert_eq!(active_id(&app).as_deref(), Some("bernoulli_cups"));
        let pad = connect_pad(&mut app);
        // Any button leaves the attract loop.
        pad_tap(&mut app, pad, GamepadButton::North);
        assert_eq!(screen(&app), Screen::Launcher);
        // Right moves to the second tile, Select (North) opens it.
        pad_tap(&mut app, pad, GamepadButton::DPadRight);
        pad_tap(&mut app, pad, GamepadButton::North);
        assert_eq!(screen(&app), Screen::Exhibit);
        assert_eq!(active_id(&app).as_deref(), Some("music_turntable"));
        // Back (East) returns to the launcher, still on that tile; Right and Select open the
        // third.
        pad_tap(&mut app, pad, GamepadButton::East);
        assert_eq!(screen(&app), Screen::Launcher);
        pad_tap(&mut app, pad, GamepadButton::DPadRight);
        pad_tap(&mut app, pad, GamepadButton::North);
        assert_eq!(active_id(&app).as_deref(), Some("airflow_obstacle"));
        // Blow (South) held: the exhibit blows; DPadUp moves its nozzle.
        pad_tap(&mut app, pad, GamepadButton::DPadUp);
        pad_button(&mut app, pad, GamepadButton::South, true);
        run(&mut app, 1.0);
        let a = app.world().resource::<ActiveExhibit>();
        assert!(a.bool("blow"));
        assert!((a.number("nozzle_y") - 0.2).abs() < 1e-9);
        pad_button(&mut app, pad, GamepadButton::South, false);
        // Back, Left, Select: the turntable again (cheaper to idle in than the fluid).
        pad_tap(&mut app, pad, GamepadButton::East);
        pad_tap(&mut app, pad, GamepadButton::DPadLeft);
        pad_tap(&mut app, pad, GamepadButton::North);
        assert_eq!(active_id(&app).as_deref(), Some("music_turntable"));
        // Nobody touches anything: after the idle time (90 s) the countdown shows…
        run(&mut app, 89.0);
        assert!(!kiosk::countdown_showing(app.world_mut()));
        run(&mut app, 2.0);
        assert_eq!(screen(&app), Screen::Exhibit);
        assert!(kiosk::countdown_showing(app.world_mut()));
        // …a button press cancels it…
        pad_tap(&mut app, pad, GamepadButton::DPadLeft);
        run(&mut app, 0.5);
        assert!(!kiosk::countdown_showing(app.world_mut()));
        // …and when nobody does, at zero the kiosk returns to the attract loop.
        run(&mut app, 92.0);
        assert!(kiosk::countdown_showing(app.world_mut()));
        run(&mut app, 10.0);
        assert_eq!(screen(&app), Screen::Attract);
        assert!(!kiosk::countdown_showing(app.world_mut()));
    }

    #[test]
    fn a_touch_starts_the_kiosk_and_a_tile_opens_its_exhibit() {
        use bevy::picking::input::PointerInputSettings;
        let mut app = kiosk();
        app.init_resource::<PointerInputSettings>();
        let mouse_on = |app: &App| {
            app.world()
                .resource::<PointerInputSettings>()
                .is_mouse_enabled
        };
        assert!(mouse_on(&app));
        finger(&mut app, 7, TouchPhase::Started, Vec2::new(600.0, 400.0));
        finger(&mut app, 7, TouchPhase::Ended, Vec2::new(600.0, 400.0));
        assert_eq!(screen(&app), Screen::Launcher);
        // The mouse events the OS makes of that touch are not read; a mouse works again later.
        assert!(!mouse_on(&app));
        run(&mut app, 1.5);
        assert!(mouse_on(&app));
        assert!(kiosk::press(
            app.world_mut(),
            UiButton::Tile("airflow_obstacle".into())
        ));
        app.update();
        app.update();
        assert_eq!(screen(&app), Screen::Exhibit);
        assert_eq!(active_id(&app).as_deref(), Some("airflow_obstacle"));
    }

    #[test]
    fn the_language_switches_mid_exhibit_without_a_restart() {
        let mut app = kiosk();
        let pad = connect_pad(&mut app);
        pad_tap(&mut app, pad, GamepadButton::North);
        pad_tap(&mut app, pad, GamepadButton::North);
        assert_eq!(screen(&app), Screen::Exhibit);
        let texts = kiosk::texts_on_screen(app.world_mut());
        assert!(texts.iter().any(|t| t == "伯努利量杯"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "主页"), "{texts:?}");
        // The blow keeps going through the switch.
        pad_button(&mut app, pad, GamepadButton::South, true);
        run(&mut app, 0.5);
        assert!(kiosk::press(app.world_mut(), UiButton::Language));
        app.update();
        app.update();
        assert_eq!(app.world().resource::<Lang>().0, "en");
        assert_eq!(screen(&app), Screen::Exhibit);
        let texts = kiosk::texts_on_screen(app.world_mut());
        assert!(texts.iter().any(|t| t == "Bernoulli cups"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Home"), "{texts:?}");
        assert!(!texts.iter().any(|t| t == "主页"), "{texts:?}");
        assert!(app.world().resource::<ActiveExhibit>().bool("blow"));
    }
}
