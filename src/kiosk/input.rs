//! Kiosk input: touches on the exhibit, gamepad/arcade buttons and keys mapped to actions,
//! and the idle clock every input resets.

use super::config::{GAMEPAD_BUTTONS, KEYS, KioskConfig, named};
use crate::descriptor::Action;
use bevy::input::gamepad::Gamepad;
use bevy::input::touch::Touches;
use bevy::prelude::*;

/// Actions pressed (true) or released (false) this frame, from gamepads and keys.
#[derive(Resource, Default, Debug)]
pub struct Actions(pub Vec<(Action, bool)>);

impl Actions {
    pub fn pressed(&self, a: Action) -> bool {
        self.0.contains(&(a, true))
    }
}

/// Seconds since the last input of any kind, and how many touches and presses began so far
/// (the usage figures' interactions).
#[derive(Resource, Default, Debug)]
pub struct Idle {
    pub seconds: f64,
    pub presses: u64,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Actions>()
        .init_resource::<Idle>()
        .init_resource::<LastTouch>();
    app.add_systems(
        PreUpdate,
        (map_actions, track_idle, mute_mouse_after_touch)
            .chain()
            .after(bevy::input::InputSystems)
            .before(bevy::picking::PickingSystems::Input),
    );
}

/// A touch screen's driver or the OS often turns each touch into mouse events as well; read
/// both and a tap would press a button twice (a language toggle would flip and flip back).
/// While a finger touched within [`MOUSE_QUIET_S`], the mouse pointer is switched off, so a
/// staff mouse still works when nobody is touching.
pub const MOUSE_QUIET_S: f64 = 1.0;

#[derive(Resource, Default, Debug)]
pub struct LastTouch(pub Option<f64>);

fn mute_mouse_after_touch(
    time: Res<Time<Real>>,
    touches: Res<Touches>,
    mut last: ResMut<LastTouch>,
    settings: Option<ResMut<bevy::picking::input::PointerInputSettings>>,
) {
    let now = time.elapsed_secs_f64();
    if touches.iter().next().is_some() || touches.iter_just_released().next().is_some() {
        last.0 = Some(now);
    }
    let quiet = last.0.is_some_and(|t| now - t < MOUSE_QUIET_S);
    if let Some(mut s) = settings
        && s.is_mouse_enabled == quiet
    {
        s.is_mouse_enabled = !quiet;
    }
}

fn map_actions(
    config: Res<KioskConfig>,
    keys: Res<ButtonInput<KeyCode>>,
    gamepads: Query<&Gamepad>,
    mut actions: ResMut<Actions>,
) {
    actions.0.clear();
    for (name, action) in &config.keyboard {
        if let Some(k) = named(&KEYS, name) {
            if keys.just_pressed(k) {
                actions.0.push((*action, true));
            }
            if keys.just_released(k) {
                actions.0.push((*action, false));
            }
        }
    }
    for pad in &gamepads {
        for (name, action) in &config.gamepad {
            if let Some(b) = named(&GAMEPAD_BUTTONS, name) {
                if pad.just_pressed(b) {
                    actions.0.push((*action, true));
                }
                if pad.just_released(b) {
                    actions.0.push((*action, false));
                }
            }
        }
    }
}

fn track_idle(
    time: Res<Time>,
    actions: Res<Actions>,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    mut idle: ResMut<Idle>,
) {
    // A click can be pressed and released within one frame: count the just-pressed too.
    let active = !actions.0.is_empty()
        || keys.get_pressed().next().is_some()
        || keys.get_just_pressed().next().is_some()
        || mouse.get_pressed().next().is_some()
        || mouse.get_just_pressed().next().is_some()
        || touches.iter().next().is_some()
        || touches.iter_just_released().next().is_some();
    // Mapped keys and gamepad buttons arrive as actions; a touch screen's mouse echo is
    // muted while fingers are down, so nothing is counted twice.
    idle.presses += (touches.iter_just_pressed().count()
        + actions.0.iter().filter(|(_, down)| *down).count()
        + mouse.get_just_pressed().count()) as u64;
    if active {
        idle.seconds = 0.0;
    } else {
        idle.seconds += time.delta_secs_f64();
    }
}
