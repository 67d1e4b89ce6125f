//! Hooks for driving the headless kiosk (its tests, `caravan fuzz`): fingers, gamepads and
//! keys as the OS and bevy_gilrs report them, a tap on an on-screen button where it is laid
//! out, and what the screen says.

use super::operator::{PanelButton, PinKey};
use super::screens::{
    CountdownOverlay, FrameButton, LangButton, PageButton, Tile, TopicTile, TopicsButton, TouchPad,
};
use bevy::input::ButtonState;
use bevy::input::gamepad::{
    GamepadButton, GamepadConnection, GamepadConnectionEvent, RawGamepadButtonChangedEvent,
    RawGamepadEvent,
};
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::touch::{TouchInput, TouchPhase};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use bevy::ui::UiGlobalTransform;
use bevy::window::PrimaryWindow;
use std::time::Duration;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Lifts>();
    app.add_systems(Last, lift_fingers);
}

/// Fingers put down by [`tap`], lifted at the end of the frame that saw them land.
#[derive(Resource, Default)]
struct Lifts {
    down: Vec<(u64, Vec2)>,
    next_id: u64,
}

/// Makes a freshly built headless kiosk ready to drive: its font loaded (texts take their size
/// from it), laid out, then each `update()` advancing `step` seconds.
pub fn ready(app: &mut App, step: f64) -> bool {
    app.finish();
    app.cleanup();
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO));
    // The font loads on another thread.
    for _ in 0..500 {
        app.update();
        if font_loaded(app.world()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(
        step,
    )));
    for _ in 0..3 {
        app.update();
    }
    font_loaded(app.world())
}

fn primary_window(world: &mut World) -> Option<Entity> {
    world
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(world)
        .ok()
}

/// A finger `id` down, moved or up at `at` (logical window pixels), read in the next update.
pub fn finger(world: &mut World, id: u64, phase: TouchPhase, at: Vec2) {
    let Some(window) = primary_window(world) else {
        return;
    };
    world.write_message(TouchInput {
        phase,
        position: at,
        window,
        force: None,
        id,
    });
}

/// A gamepad plugged in, as bevy_gilrs reports one.
pub fn connect_gamepad(world: &mut World) -> Entity {
    let pad = world.spawn_empty().id();
    world.write_message(GamepadConnectionEvent::new(
        pad,
        GamepadConnection::Connected {
            name: "arcade buttons".into(),
            vendor_id: None,
            product_id: None,
        },
    ));
    pad
}

/// A gamepad button pressed or released.
pub fn gamepad_button(world: &mut World, pad: Entity, button: GamepadButton, down: bool) {
    world.write_message(RawGamepadEvent::Button(RawGamepadButtonChangedEvent::new(
        pad,
        button,
        if down { 1.0 } else { 0.0 },
    )));
}

