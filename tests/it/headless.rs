//! The headless kiosk for the tests: `kiosk::build(…, Mode::Headless)`, the kiosk's own app
//! without a window, GPU or audio, and the helpers that drive it (gamepad, keys, touches, the
//! operator's PIN pad). Used by `kiosk.rs` (what visitors and staff do) and `fleet.rs` (what a
//! museum running many kiosks relies on).

use crate::support::*;
use bevy::input::gamepad::GamepadButton;
use bevy::input::keyboard::Key;
use bevy::input::touch::TouchPhase;
use bevy::prelude::*;
use caravan::exhibits::ActiveExhibit;
use caravan::kiosk::{self, Mode, RunArgs, Screen, UiButton};

/// Each update advances a quarter of a second (15 fixed ticks).
pub const STEP_S: f64 = 0.25;

pub fn kiosk() -> App {
    kiosk_with(RunArgs::default())
}

/// The headless kiosk on the built-in pack with `args`, its font loaded and laid out.
pub fn kiosk_with(args: RunArgs) -> App {
    kiosk_set_up(args, |_| {})
}

/// As [`kiosk_with`], with `set_up` run on the app before its first frame.
pub fn kiosk_set_up(args: RunArgs, set_up: impl FnOnce(&mut App)) -> App {
    let packs = if args.packs.is_empty() {
        vec![builtin_pack()]
    } else {
        args.packs.clone()
    };
    let mut app = kiosk::build(
        RunArgs {
            packs,
            windowed: true,
            ..args
        },
        Mode::Headless,
    )
    .expect("the kiosk builds");
    set_up(&mut app);
    assert!(kiosk::ready(&mut app, STEP_S), "the font loads");
    app
}

pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

pub fn run(app: &mut App, seconds: f64) {
    for _ in 0..(seconds / STEP_S).ceil() as usize {
        app.update();
    }
}

pub fn active_id(app: &App) -> Option<String> {
    app.world()
        .get_resource::<ActiveExhibit>()
        .map(|a| a.descriptor.id.clone())
}

pub fn connect_pad(app: &mut App) -> Entity {
    let pad = kiosk::connect_gamepad(app.world_mut());
    app.update();
    pad
}

pub fn pad_button(app: &mut App, pad: Entity, button: GamepadButton, down: bool) {
    kiosk::gamepad_button(app.world_mut(), pad, button, down);
    app.update();
}

pub fn pad_tap(app: &mut App, pad: Entity, button: GamepadButton) {
    pad_button(app, pad, button, true);
    pad_button(app, pad, button, false);
}

/// A finger on the kiosk's window: down, moved or up at `at` (logical pixels).
pub fn finger(app: &mut App, id: u64, phase: TouchPhase, at: Vec2) {
    kiosk::finger(app.world_mut(), id, phase, at);
    app.update();
}

pub fn key(app: &mut App, code: KeyCode, logical: Key, down: bool) {
    kiosk::key(app.world_mut(), code, logical, down);
    app.update();
}

pub fn open_pin_pad(app: &mut App) {
    key(app, KeyCode::ControlLeft, Key::Control, true);
    key(app, KeyCode::AltLeft, Key::Alt, true);
    key(app, KeyCode::KeyO, Key::Character("o".into()), true);
    key(app, KeyCode::KeyO, Key::Character("o".into()), false);
    key(app, KeyCode::AltLeft, Key::Alt, false);
    key(app, KeyCode::ControlLeft, Key::Control, false);
    assert_eq!(screen(app), Screen::Operator);
}

pub fn enter_pin(app: &mut App, pin: &str) {
    for c in pin.chars().chain(['>']) {
        assert!(kiosk::press(app.world_mut(), UiButton::Pin(c)), "key {c}");
        app.update();
    }
    app.update();
}

/// A museum's own pack beside the built-in one: one exhibit, `museum_cups`.
pub fn museum_pack() -> std::path::PathBuf {
    let dir = scratch("museum-pack");
    copy_pack(&dir);
    let src = std::fs::read_to_string(builtin_file("bernoulli_cups")).unwrap();
    std::fs::write(
        dir.join("museum_cups.exhibit.ron"),
        src.replace("id: \"bernoulli_cups\"", "id: \"museum_cups\""),
    )
    .unwrap();
    std::fs::write(
        dir.join("pack.ron"),
        r#"(name: { "zh-CN": "博物馆", "en": "Museum" }, version: "2.0.0", requires_runtime: "0.1", exhibits: ["museum_cups.exhibit.ron"])"#,
    )
    .unwrap();
    dir
}

/// Every launcher tile, page by page (the next page wraps round to the first).
pub fn all_tiles(app: &mut App) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let topics = app
        .world()
        .resource::<kiosk::Shown>()
        .catalogue
        .topics()
        .len();
    if kiosk::topic_tiles(app.world_mut()).is_empty() {
        tiles_of_every_page(app, &mut seen);
        return seen;
    }
    // Each topic in turn (turning the topics' pages to it: a small window pages them too),
    // and back to the topics.
    for k in 0..topics {
        for _ in 0..topics {
            if kiosk::topic_tiles(app.world_mut()).contains(&k) {
                break;
            }
            assert!(
                kiosk::press(app.world_mut(), UiButton::NextPage),
                "topic {k}"
            );
            run(app, 0.5);
        }
        assert!(
            kiosk::press(app.world_mut(), UiButton::Topic(k)),
            "topic {k}"
        );
        run(app, 0.5);
        tiles_of_every_page(app, &mut seen);
        assert!(kiosk::press(app.world_mut(), UiButton::Topics));
        run(app, 0.5);
    }
    seen
}

fn tiles_of_every_page(app: &mut App, seen: &mut Vec<String>) {
    for _ in 0..8 {
        for t in kiosk::tiles(app.world_mut()) {
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        if !kiosk::press(app.world_mut(), UiButton::NextPage) {
            break;
        }
        run(app, 0.5);
    }
}
