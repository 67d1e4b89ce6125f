//! The launcher: the topics first (力学, 光学, …: a tile each, in its colour, with how many
//! exhibits it has), then a topic's exhibits, a tile each with its picture, title and blurb:
//! any exhibit two taps from the topics. With one topic its exhibits show at once. Tiles are
//! as big as the screen allows for the largest list to fit one page; past the smallest size
//! they come in pages, with big previous/next buttons (a touchscreen has no scroll wheel, and
//! a page never hides half a tile). A gamepad moves along the tiles, opens one, and goes back
//! to the topics.

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
    // The next visitor starts unlit, at the topics.
    app.add_systems(
        OnEnter(Screen::Attract),
        |mut page: ResMut<LauncherPage>| {
            page.focus = None;
            page.topic = None;
            page.page = 0;
        },
    );
}

/// The page of tiles showing, and how many tiles fit on one (from the window's size).
#[derive(Resource, Debug, Default, Clone, Copy)]
pub(crate) struct LauncherPage {
    /// The topic open (its exhibits showing); none: the topics.
    pub topic: Option<usize>,
    pub page: usize,
    pub per_page: usize,
    /// The tile size in use ([`SIZES`]).
    pub size: usize,
    /// The window in the UI's pixels (a dense screen scales them up).
    pub room: Vec2,
    /// The tile a gamepad or arcade buttons have moved to, in the list showing (lit
    /// wherever its page is drawn); none until they are used.
    pub focus: Option<usize>,
}

impl LauncherPage {
    pub fn pages(&self, tiles: usize) -> usize {
        tiles.div_ceil(self.per_page.max(1)).max(1)
    }

    /// Shows `topic` (none: the topics), from its first page, its tiles as big as let them
    /// all fit one page.
    fn open(&mut self, shown: &Shown, topic: Option<usize>) {
        self.topic = topic;
        self.page = 0;
        self.focus = None;
        (self.size, self.per_page) = tile_size_for(self.room, Listing::of(shown, topic).len());
    }
}

/// A tile's size and its texts', largest first: the launcher takes the largest at which the
/// longest list (the topics, or the biggest topic) fits one page.
#[derive(Debug, Clone, Copy)]
struct TileSize {
    w: f32,
    h: f32,
    title_px: f32,
    blurb_px: Option<f32>,
}

const SIZES: [TileSize; 3] = [
    TileSize {
        w: 340.0,
        h: 450.0,
        title_px: 40.0,
        blurb_px: Some(24.0),
    },
    TileSize {
        w: 250.0,
        h: 330.0,
        title_px: 30.0,
        blurb_px: Some(18.0),
    },
    TileSize {
        w: 170.0,
        h: 220.0,
        title_px: 22.0,
        blurb_px: None,
    },
];
const GAP: f32 = 24.0;
/// The title row, the "choose" line, the page bar and the margins above and below the tiles.
const CHROME_H: f32 = 260.0;

/// How many whole tiles of `t` fit a window of `size` logical pixels: at least one.
fn tiles_that_fit(size: Vec2, t: TileSize) -> usize {
    let cols = ((size.x - 2.0 * GAP + GAP) / (t.w + GAP)).floor().max(1.0);
    let rows = ((size.y - CHROME_H + GAP) / (t.h + GAP)).floor().max(1.0);
    (cols * rows) as usize
}

/// The largest tile size at which `longest` tiles fit one page (the smallest, paged, if
/// none), and how many fit a page at it.
fn tile_size_for(size: Vec2, longest: usize) -> (usize, usize) {
    let k = (0..SIZES.len())
        .find(|&k| tiles_that_fit(size, SIZES[k]) >= longest)
        .unwrap_or(SIZES.len() - 1);
    (k, tiles_that_fit(size, SIZES[k]))
}

/// What the launcher lists now: the topics (by index) or a topic's exhibits (by id).
enum Listing {
    Topics(usize),
    Exhibits(Vec<String>),
}

