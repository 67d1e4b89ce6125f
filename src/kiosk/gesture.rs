//! How staff open the operator's PIN pad on a kiosk with no keyboard: a gesture a child does
//! not make by accident. Hold a finger in the empty top-right corner for [`HOLD_S`] seconds,
//! lift it, then tap that corner twice within [`TAPS_WITHIN_S`] seconds. The corner holds no
//! control on any screen (the screens keep it clear, a test checks every layout), a touch on
//! a control never counts, and a touch anywhere else starts over. Ctrl+Alt+O on a keyboard,
//! or Start and Select held together for [`HOLD_S`] seconds on a gamepad, open it too.

use super::Screen;
use bevy::input::gamepad::{Gamepad, GamepadButton};
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;
use bevy::window::PrimaryWindow;

/// The corner's side, in UI pixels (scaled with the UI, like the controls the screens keep
/// out of it).
pub const CORNER_PX: f32 = 90.0;
/// How long the first touch is held, seconds.
pub const HOLD_S: f64 = 3.0;
/// Taps that follow the hold, and the time they have after it.
pub const TAPS: u32 = 2;
pub const TAPS_WITHIN_S: f64 = 2.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Gesture>().init_resource::<ReturnTo>();
    // After the UI has laid out and touches are read, before the screens react to them.
    app.add_systems(
        PreUpdate,
        detect
            .after(bevy::input::InputSystems)
            .after(bevy::ui::UiSystems::Focus),
    );
}

/// The screen the visitor was on when the PIN pad opened: where it returns.
#[derive(Resource, Default)]
pub struct ReturnTo(pub Screen);

/// The gesture's progress: a pure state machine, fed by [`detect`].
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Gesture {
    /// The finger held in the corner, and since when.
    holding: Option<(u64, f64)>,
    /// After a long enough hold: taps counted, and until when they may come.
    armed: Option<(u32, f64)>,
}

impl Gesture {
    /// A finger (`id`) landed at `now`, in the corner or not, on a control or not. True when it
    /// completes the gesture.
    pub fn press(&mut self, id: u64, in_corner: bool, on_control: bool, now: f64) -> bool {
        if !in_corner || on_control {
            *self = Gesture::default();
            return false;
        }
        match self.armed {
            Some((taps, until)) if now <= until => {
                if taps + 1 >= TAPS {
                    *self = Gesture::default();
                    return true;
                }
                self.armed = Some((taps + 1, until));
            }
            _ => {
                self.armed = None;
                self.holding = Some((id, now));
            }
        }
        false
    }

    /// Finger `id` is still down at `now`; `in_corner` says whether it stayed there.
    pub fn still(&mut self, id: u64, in_corner: bool) {
        if self.holding.is_some_and(|(h, _)| h == id) && !in_corner {
            self.holding = None;
        }
    }

    /// Finger `id` lifted at `now`: after a long enough hold, the taps may come.
    pub fn lift(&mut self, id: u64, now: f64) {
        if let Some((h, since)) = self.holding
            && h == id
        {
            self.holding = None;
            if now - since >= HOLD_S {
                self.armed = Some((0, now + TAPS_WITHIN_S));
            }
        }
    }
}

/// The corner in logical window pixels, for a window `width` wide at UI scale `ui_scale`.
pub fn corner(width: f32, ui_scale: f32) -> Rect {
    let side = CORNER_PX * ui_scale;
    Rect::new(width - side, 0.0, width, side)
}

/// Fingers (and the mouse, finger 0: a staff member's) that landed this frame, with where
/// in logical window pixels.
pub(super) fn presses(
    touches: &Touches,
    mouse: &ButtonInput<MouseButton>,
    window: &Window,
) -> Vec<(u64, Vec2)> {
    let mut pressed: Vec<(u64, Vec2)> = touches
        .iter_just_pressed()
        .map(|t| (t.id() + 1, t.position()))
        .collect();
    if mouse.just_pressed(MouseButton::Left)
        && let Some(c) = window.cursor_position()
    {
        pressed.push((0, c));
    }
    pressed
}

/// Whether a point (logical window pixels) lies on any of `nodes`.
pub(super) fn on_any<'a>(
    p: Vec2,
    window: &Window,
    mut nodes: impl Iterator<Item = (&'a ComputedNode, &'a UiGlobalTransform)>,
) -> bool {
    let physical = p * window.scale_factor();
    nodes.any(|(node, at)| node.contains_point(*at, physical))
}

