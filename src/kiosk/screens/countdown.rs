//! "Still there?": after the idle time an exhibit shows a countdown that any input cancels;
//! at zero the exhibit resets fully and the kiosk returns to the attract loop.

use crate::exhibits::{self, ActiveExhibit};
use crate::kiosk::Screen;
use crate::kiosk::config::KioskConfig;
use crate::kiosk::input::Idle;
use crate::kiosk::theme::{BUTTON_HOT, ui_label, value_text};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, countdown.run_if(in_state(Screen::Exhibit)));
}

/// The overlay, over the whole screen.
#[derive(Component)]
pub(crate) struct CountdownOverlay;

/// Its number of seconds left.
#[derive(Component)]
struct SecondsLeft;

fn countdown(
    idle: Res<Idle>,
    config: Res<KioskConfig>,
    active: Option<Res<ActiveExhibit>>,
    overlay: Query<Entity, With<CountdownOverlay>>,
    mut texts: Query<&mut Text, With<SecondsLeft>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let reset = active
        .as_ref()
        .map(|a| a.descriptor.reset.clone())
        .unwrap_or_default();
    let idle_s = reset.idle_s.unwrap_or(config.idle_s);
    let count_s = reset.countdown_s.unwrap_or(config.countdown_s);
    let left = idle_s + count_s - idle.seconds;
    if idle.seconds < idle_s {
        for e in &overlay {
            commands.entity(e).despawn();
        }
        return;
    }
    if left <= 0.0 {
        commands.queue(exhibits::reset);
        next.set(Screen::Attract);
        return;
    }
    let shown = format!("{}", left.ceil() as i64);
    if overlay.is_empty() {
        commands.spawn(overlay_bundle(shown));
    } else {
        for mut t in &mut texts {
            if t.0 != shown {
                t.0 = shown.clone();
            }
        }
    }
}

fn overlay_bundle(seconds: String) -> impl Bundle {
    (
        DespawnOnExit(Screen::Exhibit),
        CountdownOverlay,
        Node {
            position_type: PositionType::Absolute,
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.6)),
        GlobalZIndex(20),
        children![
            ui_label("still_there", 44.0),
            (SecondsLeft, value_text(seconds, 120.0, BUTTON_HOT)),
        ],
    )
}
