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
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        eprintln!(
            "SKIPPED: xvfb-run is not installed (Debian: xvfb mesa-vulkan-drivers); `make test` installs it"
        );
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
    let log = stderr(&o);
    if !o.status.success()
        && (log.contains("No Vulkan")
            || log.contains("Unable to find a GPU")
            || log.contains("no adapter"))
    {
        eprintln!(
            "SKIPPED: no Vulkan device here (install mesa-vulkan-drivers): {}",
            log.lines().last().unwrap_or("")
        );
        return;
    }
    assert!(o.status.success(), "{log}");
    let bytes = std::fs::read(&png).unwrap();
    let img = decode_png_rgb(&bytes);
    // Not blank: many distinct colours, and neither all dark nor all one colour.
    let mut colours = std::collections::BTreeSet::new();
    for px in img.chunks(3).step_by(97) {
        colours.insert((px[0] / 16, px[1] / 16, px[2] / 16));
    }
    assert!(colours.len() > 20, "only {} colours", colours.len());
}

/// A PNG decoder is a dependency too many for one test: ask Bevy's image crate.
fn decode_png_rgb(bytes: &[u8]) -> Vec<u8> {
    let img = bevy::image::Image::from_buffer(
        bytes,
        bevy::image::ImageType::Extension("png"),
        bevy::image::CompressedImageFormats::NONE,
        true,
        bevy::image::ImageSampler::Default,
        bevy::asset::RenderAssetUsages::default(),
    )
    .expect("a PNG");
    let data = img.data.expect("pixels");
    data.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect()
}

#[test]
fn every_builtin_character_has_a_glyph() {
    // The kiosk draws all text with the shipped subset of WenQuanYi Micro Hei; a character it
    // lacks is drawn as a box. `tools/subset_font.py` rebuilds the subset.
    let font = std::fs::read(repo().join("assets/fonts/wqy-microhei-subset.ttf")).unwrap();
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    let mut missing = std::collections::BTreeSet::new();
    for dir in ["exhibits", "assets/i18n", "config"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "ron") {
                let text = std::fs::read_to_string(&path).unwrap();
                for c in text.chars().filter(|c| !c.is_control()) {
                    if face.glyph_index(c).is_none() {
                        missing.insert(c);
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no glyph for {missing:?}: run tools/subset_font.py"
    );
}

// ---------------------------------------------------------------------------------------
// The kiosk's screens headless (`kiosk::Mode::Headless`): the same app and state machine as on
// the kiosk, no window, GPU or audio, driven by synthetic gamepad, key and touch input.

mod headless {
    use crate::support::*;
    use bevy::input::ButtonState;
    use bevy::input::gamepad::{
        GamepadButton, GamepadConnection, GamepadConnectionEvent, RawGamepadButtonChangedEvent,
        RawGamepadEvent,
    };
    use bevy::input::keyboard::{Key, KeyboardInput};
    use bevy::input::touch::{TouchInput, TouchPhase};
    use bevy::prelude::*;
    use bevy::time::TimeUpdateStrategy;
    use caravan::exhibits::ActiveExhibit;
    use caravan::kiosk::{self, Lang, Mode, RunArgs, Screen, UiButton};
    use std::time::Duration;

    /// Each update advances a quarter of a second (15 fixed ticks).
    const STEP_S: f64 = 0.25;

    fn kiosk() -> App {
        let mut app = kiosk::build(
            RunArgs {
                packs: vec![builtin_pack()],
                windowed: true,
                ..RunArgs::default()
            },
            Mode::Headless,
        )
        .expect("the kiosk builds");
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(
            STEP_S,
        )));
        app.finish();
        app.cleanup();
        for _ in 0..4 {
            app.update();
        }
        app
    }

    fn screen(app: &App) -> Screen {
        *app.world().resource::<State<Screen>>().get()
    }

    fn run(app: &mut App, seconds: f64) {
        for _ in 0..(seconds / STEP_S).ceil() as usize {
            app.update();
        }
    }

    fn active_id(app: &App) -> Option<String> {
        app.world()
            .get_resource::<ActiveExhibit>()
            .map(|a| a.descriptor.id.clone())
    }

    fn connect_pad(app: &mut App) -> Entity {
        let pad = app.world_mut().spawn_empty().id();
        // As bevy_gilrs reports a pad plugged in.
        app.world_mut().write_message(GamepadConnectionEvent::new(
            pad,
            GamepadConnection::Connected {
                name: "arcade buttons".into(),
                vendor_id: None,
                product_id: None,
            },
        ));
        app.update();
        pad
    }

    fn pad_button(app: &mut App, pad: Entity, button: GamepadButton, down: bool) {
        app.world_mut()
            .write_message(RawGamepadEvent::Button(RawGamepadButtonChangedEvent::new(
                pad,
                button,
                if down { 1.0 } else { 0.0 },
            )));
        app.update();
    }

    fn pad_tap(app: &mut App, pad: Entity, button: GamepadButton) {
        pad_button(app, pad, button, true);
        pad_button(app, pad, button, false);
    }

    fn touch(app: &mut App, phase: TouchPhase, at: Vec2) {
        let window = app.world_mut().spawn_empty().id();
        app.world_mut().write_message(TouchInput {
            phase,
            position: at,
            window,
            force: None,
            id: 7,
        });
        app.update();
    }

    fn key(app: &mut App, code: KeyCode, logical: Key, down: bool) {
        let window = app.world_mut().spawn_empty().id();
        app.world_mut().write_message(KeyboardInput {
            key_code: code,
            logical_key: logical,
            state: if down {
                ButtonState::Pressed
            } else {
                ButtonState::Released
            },
            text: None,
            repeat: false,
            window,
        });
        app.update();
    }

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
        touch(&mut app, TouchPhase::Started, Vec2::new(600.0, 400.0));
        touch(&mut app, TouchPhase::Ended, Vec2::new(600.0, 400.0));
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
}
