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
    let start = || {
        let o = Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1024x640x24", "timeout", "4"])
            .arg(env!("CARGO_BIN_EXE_caravan"))
            .args(["run", "--config", config.to_str().unwrap()])
            .current_dir(repo())
            .output()
            .unwrap();
        stderr(&o)
    };
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
fn every_builtin_character_has_a_glyph() {
    // The kiosk draws all text with the shipped subset of WenQuanYi Micro Hei; a character it
    // lacks is drawn as a box. `tools/subset_font.py` rebuilds the subset.
    let mut missing = std::collections::BTreeSet::new();
    for dir in [
        "exhibits",
        "exhibits-mechanics",
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
// the kiosk, no window, GPU or audio, driven by synthetic gamepad, key and touch input.

mod visitors {
    use crate::support::*;
    use bevy::input::gamepad::GamepadButton;
    use bevy::input::keyboard::Key;
    use bevy::input::touch::TouchPhase;
    use bevy::prelude::*;
    use caravan::exhibits::ActiveExhibit;
    use caravan::kiosk::{self, Lang, RunArgs, Screen, UiButton};

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

    #[test]
    fn the_operator_screen_wants_the_right_pin() {
        let mut app = kiosk();
        // Ctrl+Alt+O opens the PIN pad.
        key(&mut app, KeyCode::ControlLeft, Key::Control, true);
        key(&mut app, KeyCode::AltLeft, Key::Alt, true);
        key(&mut app, KeyCode::KeyO, Key::Character("o".into()), true);
        app.update();
        assert_eq!(screen(&app), Screen::Operator);
        key(&mut app, KeyCode::KeyO, Key::Character("o".into()), false);
        key(&mut app, KeyCode::AltLeft, Key::Alt, false);
        key(&mut app, KeyCode::ControlLeft, Key::Control, false);
        let enter = |app: &mut App, pin: &str| {
            for c in pin.chars().chain(['>']) {
                assert!(kiosk::press(app.world_mut(), UiButton::Pin(c)), "key {c}");
                app.update();
            }
            app.update();
        };
        // A wrong PIN: told so, no panel.
        enter(&mut app, "1234");
        let texts = kiosk::texts_on_screen(app.world_mut());
        assert!(texts.iter().any(|t| t == "密码错误"), "{texts:?}");
        assert!(!kiosk::press(app.world_mut(), UiButton::OperatorBack));
        // The right one (2468, the shipped config's): the panel with version and packs.
        enter(&mut app, "2468");
        let texts = kiosk::texts_on_screen(app.world_mut());
        assert!(texts.iter().any(|t| t.starts_with("Caravan ")), "{texts:?}");
        assert!(kiosk::press(app.world_mut(), UiButton::OperatorBack));
        app.update();
        app.update();
        assert_eq!(screen(&app), Screen::Launcher);
    }

    /// A finger on the kiosk's window: down, moved or up at `at` (logical pixels).
    fn finger(app: &mut App, id: u64, phase: TouchPhase, at: Vec2) {
        kiosk::finger(app.world_mut(), id, phase, at);
        app.update();
    }

    fn corner_of(app: &App) -> Rect {
        let w = app
            .world()
            .iter_entities()
            .find_map(|e| e.get::<Window>().map(|w| w.width()))
            .unwrap();
        kiosk::corner(w, app.world().resource::<UiScale>().0)
    }

    /// The staff gesture as README documents it: hold the top-right corner, lift, tap twice.
    fn staff_gesture(app: &mut App) {
        let c = corner_of(app).center();
        finger(app, 40, TouchPhase::Started, c);
        run(app, kiosk::HOLD_S + 0.25);
        finger(app, 40, TouchPhase::Ended, c);
        for id in [41, 42] {
            finger(app, id, TouchPhase::Started, c);
            finger(app, id, TouchPhase::Ended, c);
        }
    }

    fn assert_corner_clear(app: &mut App, what: &str) {
        let corner = corner_of(app);
        let controls = kiosk::control_rects(app.world_mut());
        assert!(
            !controls.is_empty() || what.starts_with("attract"),
            "{what}: no controls laid out"
        );
        for r in controls {
            assert!(
                r.intersect(corner).is_empty(),
                "{what}: a control at {r:?} reaches into the staff corner {corner:?}"
            );
        }
    }

    #[test]
    fn no_control_reaches_into_the_staff_corner_on_any_screen_size_or_language() {
        let dense = scratch("dense-config").join("kiosk.ron");
        std::fs::write(&dense, "(dpi: 163.0)\n").unwrap();
        let mut cases = Vec::new();
        for size in [(1280, 800), (1920, 1080), (1024, 768)] {
            for lang in ["zh-CN", "en"] {
                cases.push((size, lang, None));
            }
        }
        // A dense screen: the UI scales up (15 mm targets), the corner with it.
        cases.push(((1920, 1080), "en", Some(dense.clone())));
        for (size, lang, config) in cases {
            let args = |start: Option<Screen>, exhibit: Option<&str>| RunArgs {
                size: Some(size),
                lang: Some(lang.into()),
                config: config.clone(),
                start,
                exhibit: exhibit.map(str::to_string),
                ..RunArgs::default()
            };
            let at = format!(
                "{}x{} {lang}{}",
                size.0,
                size.1,
                if config.is_some() { " 163 dpi" } else { "" }
            );
            let mut app = kiosk_with(args(Some(Screen::Attract), None));
            assert_corner_clear(&mut app, &format!("attract {at}"));
            let mut app = kiosk_with(args(Some(Screen::Launcher), None));
            assert_corner_clear(&mut app, &format!("launcher {at}"));
            for id in ["bernoulli_cups", "music_turntable", "airflow_obstacle"] {
                let mut app = kiosk_with(args(None, Some(id)));
                assert_eq!(screen(&app), Screen::Exhibit);
                assert_corner_clear(&mut app, &format!("{id} {at}"));
                if id == "music_turntable" {
                    run(&mut app, 92.0);
                    assert!(kiosk::countdown_showing(app.world_mut()));
                    assert_corner_clear(&mut app, &format!("countdown {at}"));
                }
            }
        }
    }

    #[test]
    fn tapping_home_ten_times_fast_never_opens_the_pin_pad() {
        let mut app = kiosk_with(RunArgs {
            exhibit: Some("music_turntable".into()),
            ..RunArgs::default()
        });
        let home = {
            let w = app.world_mut();
            let mut q = w.query::<(Entity, &Interaction)>();
            let buttons: Vec<Entity> = q.iter(w).map(|(e, _)| e).collect();
            let rects: Vec<Rect> = buttons
                .iter()
                .filter_map(|e| kiosk::rect_of(w, *e))
                .collect();
            // Home is the top-left button.
            rects
                .into_iter()
                .min_by(|a, b| (a.min.x + a.min.y).total_cmp(&(b.min.x + b.min.y)))
                .unwrap()
        };
        for i in 0..10 {
            finger(&mut app, 100 + i, TouchPhase::Started, home.center());
            finger(&mut app, 100 + i, TouchPhase::Ended, home.center());
            assert_ne!(screen(&app), Screen::Operator, "tap {i}");
        }
        assert_eq!(screen(&app), Screen::Launcher);
        run(&mut app, 2.0);
        assert_ne!(screen(&app), Screen::Operator);
    }

    #[test]
    fn the_documented_gesture_opens_the_pad_and_a_tap_outside_its_keys_closes_it() {
        let mut app = kiosk_with(RunArgs {
            exhibit: Some("music_turntable".into()),
            ..RunArgs::default()
        });
        // Taps alone, even many in the corner, do nothing.
        let c = corner_of(&app).center();
        for id in 0..8 {
            finger(&mut app, 200 + id, TouchPhase::Started, c);
            finger(&mut app, 200 + id, TouchPhase::Ended, c);
        }
        assert_eq!(screen(&app), Screen::Exhibit);
        staff_gesture(&mut app);
        assert_eq!(screen(&app), Screen::Operator);
        // A tap beside the keys: back to the exhibit the visitor was at.
        finger(&mut app, 300, TouchPhase::Started, Vec2::new(40.0, 760.0));
        finger(&mut app, 300, TouchPhase::Ended, Vec2::new(40.0, 760.0));
        app.update();
        assert_eq!(screen(&app), Screen::Exhibit);
        assert_eq!(active_id(&app).as_deref(), Some("music_turntable"));
    }

    #[test]
    fn the_pin_pad_lets_go_after_its_time_even_while_tapped() {
        let mut app = kiosk_with(RunArgs {
            start: Some(Screen::Launcher),
            ..RunArgs::default()
        });
        key(&mut app, KeyCode::ControlLeft, Key::Control, true);
        key(&mut app, KeyCode::AltLeft, Key::Alt, true);
        key(&mut app, KeyCode::KeyO, Key::Character("o".into()), true);
        app.update();
        assert_eq!(screen(&app), Screen::Operator);
        let mut t = 0.0;
        // A child taps the keys without pause.
        while screen(&app) == Screen::Operator && t < 30.0 {
            assert!(kiosk::press(app.world_mut(), UiButton::Pin('7')));
            app.update();
            t += STEP_S;
        }
        assert_eq!(screen(&app), Screen::Launcher, "after {t} s");
        assert!(
            (kiosk::PAD_TIMEOUT_S - 1.0..=kiosk::PAD_TIMEOUT_S + 1.0).contains(&t),
            "closed after {t} s"
        );
    }

    #[test]
    fn random_taps_for_minutes_spend_under_one_percent_on_the_pin_pad() {
        let mut app = kiosk();
        let (w, h) = (1280.0, 800.0);
        let mut rng = caravan::ops::fuzz::Rng::new(0x5eed);
        let mut rand = move || rng.unit();
        let (mut on_pad, mut updates, mut held) = (0, 0, None::<(u64, Vec2, usize)>);
        let mut screens = std::collections::BTreeSet::new();
        for i in 0..(150.0 / STEP_S) as usize {
            let at = Vec2::new(rand() as f32 * w, rand() as f32 * h);
            // A held finger lifts when its time is up; else a tap, now and then a long press.
            match held {
                Some((id, p, until)) if i >= until => {
                    finger(&mut app, id, TouchPhase::Ended, p);
                    held = None;
                }
                Some(_) => app.update(),
                None if rand() < 0.1 => {
                    let id = 1000 + i as u64;
                    finger(&mut app, id, TouchPhase::Started, at);
                    held = Some((id, at, i + 1 + (rand() * 20.0) as usize));
                }
                None => {
                    kiosk::tap(app.world_mut(), at);
                    app.update();
                }
            }
            updates += 1;
            screens.insert(format!("{:?}", screen(&app)));
            if screen(&app) == Screen::Operator {
                on_pad += 1;
            }
        }
        assert!(
            screens.contains("Exhibit") && screens.contains("Launcher"),
            "{screens:?}"
        );
        assert!(
            (on_pad as f64) < 0.01 * updates as f64,
            "{on_pad} of {updates} updates on the PIN pad"
        );
    }

    #[test]
    fn a_broken_config_locks_the_operator_screen_instead_of_using_a_known_pin() {
        let config = scratch("broken-pin-config").join("kiosk.ron");
        std::fs::write(&config, "(idle_s: 2.0)").unwrap();
        let mut app = kiosk_with(RunArgs {
            config: Some(config),
            ..RunArgs::default()
        });
        open_pin_pad(&mut app);
        enter_pin(&mut app, "2468");
        let texts = kiosk::texts_on_screen(app.world_mut());
        assert!(
            texts.iter().any(|t| t.starts_with("未设置密码")),
            "{texts:?}"
        );
        assert!(!kiosk::press(app.world_mut(), UiButton::OperatorBack));
    }

    #[test]
    fn five_wrong_pins_lock_the_pad_for_a_minute() {
        let mut app = kiosk();
        open_pin_pad(&mut app);
        for _ in 0..kiosk::TRIES {
            enter_pin(&mut app, "1111");
        }
        // Now even the right PIN is refused…
        enter_pin(&mut app, "2468");
        let texts = kiosk::texts_on_screen(app.world_mut());
        assert!(
            texts.iter().any(|t| t.starts_with("错误次数太多")),
            "{texts:?}"
        );
        assert!(!kiosk::press(app.world_mut(), UiButton::OperatorBack));
        // …also after the pad closed and opened again, until the minute is over.
        run(&mut app, kiosk::PAD_TIMEOUT_S + 1.0);
        assert_ne!(screen(&app), Screen::Operator);
        open_pin_pad(&mut app);
        enter_pin(&mut app, "2468");
        assert!(!kiosk::press(app.world_mut(), UiButton::OperatorBack));
        run(&mut app, kiosk::LOCKOUT_S);
        open_pin_pad(&mut app);
        enter_pin(&mut app, "2468");
        assert!(kiosk::press(app.world_mut(), UiButton::OperatorBack));
    }
}