/// A key pressed or released.
pub fn key(world: &mut World, code: KeyCode, logical: Key, down: bool) {
    let Some(window) = primary_window(world) else {
        return;
    };
    world.write_message(KeyboardInput {
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
}

/// Puts a finger down at `at` (logical window pixels); it lifts one frame later, as a tap.
pub fn tap(world: &mut World, at: Vec2) {
    let Some(window) = primary_window(world) else {
        return;
    };
    let id = {
        let mut lifts = world.resource_mut::<Lifts>();
        lifts.next_id += 1;
        // Ids of their own, so as not to collide with a test's other fingers.
        let id = 1_000_000 + lifts.next_id;
        lifts.down.push((id, at));
        id
    };
    world.write_message(TouchInput {
        phase: TouchPhase::Started,
        position: at,
        window,
        force: None,
        id,
    });
}

fn lift_fingers(
    mut lifts: ResMut<Lifts>,
    window: Query<Entity, With<PrimaryWindow>>,
    mut touches: MessageWriter<TouchInput>,
) {
    let Ok(window) = window.single() else { return };
    for (id, at) in lifts.down.drain(..) {
        touches.write(TouchInput {
            phase: TouchPhase::Ended,
            position: at,
            window,
            force: None,
            id,
        });
    }
}

/// Where `e` sits on screen, in logical window pixels: its centre and size.
pub fn rect_of(world: &World, e: Entity) -> Option<Rect> {
    let node = world.get::<ComputedNode>(e)?;
    let at = world.get::<UiGlobalTransform>(e)?;
    let k = node.inverse_scale_factor();
    let centre = at.translation * k;
    Some(Rect::from_center_size(centre, node.size() * k))
}

/// An on-screen button, by what it does: what a headless test presses.
#[derive(Debug, Clone, PartialEq)]
pub enum UiButton {
    /// The launcher tile of this exhibit.
    Tile(String),
    /// The language button (launcher or exhibit frame).
    Language,
    Home,
    Reset,
    /// A key of the operator's PIN pad: a digit, '<' (delete), '>' (OK), 'x' (close).
    Pin(char),
    /// The operator panel's "back to the launcher".
    OperatorBack,
    /// The launcher's next page.
    NextPage,
    /// The launcher's tile of the topic at this place among the topics.
    Topic(usize),
    /// The launcher's way back to the topics.
    Topics,
}

/// Taps the button `what` in its middle, as a finger would: the screens react in the next
/// update. False if no such button is laid out on screen.
pub fn press(world: &mut World, what: UiButton) -> bool {
    let mut q = world.query::<(
        Entity,
        Option<&Tile>,
        Option<&LangButton>,
        Option<&FrameButton>,
        Option<&PinKey>,
        Option<&PanelButton>,
        Option<&PageButton>,
        Option<&TopicTile>,
        Option<&TopicsButton>,
    )>();
    let hit = q
        .iter(world)
        .find_map(|(e, tile, lang, frame, pin, panel, page, topic, topics)| {
            let yes = match &what {
                UiButton::Tile(id) => tile.is_some_and(|t| &t.0 == id),
                UiButton::Language => lang.is_some() || frame == Some(&FrameButton::Lang),
                UiButton::Home => frame == Some(&FrameButton::Home),
                UiButton::Reset => frame == Some(&FrameButton::Reset),
                UiButton::Pin(c) => pin.is_some_and(|p| p.0 == *c),
                UiButton::OperatorBack => matches!(panel, Some(PanelButton::Back)),
                UiButton::NextPage => page.is_some_and(|p| p.0 == 1),
                UiButton::Topic(k) => topic.is_some_and(|t| t.0 == *k),
                UiButton::Topics => topics.is_some(),
            };
            yes.then_some(e)
        });
    match hit.and_then(|e| rect_of(world, e)) {
        Some(r) if r.width() > 0.0 => {
            tap(world, r.center());
            true
        }
        _ => false,
    }
}

/// The exhibits whose launcher tiles are laid out now, in reading order.
pub fn tiles(world: &mut World) -> Vec<String> {
    let mut q = world.query::<(Entity, &Tile)>();
    let all: Vec<(Entity, String)> = q.iter(world).map(|(e, t)| (e, t.0.clone())).collect();
    in_reading_order(world, all)
}

/// Those of `items` laid out on screen, top row first, each row left to right.
fn in_reading_order<T>(world: &mut World, items: Vec<(Entity, T)>) -> Vec<T> {
    let mut laid: Vec<(Rect, T)> = items
        .into_iter()
        .filter_map(|(e, t)| Some((rect_of(world, e).filter(|r| r.width() > 0.0)?, t)))
        .collect();
    laid.sort_by(|a, b| {
        (a.0.min.y.round(), a.0.min.x)
            .partial_cmp(&(b.0.min.y.round(), b.0.min.x))
            .unwrap()
    });
    laid.into_iter().map(|(_, t)| t).collect()
}

/// The topics whose launcher tiles are laid out now (by their place among the topics), in
/// reading order.
pub fn topic_tiles(world: &mut World) -> Vec<usize> {
    let mut q = world.query::<(Entity, &TopicTile)>();
    let all: Vec<(Entity, usize)> = q.iter(world).map(|(e, t)| (e, t.0)).collect();
    in_reading_order(world, all)
}

/// The launcher tiles lit as the gamepad's focus, on the page showing.
pub fn lit_tiles(world: &mut World) -> Vec<String> {
    let mut q = world.query::<(&Tile, &super::theme::Lit)>();
    q.iter(world)
        .filter(|(_, lit)| lit.0)
        .map(|(t, _)| t.0.clone())
        .collect()
}

/// Where every control a visitor can touch sits now (buttons and the exhibit's touch pad),
/// in logical window pixels.
pub fn control_rects(world: &mut World) -> Vec<Rect> {
    let mut q = world
        .query_filtered::<(Entity, &InheritedVisibility), Or<(With<Interaction>, With<TouchPad>)>>(
        );
    let shown: Vec<Entity> = q
        .iter(world)
        .filter(|(_, v)| v.get())
        .map(|(e, _)| e)
        .collect();
    // (One not laid out, `Display::None`, is no target: a finger cannot land on it.)
    shown
        .into_iter()
        .filter_map(|e| rect_of(world, e))
        .filter(|r| r.width() > 0.0 && r.height() > 0.0)
        .collect()
}

/// Whether the kiosk's font has loaded (texts are measured with it from then on).
pub fn font_loaded(world: &World) -> bool {
    let font = &world.resource::<super::text::UiFont>().0;
    world.resource::<AssetServer>().is_loaded(font)
}

/// Every text on screen now.
pub fn texts_on_screen(world: &mut World) -> Vec<String> {
    let mut q = world.query::<&Text>();
    q.iter(world).map(|t| t.0.clone()).collect()
}

/// Whether the "still there?" countdown is showing.
pub fn countdown_showing(world: &mut World) -> bool {
    let mut q = world.query_filtered::<(), With<CountdownOverlay>>();
    q.iter(world).next().is_some()
}
