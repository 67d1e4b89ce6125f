//! The launcher: pages of tiles when they outnumber the screen, and the tile a gamepad moves
//! to, lit on whichever page it is.

use crate::headless::*;
use bevy::input::gamepad::GamepadButton;
use bevy::prelude::*;
use caravan::kiosk::{self, RunArgs, Screen, UiButton};

/// The launcher with the four built-in packs (fourteen tiles), laid out.
fn launcher_with_every_builtin_pack() -> App {
    let mut app = kiosk_with(RunArgs {
        packs: caravan::pack::builtin_packs(),
        start: Some(Screen::Launcher),
        ..RunArgs::default()
    });
    run(&mut app, 0.5);
    app
}

#[test]
fn the_launcher_pages_when_tiles_outnumber_the_screen_with_big_targets() {
    // The built-in packs: fourteen tiles, three to a 1280×800 page.
    let mut app = launcher_with_every_builtin_pack();
    let first = kiosk::tiles(app.world_mut());
    assert_eq!(first.len(), 3, "{first:?}");
    let every = all_tiles(&mut app);
    assert_eq!(every.len(), 20, "{every:?}");
    for id in [
        "vr_tour",
        "eddy_tube",
        "overbalanced_wheel",
        "brachistochrone",
        "double_cone",
        "pendulums",
        "bernoulli_cups",
    ] {
        assert!(every.contains(&id.to_string()), "{id} in {every:?}");
    }
    // Every target a finger can hit is at least 15 mm on a 22-inch 1920×1080 screen
    // (0.248 mm a pixel): 61 px, the page buttons included.
    for r in kiosk::control_rects(app.world_mut()) {
        assert!(r.width().min(r.height()) >= 60.0, "{r:?}");
    }
    // A tile on another page opens its exhibit.
    for _ in 0..3 {
        if kiosk::tiles(app.world_mut()).contains(&"pendulums".to_string()) {
            break;
        }
        assert!(kiosk::press(app.world_mut(), UiButton::NextPage));
        run(&mut app, 0.5);
    }
    assert!(kiosk::press(
        app.world_mut(),
        UiButton::Tile("pendulums".into())
    ));
    run(&mut app, 1.0);
    assert_eq!(screen(&app), Screen::Exhibit);
    assert_eq!(active_id(&app).as_deref(), Some("pendulums"));
}

#[test]
fn the_gamepads_tile_stays_lit_across_pages_and_back_from_an_exhibit() {
    let mut app = launcher_with_every_builtin_pack();
    // Launcher order: the catalogue's.
    let order: Vec<String> = app
        .world()
        .resource::<kiosk::Shown>()
        .catalogue
        .exhibits()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(order.len(), 20);
    assert!(
        kiosk::lit_tiles(app.world_mut()).is_empty(),
        "unlit for touch"
    );
    let pad = connect_pad(&mut app);
    // Right three times: the fourth tile, on the second page, lit as it is drawn.
    for k in 1..=4 {
        pad_tap(&mut app, pad, GamepadButton::DPadRight);
        run(&mut app, 0.25);
        let shown = kiosk::tiles(app.world_mut());
        let want = &order[k % order.len()];
        assert!(shown.contains(want), "{want} on the page: {shown:?}");
        assert_eq!(kiosk::lit_tiles(app.world_mut()), vec![want.clone()]);
    }
    // Left back over the page boundary.
    pad_tap(&mut app, pad, GamepadButton::DPadLeft);
    pad_tap(&mut app, pad, GamepadButton::DPadLeft);
    run(&mut app, 0.25);
    assert_eq!(kiosk::lit_tiles(app.world_mut()), vec![order[2].clone()]);
    // Open it, come back: still lit.
    pad_tap(&mut app, pad, GamepadButton::North);
    assert_eq!(active_id(&app).as_deref(), Some(order[2].as_str()));
    pad_tap(&mut app, pad, GamepadButton::East);
    run(&mut app, 0.25);
    assert_eq!(kiosk::lit_tiles(app.world_mut()), vec![order[2].clone()]);
}
