//! The kiosk's window through winit: a full screen that covers the screen even where nothing
//! acts on the request for one.

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowMode};
use bevy::winit::WINIT_WINDOWS;

/// Frames after which a window still not its screen's size is reported and left as it is
/// (each look asks the display server, so not every frame for months).
const LOOKS: u32 = 300;

pub fn plugin(app: &mut App) {
    app.add_systems(Update, cover_the_screen);
}

/// How far the window is from covering its screen.
#[derive(Default, PartialEq)]
enum Cover {
    #[default]
    Looking,
    Asked,
    Done,
}

/// On X with no window manager (a kiosk's session with no desktop) nothing acts on the
/// request for a full screen: the window stays winit's first 800×600 in the screen's corner,
/// while Bevy draws it as if it were the size it asked for (seen under Xvfb: the launcher
/// cut off at 800 px). Where the window is not its monitor's size, ask for that size here, once;
/// a window manager or compositor, where there is one, has already made it so and nothing
/// changes.
fn cover_the_screen(
    _main_thread: bevy::ecs::system::NonSendMarker,
    window: Query<(Entity, &Window), With<PrimaryWindow>>,
    mut state: Local<(u32, Cover)>,
) {
    let (looks, cover) = &mut *state;
    if *cover == Cover::Done {
        return;
    }
    *looks += 1;
    let Ok((entity, window)) = window.single() else {
        return;
    };
    if !matches!(window.mode, WindowMode::BorderlessFullscreen(_)) {
        *cover = Cover::Done;
        return;
    }
    WINIT_WINDOWS.with_borrow(|windows| {
        let Some(w) = windows.get_window(entity) else {
            return;
        };
        let Some(monitor) = w.current_monitor().or_else(|| w.primary_monitor()) else {
            return;
        };
        let (screen, now) = (monitor.size(), w.inner_size());
        if screen.width == 0 || screen.height == 0 {
            return;
        }
        let (sw, sh, nw, nh) = (screen.width, screen.height, now.width, now.height);
        match (screen == now, &cover) {
            (true, Cover::Asked) => {
                tracing::info!("the full-screen window now covers the {sw}×{sh} screen");
                *cover = Cover::Done;
            }
            (true, _) => *cover = Cover::Done,
            (false, Cover::Looking) => {
                tracing::info!(
                    "the full-screen window is {nw}×{nh} on a {sw}×{sh} screen (no window manager?): sizing it to the screen"
                );
                let _ = w.request_inner_size(screen);
                *cover = Cover::Asked;
            }
            (false, _) if *looks >= LOOKS => {
                tracing::warn!(
                    "the full-screen window stayed {nw}×{nh} on a {sw}×{sh} screen: check the display's session"
                );
                *cover = Cover::Done;
            }
            (false, _) => {}
        }
    });
}
