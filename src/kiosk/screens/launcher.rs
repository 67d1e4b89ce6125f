//! The launcher: a big tile per exhibit with its picture, title and blurb, and the language
//! button. A gamepad moves along the tiles and opens one.

use super::next_lang;
use crate::descriptor::Action;
use crate::kiosk::config::KioskConfig;
use crate::kiosk::input::{Actions, Idle};
use crate::kiosk::pack_assets::PackAssets;
use crate::kiosk::text::Label;
use crate::kiosk::theme::{
    BACKDROP, BUTTON, BUTTON_HOT, INK, Lit, label, text_button, ui_label, ui_root,
};
use crate::kiosk::{CORNER_PX, Lang, Screen, Selected, Shown};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Launcher), spawn_launcher);
    app.add_systems(Update, launcher.run_if(in_state(Screen::Launcher)));
}

/// The tile that opens an exhibit, by its id.
#[derive(Component)]
pub(crate) struct Tile(pub(crate) String);

#[derive(Component)]
pub(crate) struct LangButton;

fn spawn_launcher(
    mut commands: Commands,
    shown: Res<Shown>,
    assets: Res<PackAssets>,
    mut clear: ResMut<ClearColor>,
) {
    clear.0 = BACKDROP;
    let tiles: Vec<_> = shown
        .catalogue
        .exhibits()
        .map(|e| tile(&e.id, &e.title, &e.blurb, assets.preview(&e.id)))
        .collect();
    let warning =
        (!shown.problems.is_empty()).then(|| label(Label::Ui("packs_failed"), 22.0, BUTTON_HOT));
    commands.spawn((
        DespawnOnExit(Screen::Launcher),
        Node {
            align_items: AlignItems::Center,
            padding: UiRect::all(Val::Px(24.0)),
            row_gap: Val::Px(16.0),
            ..ui_root()
        },
        Children::spawn((
            Spawn((
                Node {
                    width: Val::Percent(100.0),
                    justify_content: JustifyContent::SpaceBetween,
                    align_items: AlignItems::Center,
                    // The staff's corner stays clear of controls.
                    padding: UiRect::right(Val::Px(CORNER_PX)),
                    ..default()
                },
                children![
                    ui_label("app_title", 48.0),
                    (text_button(160.0, Label::Ui("language"), 30.0), LangButton),
                ],
            )),
            Spawn(ui_label("choose", 34.0)),
            Spawn((
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    // Tiles as tall as their content, not stretched down the screen.
                    align_items: AlignItems::FlexStart,
                    align_content: AlignContent::FlexStart,
                    column_gap: Val::Px(24.0),
                    row_gap: Val::Px(24.0),
                    ..default()
                },
                Children::spawn(SpawnIter(tiles.into_iter())),
            )),
            SpawnIter(warning.into_iter()),
        )),
    ));
}

/// A launcher tile: picture (if the exhibit has one), title, blurb.
fn tile(
    id: &str,
    title: &crate::descriptor::Localized,
    blurb: &crate::descriptor::Localized,
    picture: Option<Handle<Image>>,
) -> impl Bundle {
    let picture = picture.map(|img| {
        (
            ImageNode::new(img),
            Node {
                width: Val::Px(300.0),
                height: Val::Px(188.0),
                border_radius: BorderRadius::all(Val::Px(14.0)),
                ..default()
            },
        )
    });
    (
        Button,
        Tile(id.to_string()),
        Lit(false),
        // A fixed size: all tiles alike, whatever their text wraps to (a picture, two lines
        // of title, three of blurb).
        Node {
            width: Val::Px(340.0),
            height: Val::Px(450.0),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(Val::Px(20.0)),
            row_gap: Val::Px(12.0),
            border_radius: BorderRadius::all(Val::Px(24.0)),
            ..default()
        },
        BackgroundColor(BUTTON),
        Children::spawn((
            SpawnIter(picture.into_iter()),
            Spawn(label(Label::Own(title.clone()), 40.0, INK)),
            Spawn(label(Label::Own(blurb.clone()), 24.0, INK)),
        )),
    )
}

fn launcher(
    tiles: Query<(&Interaction, &Tile), Changed<Interaction>>,
    lang_btn: Query<&Interaction, (Changed<Interaction>, With<LangButton>)>,
    mut lit: Query<(&Tile, &mut Lit)>,
    shown: Res<Shown>,
    actions: Res<Actions>,
    idle: Res<Idle>,
    config: Res<KioskConfig>,
    mut focus: Local<usize>,
    mut lang: ResMut<Lang>,
    mut selected: ResMut<Selected>,
    mut next: ResMut<NextState<Screen>>,
) {
    for (i, tile) in &tiles {
        if *i == Interaction::Pressed {
            selected.0 = Some(tile.0.clone());
            next.set(Screen::Exhibit);
        }
    }
    if lang_btn.iter().any(|i| *i == Interaction::Pressed) {
        next_lang(&config, &mut lang);
    }
    // Gamepad only: Left/Right move along the tiles in launcher order (the focused one
    // lights up), Select or Blow opens.
    let ids: Vec<&str> = shown.catalogue.exhibits().map(|e| e.id.as_str()).collect();
    if !ids.is_empty() {
        let moved = if actions.pressed(Action::Right) || actions.pressed(Action::Down) {
            *focus = (*focus + 1) % ids.len();
            true
        } else if actions.pressed(Action::Left) || actions.pressed(Action::Up) {
            *focus = (*focus + ids.len() - 1) % ids.len();
            true
        } else {
            false
        };
        let id = ids[*focus % ids.len()];
        if moved || actions.pressed(Action::Select) {
            for (tile, mut l) in &mut lit {
                l.0 = tile.0 == id;
            }
        }
        if actions.pressed(Action::Select) || actions.pressed(Action::Blow) {
            selected.0 = Some(id.to_string());
            next.set(Screen::Exhibit);
        }
    }
    if idle.seconds > config.idle_s {
        next.set(Screen::Attract);
    }
}
