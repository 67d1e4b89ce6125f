//! The launcher: a big tile per exhibit with its picture, title and blurb, and the language
//! button. A gamepad moves along the tiles and opens one. When there are more tiles than fit
//! the screen they come in pages, with big previous/next buttons (a touchscreen has no
//! scroll wheel, and a page never hides half a tile).

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
use bevy::window::PrimaryWindow;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LauncherPage>();
    app.add_systems(OnEnter(Screen::Launcher), spawn_launcher);
    app.add_systems(
        Update,
        (launcher, turn_page, fill_grid)
            .chain()
            .run_if(in_state(Screen::Launcher)),
    );
    // The next visitor starts unlit, on the first tile.
    app.add_systems(
        OnEnter(Screen::Attract),
        |mut page: ResMut<LauncherPage>| {
            page.focus = None;
        },
    );
}

/// The page of tiles showing, and how many tiles fit on one (from the window's size).
#[derive(Resource, Debug, Default, Clone, Copy)]
pub(crate) struct LauncherPage {
    pub page: usize,
    pub per_page: usize,
    /// The tile a gamepad or arcade buttons have moved to, in launcher order (lit wherever
    /// its page is drawn); none until they are used.
    pub focus: Option<usize>,
}

impl LauncherPage {
    pub fn pages(&self, tiles: usize) -> usize {
        tiles.div_ceil(self.per_page.max(1)).max(1)
    }
}

const TILE_W: f32 = 340.0;
const TILE_H: f32 = 450.0;
const GAP: f32 = 24.0;
/// The title row, the "choose" line, the page bar and the margins above and below the tiles.
const CHROME_H: f32 = 260.0;

/// How many whole tiles fit a window of `size` logical pixels: at least one.
fn tiles_that_fit(size: Vec2) -> usize {
    let cols = ((size.x - 2.0 * GAP + GAP) / (TILE_W + GAP))
        .floor()
        .max(1.0);
    let rows = ((size.y - CHROME_H + GAP) / (TILE_H + GAP))
        .floor()
        .max(1.0);
    (cols * rows) as usize
}

/// The row of tiles showing now, filled by [`fill_grid`].
#[derive(Component)]
struct TileGrid;

/// Previous (−1) or next (+1) page.
#[derive(Component)]
pub(crate) struct PageButton(pub(crate) i32);

#[derive(Component)]
struct PageNumber;

/// The tile that opens an exhibit, by its id.
#[derive(Component)]
pub(crate) struct Tile(pub(crate) String);

#[derive(Component)]
pub(crate) struct LangButton;

fn spawn_launcher(
    mut commands: Commands,
    shown: Res<Shown>,
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    mut page: ResMut<LauncherPage>,
    mut clear: ResMut<ClearColor>,
) {
    clear.0 = BACKDROP;
    let size = window
        .single()
        .map(|w| Vec2::new(w.width(), w.height()))
        .unwrap_or(Vec2::new(1280.0, 800.0));
    // In the UI's pixels, which a dense screen scales up.
    page.per_page = tiles_that_fit(size / ui_scale.0.max(0.1));
    let count = shown.catalogue.exhibits().count();
    page.page = page.page.min(page.pages(count) - 1);
    let paged = page.pages(count) > 1;
    let page_bar = paged.then(|| {
        (
            Node {
                column_gap: Val::Px(32.0),
                align_items: AlignItems::Center,
                ..default()
            },
            children![
                (
                    text_button(200.0, Label::Ui("page_prev"), 30.0),
                    PageButton(-1)
                ),
                (crate::kiosk::theme::value_text("", 30.0, INK), PageNumber),
                (
                    text_button(200.0, Label::Ui("page_next"), 30.0),
                    PageButton(1)
                ),
            ],
        )
    });
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
                TileGrid,
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    // Tiles as tall as their content, not stretched down the screen.
                    align_items: AlignItems::FlexStart,
                    align_content: AlignContent::FlexStart,
                    column_gap: Val::Px(GAP),
                    row_gap: Val::Px(GAP),
                    ..default()
                },
            )),
            SpawnIter(page_bar.into_iter()),
            SpawnIter(warning.into_iter()),
        )),
    ));
}

/// The tiles of the page showing, whenever the page changes or the launcher opens; the
/// focused one lit.
fn fill_grid(
    mut commands: Commands,
    grid: Query<(Entity, Ref<TileGrid>)>,
    page: Res<LauncherPage>,
    shown: Res<Shown>,
    assets: Res<PackAssets>,
    mut number: Query<&mut Text, With<PageNumber>>,
    mut filled: Local<Option<usize>>,
) {
    let Ok((grid, added)) = grid.single() else {
        return;
    };
    if !added.is_added() && *filled == Some(page.page) {
        return;
    }
    *filled = Some(page.page);
    let per = page.per_page.max(1);
    let count = shown.catalogue.exhibits().count();
    let tiles: Vec<_> = shown
        .catalogue
        .exhibits()
        .enumerate()
        .skip(page.page * per)
        .take(per)
        .map(|(k, e)| {
            let lit = page.focus == Some(k);
            tile(&e.id, &e.title, &e.blurb, assets.preview(&e.id), lit)
        })
        .collect();
    commands.entity(grid).despawn_children();
    for t in tiles {
        commands.spawn((t, ChildOf(grid)));
    }
    for mut t in &mut number {
        t.0 = format!("{} / {}", page.page + 1, page.pages(count));
    }
}

/// The previous/next buttons, wrapping round.
fn turn_page(
    buttons: Query<(&Interaction, &PageButton), Changed<Interaction>>,
    shown: Res<Shown>,
    mut page: ResMut<LauncherPage>,
) {
    let pages = page.pages(shown.catalogue.exhibits().count());
    for (i, b) in &buttons {
        if *i == Interaction::Pressed {
            page.page = (page.page as i64 + b.0 as i64).rem_euclid(pages as i64) as usize;
        }
    }
}

/// A launcher tile: picture (if the exhibit has one), title, blurb.
fn tile(
    id: &str,
    title: &crate::descriptor::Localized,
    blurb: &crate::descriptor::Localized,
    picture: Option<Handle<Image>>,
    lit: bool,
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
        Lit(lit),
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
    mut page: ResMut<LauncherPage>,
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
        let n = ids.len();
        let at = page.focus.unwrap_or(0) % n;
        let moved = if actions.pressed(Action::Right) || actions.pressed(Action::Down) {
            Some((at + 1) % n)
        } else if actions.pressed(Action::Left) || actions.pressed(Action::Up) {
            Some((at + n - 1) % n)
        } else {
            None
        };
        let focus = moved.unwrap_or(at);
        let id = ids[focus];
        if moved.is_some() || actions.pressed(Action::Select) {
            page.focus = Some(focus);
            // The focused tile is on the page showing (a new page is drawn with it lit).
            page.page = focus / page.per_page.max(1);
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
