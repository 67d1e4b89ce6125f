//! Hooks for the headless kiosk tests: press an on-screen button as a touch would, read what
//! the screen says.

use super::operator::{PanelButton, PinKey};
use super::screens::{CountdownOverlay, FrameButton, LangButton, Tile};
use bevy::prelude::*;

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
}

/// Presses the button `what` as a touch would (its `Interaction` becomes `Pressed`, which the
/// screens react to in the next update). False if no such button is on screen.
pub fn press(world: &mut World, what: UiButton) -> bool {
    let mut q = world.query::<(
        Entity,
        Option<&Tile>,
        Option<&LangButton>,
        Option<&FrameButton>,
        Option<&PinKey>,
        Option<&PanelButton>,
    )>();
    let hit = q
        .iter(world)
        .find_map(|(e, tile, lang, frame, pin, panel)| {
            let yes = match &what {
                UiButton::Tile(id) => tile.is_some_and(|t| &t.0 == id),
                UiButton::Language => lang.is_some() || frame == Some(&FrameButton::Lang),
                UiButton::Home => frame == Some(&FrameButton::Home),
                UiButton::Reset => frame == Some(&FrameButton::Reset),
                UiButton::Pin(c) => pin.is_some_and(|p| p.0 == *c),
                UiButton::OperatorBack => matches!(panel, Some(PanelButton::Back)),
            };
            yes.then_some(e)
        });
    match hit {
        Some(e) => {
            world.entity_mut(e).insert(Interaction::Pressed);
            true
        }
        None => false,
    }
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