impl Listing {
    fn of(shown: &Shown, topic: Option<usize>) -> Listing {
        let topics = shown.catalogue.topics();
        match topic.and_then(|t| topics.get(t)) {
            Some(t) => Listing::Exhibits(t.exhibits.clone()),
            None if topics.len() <= 1 => {
                Listing::Exhibits(shown.catalogue.exhibits().map(|e| e.id.clone()).collect())
            }
            None => Listing::Topics(topics.len()),
        }
    }
    fn len(&self) -> usize {
        match self {
            Listing::Topics(n) => *n,
            Listing::Exhibits(v) => v.len(),
        }
    }
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

/// The tile that opens a topic, by its place among the topics.
#[derive(Component)]
pub(crate) struct TopicTile(pub(crate) usize);

/// Back to the topics (shown while a topic is open, when there are several).
#[derive(Component)]
pub(crate) struct TopicsButton;

/// The line above the tiles: pick a topic, or an exhibit.
#[derive(Component)]
struct ChooseLine;

/// The page bar (previous, n / m, next), shown when the list has more than one page.
#[derive(Component)]
struct PageBar;

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
    page.room = size / ui_scale.0.max(0.1);
    let topics = shown.catalogue.topics().len();
    let topic = page.topic.filter(|t| *t < topics);
    let (keep_page, keep_focus) = (page.page, page.focus);
    page.open(&shown, topic);
    // Back from an exhibit: the same topic, page and lit tile.
    (page.page, page.focus) = (keep_page, keep_focus);
    let count = Listing::of(&shown, page.topic).len();
    page.page = page.page.min(page.pages(count) - 1);
    let page_bar = (
        PageBar,
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
    );
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
                    (
                        text_button(220.0, Label::Ui("all_topics"), 30.0),
                        TopicsButton
                    ),
                    (text_button(160.0, Label::Ui("language"), 30.0), LangButton),
                ],
            )),
            Spawn((ui_label("choose", 34.0), ChooseLine)),
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
            Spawn(page_bar),
            SpawnIter(warning.into_iter()),
        )),
    ));
}

/// The tiles of the page showing (topics, or a topic's exhibits), whenever the topic or the
/// page changes or the launcher opens; the focused one lit. The page bar and the way back to
/// the topics show only where they lead somewhere.
#[allow(clippy::too_many_arguments)]
fn fill_grid(
    mut commands: Commands,
    grid: Query<(Entity, Ref<TileGrid>)>,
    page: Res<LauncherPage>,
    shown: Res<Shown>,
    assets: Res<PackAssets>,
    mut number: Query<&mut Text, With<PageNumber>>,
    mut bars: Query<&mut Node, (With<PageBar>, Without<TopicsButton>)>,
    mut back: Query<&mut Node, (With<TopicsButton>, Without<PageBar>)>,
    mut choose: Query<&mut Label, With<ChooseLine>>,
    mut filled: Local<Option<(Option<usize>, usize, Option<usize>)>>,
) {
    let Ok((grid, added)) = grid.single() else {
        return;
    };
    let now = (page.topic, page.page, page.focus);
    if !added.is_added() && *filled == Some(now) {
        return;
    }
    *filled = Some(now);
    let per = page.per_page.max(1);
    let size = SIZES[page.size.min(SIZES.len() - 1)];
    let listing = Listing::of(&shown, page.topic);
    let count = listing.len();
    commands.entity(grid).despawn_children();
    let range = page.page * per..((page.page + 1) * per).min(count);
    match &listing {
        Listing::Topics(_) => {
            let topics = shown.catalogue.topics();
            for k in range {
                let t = &topics[k];
                let icon = t.name.get("en").and_then(|n| assets.topic_icon(n));
                let picture = icon.or_else(|| t.exhibits.first().and_then(|id| assets.preview(id)));
                let n = t.exhibits.len();
                let en = if n == 1 {
                    "1 exhibit".to_string()
                } else {
                    format!("{n} exhibits")
                };
                let blurb: crate::descriptor::Localized = [
                    ("zh-CN".to_string(), format!("{n} 个展品")),
                    ("en".to_string(), en),
                ]
                .into();
                let lit = page.focus == Some(k);
                let band = Color::srgb(t.colour[0], t.colour[1], t.colour[2]);
                commands.spawn((
                    tile(&t.name, &blurb, picture, Some(band), size, lit),
                    TopicTile(k),
                    ChildOf(grid),
                ));
            }
        }
        Listing::Exhibits(ids) => {
            for k in range {
                let Some((_, e)) = shown.catalogue.find(&ids[k]) else {
                    continue;
                };
                let lit = page.focus == Some(k);
                commands.spawn((
                    tile(&e.title, &e.blurb, assets.preview(&e.id), None, size, lit),
                    Tile(e.id.clone()),
                    ChildOf(grid),
                ));
            }
        }
    }
    for mut t in &mut number {
        t.0 = format!("{} / {}", page.page + 1, page.pages(count));
    }
    let show = |yes: bool| if yes { Display::Flex } else { Display::None };
    for mut n in &mut bars {
        n.display = show(page.pages(count) > 1);
    }
    let key = match listing {
        Listing::Topics(_) => "choose_topic",
        Listing::Exhibits(_) => "choose",
    };
    for mut l in &mut choose {
        if !matches!(*l, Label::Ui(k) if k == key) {
            *l = Label::Ui(key);
        }
    }
    let topics = shown.catalogue.topics().len();
    for mut n in &mut back {
        n.display = show(page.topic.is_some() && topics > 1);
    }
}

