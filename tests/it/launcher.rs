//! The launcher: topics first, then a topic's exhibits, every one two taps away at every
//! supported size and language with big targets; the tile a gamepad moves to, lit.

use crate::headless::*;
use crate::support::scratch;
use bevy::input::gamepad::GamepadButton;
use bevy::prelude::*;
use caravan::kiosk::{self, RunArgs, Screen, UiButton};

/// The launcher with every built-in pack (twenty exhibits under four topics), laid out.
fn launcher_with_every_builtin_pack() -> App {
    launcher_of(caravan::pack::builtin_packs(), None, (1280, 800))
}

fn launcher_of(packs: Vec<std::path::PathBuf>, lang: Option<&str>, size: (u32, u32)) -> App {
    let mut app = kiosk_with(RunArgs {
        packs,
        start: Some(Screen::Launcher),
        lang: lang.map(str::to_string),
        size: Some(size),
        ..RunArgs::default()
    });
    run(&mut app, 0.5);
    app
}

/// Every target a finger can hit is at least 15 mm on a 22-inch 1920×1080 screen (0.248 mm
/// a pixel): 61 px.
fn targets_are_big(app: &mut App, at: &str) {
    for r in kiosk::control_rects(app.world_mut()) {
        assert!(r.width().min(r.height()) >= 60.0, "{at}: {r:?}");
    }
}

#[test]
fn the_launcher_shows_topics_then_their_exhibits_each_two_taps_away() {
    let mut app = launcher_with_every_builtin_pack();
    // The six topics (力学 and 力学 II share one), then each topic's exhibits on one page.
    assert_eq!(kiosk::topic_tiles(app.world_mut()), vec![0, 1, 2, 3, 4, 5]);
    assert!(kiosk::tiles(app.world_mut()).is_empty());
    targets_are_big(&mut app, "topics");
    let every = all_tiles(&mut app);
    assert_eq!(every.len(), 30, "{every:?}");
    for id in [
        "vr_tour",
        "eddy_tube",
        "pendulums",
        "bernoulli_cups",
        "laser_harp",
    ] {
        assert!(every.contains(&id.to_string()), "{id} in {every:?}");
    }
    // Two taps: the mechanics topic, then its pendulums, with no page to turn.
    assert!(kiosk::press(app.world_mut(), UiButton::Topic(1)));
    run(&mut app, 0.5);
    let shown = kiosk::tiles(app.world_mut());
    assert_eq!(shown.len(), 10, "{shown:?}");
    targets_are_big(&mut app, "mechanics");
    assert!(kiosk::press(
        app.world_mut(),
        UiButton::Tile("pendulums".into())
    ));
    run(&mut app, 1.0);
    assert_eq!(screen(&app), Screen::Exhibit);
    assert_eq!(active_id(&app).as_deref(), Some("pendulums"));
}

