//! The operator screen headless: its PIN, the staff corner and gesture that open the pad,
//! and what keeps a visitor out (taps that never open it, a pad that lets go, a lockout, a
//! broken config that locks it).

use crate::headless::*;
use crate::support::*;
use bevy::input::keyboard::Key;
use bevy::input::touch::TouchPhase;
use bevy::prelude::*;
use caravan::kiosk::{self, RunArgs, Screen, UiButton};

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
    // Each pack a line a member of staff can read: name, version, how many exhibits, where.
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("● ") && t.contains("1.0.0：3 件展品，文件夹 ")),
        "{texts:?}"
    );
    assert!(kiosk::press(app.world_mut(), UiButton::OperatorBack));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Launcher);
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