fn detect(
    time: Res<Time>,
    touches: Res<Touches>,
    mouse: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    gamepads: Query<&Gamepad>,
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Option<Res<UiScale>>,
    controls: Query<(&ComputedNode, &UiGlobalTransform, &InheritedVisibility), With<Interaction>>,
    screen: Res<State<Screen>>,
    mut gesture: ResMut<Gesture>,
    mut pad_chord_since: Local<Option<f64>>,
    mut return_to: ResMut<ReturnTo>,
    mut next: ResMut<NextState<Screen>>,
) {
    if *screen.get() == Screen::Operator {
        *gesture = Gesture::default();
        return;
    }
    let now = time.elapsed_secs_f64();
    let mut open = false;
    if let Ok(w) = window.single() {
        let zone = corner(w.width(), ui_scale.map_or(1.0, |s| s.0));
        let shown = || {
            controls
                .iter()
                .filter(|(_, _, v)| v.get())
                .map(|(node, at, _)| (node, at))
        };
        for (id, p) in presses(&touches, &mouse, w) {
            open |= gesture.press(id, zone.contains(p), on_any(p, w, shown()), now);
        }
        let cursor = w.cursor_position();
        for t in touches.iter() {
            gesture.still(t.id() + 1, zone.contains(t.position()));
        }
        if mouse.pressed(MouseButton::Left) {
            gesture.still(0, cursor.is_some_and(|c| zone.contains(c)));
        }
        for t in touches.iter_just_released() {
            gesture.lift(t.id() + 1, now);
        }
        if mouse.just_released(MouseButton::Left) {
            gesture.lift(0, now);
        }
    }
    let chord = keys.pressed(KeyCode::ControlLeft)
        && keys.pressed(KeyCode::AltLeft)
        && keys.just_pressed(KeyCode::KeyO);
    let pad_chord = gamepads
        .iter()
        .any(|g| g.pressed(GamepadButton::Start) && g.pressed(GamepadButton::Select));
    *pad_chord_since = pad_chord.then(|| pad_chord_since.unwrap_or(now));
    let pad_held = pad_chord_since.is_some_and(|since| now - since >= HOLD_S);
    if open || chord || pad_held {
        *pad_chord_since = None;
        return_to.0 = *screen.get();
        next.set(Screen::Operator);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold_then_taps(g: &mut Gesture, hold_s: f64, taps: &[f64]) -> bool {
        assert!(!g.press(1, true, false, 0.0));
        g.lift(1, hold_s);
        taps.iter()
            .enumerate()
            .any(|(i, t)| g.press(10 + i as u64, true, false, *t))
    }

    #[test]
    fn a_long_hold_and_two_taps_open_it() {
        assert!(hold_then_taps(&mut Gesture::default(), 3.2, &[3.5, 4.0]));
    }

    #[test]
    fn taps_alone_a_short_hold_or_late_taps_never_do() {
        let mut g = Gesture::default();
        assert!(!(0..50).any(|i| g.press(i, true, false, i as f64 * 0.1)));
        assert!(!hold_then_taps(&mut Gesture::default(), 2.5, &[2.7, 2.9]));
        assert!(!hold_then_taps(&mut Gesture::default(), 3.2, &[3.5, 6.0]));
    }

    #[test]
    fn a_touch_on_a_control_or_elsewhere_starts_over() {
        let mut g = Gesture::default();
        assert!(!g.press(1, true, false, 0.0));
        g.lift(1, 3.5);
        assert!(!g.press(2, true, false, 3.7));
        assert!(!g.press(3, false, false, 3.8));
        assert!(!g.press(4, true, false, 3.9));
        let mut g = Gesture::default();
        assert!(!g.press(1, true, true, 0.0));
        g.lift(1, 3.5);
        assert!(!g.press(2, true, false, 3.7));
        assert!(!g.press(3, true, false, 3.8));
    }

    #[test]
    fn a_finger_that_slides_out_of_the_corner_does_not_count_as_held() {
        let mut g = Gesture::default();
        assert!(!g.press(1, true, false, 0.0));
        g.still(1, false);
        g.lift(1, 3.5);
        assert!(!g.press(2, true, false, 3.7));
        assert!(!g.press(3, true, false, 3.8));
    }
}