#[test]
fn thirty_exhibits_in_six_packs_are_each_two_taps_from_the_topics_at_every_size() {
    // Six packs of five optics exhibits each (the starter, renamed), each its own topic.
    let root = scratch("thirty");
    let starter = include_str!("../../src/ops/starter/optics.exhibit.ron");
    let mut packs = Vec::new();
    for p in 0..6 {
        let dir = root.join(format!("pack{p}"));
        std::fs::create_dir_all(&dir).unwrap();
        let files: Vec<String> = (0..5)
            .map(|e| format!("\"e{p}_{e}.exhibit.ron\""))
            .collect();
        std::fs::write(
            dir.join("pack.ron"),
            format!(
                r##"(name: {{ "zh-CN": "馆{p}", "en": "Hall {p}" }}, version: "1.0.0", requires_runtime: "0.1",
                   topic: (name: {{ "zh-CN": "主题{p}", "en": "Topic {p}" }}, colour: "#40{p}0a0"),
                   exhibits: [{}])"##,
                files.join(", ")
            ),
        )
        .unwrap();
        for e in 0..5 {
            let text = starter.replace("id: \"starter\"", &format!("id: \"e{p}_{e}\""));
            std::fs::write(dir.join(format!("e{p}_{e}.exhibit.ron")), text).unwrap();
        }
        packs.push(dir);
    }
    for size in [(1024, 768), (1280, 800), (1920, 1080)] {
        for lang in ["zh-CN", "en"] {
            let at = format!("{size:?} {lang}");
            let mut app = launcher_of(packs.clone(), Some(lang), size);
            assert_eq!(kiosk::topic_tiles(app.world_mut()).len(), 6, "{at}");
            targets_are_big(&mut app, &at);
            for p in 0..6 {
                // First tap: the topic; its five exhibits all showing, no page to turn.
                assert!(kiosk::press(app.world_mut(), UiButton::Topic(p)), "{at}");
                run(&mut app, 0.3);
                let shown = kiosk::tiles(app.world_mut());
                let want: Vec<String> = (0..5).map(|e| format!("e{p}_{e}")).collect();
                assert_eq!(shown, want, "{at}");
                targets_are_big(&mut app, &at);
                assert!(kiosk::press(app.world_mut(), UiButton::Topics), "{at}");
                run(&mut app, 0.3);
            }
            // Second tap opens it.
            assert!(kiosk::press(app.world_mut(), UiButton::Topic(5)));
            run(&mut app, 0.3);
            assert!(kiosk::press(app.world_mut(), UiButton::Tile("e5_4".into())));
            run(&mut app, 0.5);
            assert_eq!(active_id(&app).as_deref(), Some("e5_4"), "{at}");
        }
    }
}

#[test]
fn the_gamepad_moves_over_topics_then_exhibits_and_back() {
    let mut app = launcher_with_every_builtin_pack();
    let topics = app.world().resource::<kiosk::Shown>().catalogue.topics();
    assert!(
        kiosk::lit_tiles(app.world_mut()).is_empty(),
        "unlit for touch"
    );
    let pad = connect_pad(&mut app);
    // Right to the optics topic (the third), Select opens it.
    pad_tap(&mut app, pad, GamepadButton::DPadRight);
    pad_tap(&mut app, pad, GamepadButton::DPadRight);
    pad_tap(&mut app, pad, GamepadButton::North);
    run(&mut app, 0.25);
    let optics = &topics[2].exhibits;
    assert_eq!(kiosk::tiles(app.world_mut()), *optics);
    // Along its tiles, lit as they go, and round the end.
    for k in 1..=7 {
        pad_tap(&mut app, pad, GamepadButton::DPadRight);
        run(&mut app, 0.25);
        let want = &optics[k % optics.len()];
        assert_eq!(kiosk::lit_tiles(app.world_mut()), vec![want.clone()], "{k}");
    }
    // Open it, come back: still lit, in the same topic.
    pad_tap(&mut app, pad, GamepadButton::North);
    assert_eq!(active_id(&app).as_deref(), Some(optics[1].as_str()));
    pad_tap(&mut app, pad, GamepadButton::East);
    run(&mut app, 0.25);
    assert_eq!(kiosk::lit_tiles(app.world_mut()), vec![optics[1].clone()]);
    // Back again: the topics.
    pad_tap(&mut app, pad, GamepadButton::East);
    run(&mut app, 0.25);
    assert_eq!(kiosk::topic_tiles(app.world_mut()).len(), 6);
}

#[test]
fn a_small_window_pages_a_big_topic_and_every_tile_is_still_reached() {
    let mut app = launcher_of(caravan::pack::builtin_packs(), Some("en"), (800, 600));
    assert!(kiosk::press(app.world_mut(), UiButton::Topic(1)));
    run(&mut app, 0.5);
    let first = kiosk::tiles(app.world_mut());
    assert!(first.len() < 10, "paged: {first:?}");
    targets_are_big(&mut app, "800x600");
    assert!(kiosk::press(app.world_mut(), UiButton::Topics));
    run(&mut app, 0.5);
    assert_eq!(all_tiles(&mut app).len(), 30);
}

