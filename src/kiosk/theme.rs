//! The kiosk's look: palette, touch-target size and the widgets every screen is built from,
//! as functions returning `impl Bundle` (composed with `children![]`). None needs a resource:
//! texts get their words and font in `text::plugin`.

use super::config::{KioskConfig, ui_scale};
use super::text::Label;
use bevy::prelude::*;

pub const INK: Color = Color::srgb(0.97, 0.97, 0.95);
pub const PANEL: Color = Color::srgba(0.05, 0.07, 0.12, 0.78);
pub const BUTTON: Color = Color::srgb(0.16, 0.42, 0.85);
pub const BUTTON_HOT: Color = Color::srgb(0.98, 0.62, 0.12);
/// The backdrop of the launcher and other screens without a scene.
pub const BACKDROP: Color = Color::srgb(0.11, 0.15, 0.22);
/// The operator's screens: plain and dark, unlike the visitors'.
pub const OPERATOR_BACKDROP: Color = Color::srgb(0.08, 0.09, 0.12);
/// Touch targets: at least 15 mm, about 64 px on a 21" 1080p panel.
pub const TARGET_PX: f32 = 72.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (button_colors, scale_for_touch));
}

/// A text that follows the language.
pub fn label(l: Label, size: f32, color: Color) -> impl Bundle {
    (
        Text::default(),
        TextFont::from_font_size(size),
        TextColor(color),
        l,
    )
}

/// A kiosk-language text (a key of the UI strings) in ink.
pub fn ui_label(key: &'static str, size: f32) -> impl Bundle {
    label(Label::Ui(key), size, INK)
}

/// A text set by code (a gauge, a count), not translated.
pub fn value_text(s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(s),
        TextFont::from_font_size(size),
        TextColor(color),
    )
}

/// A full-screen root node laid out in a column.
pub fn ui_root() -> Node {
    Node {
        width: Val::Percent(100.0),
        height: Val::Percent(100.0),
        flex_direction: FlexDirection::Column,
        ..default()
    }
}

/// A translucent panel laid out as `node`.
pub fn panel(node: Node) -> impl Bundle {
    (node, BackgroundColor(PANEL))
}

/// The kiosk's button: at least a touch target, at least `width` wide.
pub fn button(width: f32) -> impl Bundle {
    (
        Button,
        Node {
            min_width: Val::Px(TARGET_PX.max(width)),
            min_height: Val::Px(TARGET_PX),
            padding: UiRect::axes(Val::Px(20.0), Val::Px(10.0)),
            margin: UiRect::all(Val::Px(8.0)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(Val::Px(18.0)),
            ..default()
        },
        BackgroundColor(BUTTON),
    )
}

/// A full-width bar of buttons (an exhibit's top and bottom bars).
pub fn button_bar() -> Node {
    Node {
        width: Val::Percent(100.0),
        align_items: AlignItems::Center,
        flex_wrap: FlexWrap::Wrap,
        padding: UiRect::all(Val::Px(6.0)),
        ..default()
    }
}

/// A button with a text on it.
pub fn text_button(width: f32, text: Label, size: f32) -> impl Bundle {
    (button(width), children![label(text, size, INK)])
}

/// A widget button that lights up while it is "on".
#[derive(Component)]
pub struct Lit(pub bool);

fn button_colors(mut q: Query<(&Interaction, Option<&Lit>, &mut BackgroundColor), With<Button>>) {
    for (i, lit, mut bg) in &mut q {
        let hot = *i == Interaction::Pressed || lit.is_some_and(|l| l.0);
        bg.0 = if hot { BUTTON_HOT } else { BUTTON };
    }
}

/// Keeps every touch target at least 15 mm on the glass (`dpi` in the config): the whole UI
/// scales up on a dense screen.
fn scale_for_touch(
    windows: Query<&Window>,
    config: Res<KioskConfig>,
    ui_scale_now: Option<ResMut<UiScale>>,
) {
    let (Ok(w), Some(mut now)) = (windows.single(), ui_scale_now) else {
        return;
    };
    let k = ui_scale(config.dpi, w.scale_factor() as f64, TARGET_PX as f64) as f32;
    if (now.0 - k).abs() > 1e-4 {
        now.0 = k;
    }
}