/// The previous/next buttons, wrapping round.
fn turn_page(
    buttons: Query<(&Interaction, &PageButton), Changed<Interaction>>,
    shown: Res<Shown>,
    mut page: ResMut<LauncherPage>,
) {
    let pages = page.pages(Listing::of(&shown, page.topic).len());
    for (i, b) in &buttons {
        if *i == Interaction::Pressed {
            page.page = (page.page as i64 + b.0 as i64).rem_euclid(pages as i64) as usize;
        }
    }
}

/// A launcher tile: picture (if it has one), title, blurb (on the larger sizes), and a band
/// of its topic's colour for a topic. The caller adds what it opens.
fn tile(
    title: &crate::descriptor::Localized,
    blurb: &crate::descriptor::Localized,
    picture: Option<Handle<Image>>,
    band: Option<Color>,
    size: TileSize,
    lit: bool,
) -> impl Bundle {
    let inner = size.w - 40.0;
    let picture = picture.map(|img| {
        (
            ImageNode::new(img),
            Node {
                width: Val::Px(inner),
                height: Val::Px(inner * 0.625),
                border_radius: BorderRadius::all(Val::Px(14.0)),
                ..default()
            },
        )
    });
    let band = band.map(|c| {
        (
            Node {
                width: Val::Px(inner),
                height: Val::Px(14.0),
                border_radius: BorderRadius::all(Val::Px(7.0)),
                ..default()
            },
            BackgroundColor(c),
        )
    });
    let blurb = size
        .blurb_px
        .map(|px| label(Label::Own(blurb.clone()), px, INK));
    (
        Button,
        Lit(lit),
        // A fixed size: all tiles alike, whatever their text wraps to (a picture, two lines
        // of title, three of blurb).
        Node {
            width: Val::Px(size.w),
            height: Val::Px(size.h),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(Val::Px(20.0)),
            row_gap: Val::Px(12.0),
            border_radius: BorderRadius::all(Val::Px(24.0)),
            ..default()
        },
        BackgroundColor(BUTTON),
        Children::spawn((
            SpawnIter(band.into_iter()),
            SpawnIter(picture.into_iter()),
            Spawn(label(Label::Own(title.clone()), size.title_px, INK)),
            SpawnIter(blurb.into_iter()),
        )),
    )
}

#[allow(clippy::too_many_arguments)]
fn launcher(
    tiles: Query<(&Interaction, &Tile), Changed<Interaction>>,
    topic_tiles: Query<(&Interaction, &TopicTile), Changed<Interaction>>,
    back: Query<&Interaction, (Changed<Interaction>, With<TopicsButton>)>,
    lang_btn: Query<&Interaction, (Changed<Interaction>, With<LangButton>)>,
    shown: Res<Shown>,
    actions: Res<Actions>,
    idle: Res<Idle>,
    config: Res<KioskConfig>,
    mut page: ResMut<LauncherPage>,
    mut lang: ResMut<Lang>,
    mut selected: ResMut<Selected>,
    mut next: ResMut<NextState<Screen>>,
) {
    let open_topic = |page: &mut LauncherPage, t: Option<usize>| page.open(&shown, t);
    for (i, tile) in &tiles {
        if *i == Interaction::Pressed {
            selected.0 = Some(tile.0.clone());
            next.set(Screen::Exhibit);
        }
    }
    for (i, t) in &topic_tiles {
        if *i == Interaction::Pressed {
            open_topic(&mut page, Some(t.0));
        }
    }
    if back.iter().any(|i| *i == Interaction::Pressed) {
        open_topic(&mut page, None);
    }
    if lang_btn.iter().any(|i| *i == Interaction::Pressed) {
        next_lang(&config, &mut lang);
    }
    // Gamepad only: Left/Right move along the tiles showing, in order (the focused one lights
    // up, on whichever page), Select or Blow opens, Back returns to the topics.
    let listing = Listing::of(&shown, page.topic);
    let n = listing.len();
    if n > 0 {
        let at = page.focus.unwrap_or(0) % n;
        let moved = if actions.pressed(Action::Right) || actions.pressed(Action::Down) {
            Some((at + 1) % n)
        } else if actions.pressed(Action::Left) || actions.pressed(Action::Up) {
            Some((at + n - 1) % n)
        } else {
            None
        };
        let focus = moved.unwrap_or(at);
        if moved.is_some() || actions.pressed(Action::Select) {
            page.focus = Some(focus);
            // The focused tile is on the page showing (drawn again with it lit).
            page.page = focus / page.per_page.max(1);
        }
        if actions.pressed(Action::Select) || actions.pressed(Action::Blow) {
            match &listing {
                Listing::Topics(_) => open_topic(&mut page, Some(focus)),
                Listing::Exhibits(ids) => {
                    selected.0 = Some(ids[focus].clone());
                    next.set(Screen::Exhibit);
                }
            }
        }
    }
    if actions.pressed(Action::Back) && page.topic.is_some() {
        open_topic(&mut page, None);
    }
    if idle.seconds > config.idle_s {
        next.set(Screen::Attract);
    }
}