#[test]
fn a_kiosk_shows_what_its_config_chooses_in_its_order_and_says_what_it_hides() {
    let dir = scratch("show");
    let config = dir.join("kiosk.ron");
    // (2468's hash, as the shipped config has it.)
    let text = "(\n    show: [Exhibit(\"laser_harp\"), Pack(\"exhibits\"), Exhibit(\"nope\")],\n    operator_pin_sha256: \"a1fb4e703a9ef1fa4936801721ff285a97ac85330856674412e054892afe6972\",\n)\n";
    std::fs::write(&config, text).unwrap();
    let mut app = kiosk_with(RunArgs {
        packs: caravan::pack::builtin_packs(),
        config: Some(config.clone()),
        start: Some(Screen::Launcher),
        lang: Some("en".into()),
        ..RunArgs::default()
    });
    run(&mut app, 0.5);
    // Two topics, in the config's order; their exhibits, in its order too.
    assert_eq!(kiosk::topic_tiles(app.world_mut()).len(), 2);
    assert_eq!(
        all_tiles(&mut app),
        [
            "laser_harp",
            "bernoulli_cups",
            "music_turntable",
            "airflow_obstacle"
        ]
    );
    let shown = app.world().resource::<kiosk::Shown>();
    assert_eq!(shown.hidden.len(), 26, "{:?}", shown.hidden);
    assert!(shown.hidden.contains(&"pendulums".to_string()));
    // The entry that names nothing: at its line and column in the config (its name).
    let col = text.lines().nth(1).unwrap().find("\"nope\"").unwrap() + 1;
    let at = format!("{}:2:{col}: error:", config.display());
    assert!(
        shown
            .problems
            .iter()
            .any(|d| d.to_string().starts_with(&at) && d.to_string().contains("`nope` names no")),
        "{at} in {:#?}",
        shown
            .problems
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    );
    // The operator screen says what is hidden.
    open_pin_pad(&mut app);
    enter_pin(&mut app, "2468");
    let texts = kiosk::texts_on_screen(app.world_mut());
    assert!(
        texts
            .iter()
            .any(|t| t.contains("hidden by `show` in kiosk.ron: 26 exhibits: ")),
        "{texts:?}"
    );
    // Naming nothing loaded at all, the kiosk shows everything rather than nothing.
    std::fs::write(&config, "(show: [Pack(\"gone\")])").unwrap();
    let mut app = kiosk_with(RunArgs {
        packs: caravan::pack::builtin_packs(),
        config: Some(config),
        start: Some(Screen::Launcher),
        ..RunArgs::default()
    });
    run(&mut app, 0.5);
    assert_eq!(all_tiles(&mut app).len(), 30);
}

#[test]
fn a_topics_icon_is_a_picture_of_its_pack_checked_at_its_line() {
    let dir = scratch("icon").join("optics");
    caravan::pack::copy_folder(&crate::support::repo().join("exhibits-optics"), &dir).unwrap();
    let manifest = std::fs::read_to_string(dir.join("pack.ron")).unwrap();
    let with = |icon: &str| {
        manifest.replace(
            "colour: \"#c9b93a\")",
            &format!("colour: \"#c9b93a\", icon: \"{icon}\")"),
        )
    };
    std::fs::write(dir.join("pack.ron"), with("previews/kaleidoscope.png")).unwrap();
    let ok = crate::support::caravan(&["validate", dir.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", crate::support::stdout(&ok));
    let topics = caravan::pack::Catalogue::load(std::slice::from_ref(&dir)).topics();
    assert_eq!(topics[0].icon, Some(dir.join("previews/kaleidoscope.png")));
    let text = with("icons/optics.png");
    std::fs::write(dir.join("pack.ron"), &text).unwrap();
    let o = crate::support::caravan(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let line = text
        .lines()
        .position(|l| l.contains("icons/optics.png"))
        .unwrap()
        + 1;
    let out = crate::support::stdout(&o);
    assert!(
        out.lines().any(|l| l.contains(&format!("pack.ron:{line}:"))
            && l.contains("`icons/optics.png` does not exist in the pack")),
        "{out}"
    );
}
