//! What an exhibit's view asks the kiosk to draw over its scene ([`Badges`], [`InfoPanel`],
//! [`Veil`]: a panorama's hotspots, the panel a tap opens, the fade between scenes), in the
//! kiosk's look. None of it takes touches: they pass to the touch pad below, and the exhibit
//! decides what a tap meant.

use crate::exhibits::{self, Badges, InfoPanel, Veil};
use crate::kiosk::text::Label;
use crate::kiosk::theme::{BUTTON, BUTTON_HOT, INK, PANEL, TARGET_PX, label, value_text};
use crate::kiosk::{Bare, Screen};
use bevy::picking::Pickable;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PostUpdate,
        (badges, panel, veil)
            .after(exhibits::ViewSet)
            .before(bevy::ui::UiSystems::Prepare)
            .run_if(in_state(Screen::Exhibit).or_else(in_state(Screen::Attract)))
            .run_if(not(resource_exists::<Bare>)),
    );
}

/// The width a badge's title may take, centred under it.
const TITLE_W: f32 = 260.0;

#[derive(Component)]
struct BadgeNode(usize);

#[derive(Component)]
struct BadgeDisc;

#[derive(Component)]
struct PanelNode;

#[derive(Component)]
struct VeilNode;

/// Over the scene, under the kiosk's bars and panels.
const OVERLAY_Z: i32 = 4;

fn badges(
    mut commands: Commands,
    badges: Res<Badges>,
    window: Query<&Window>,
    scale: Res<UiScale>,
    screen: Res<State<Screen>>,
    mut nodes: Query<(Entity, &BadgeNode, &mut Node, &mut Visibility, &Children)>,
    mut discs: Query<&mut BackgroundColor, With<BadgeDisc>>,
    mut built: Local<Vec<(&'static str, crate::descriptor::Localized)>>,
) {
    // Rebuilt only when the set of badges changes (another scene), not as the view turns.
    let wanted: Vec<_> = badges
        .0
        .iter()
        .map(|b| (b.glyph, b.title.clone()))
        .collect();
    if *built != wanted || nodes.iter().count() != wanted.len() {
        for (e, ..) in &nodes {
            commands.entity(e).despawn();
        }
        for (i, b) in badges.0.iter().enumerate() {
            commands.spawn(badge(i, b.glyph, b.title.clone(), *screen.get()));
        }
        *built = wanted;
        return;
    }
    let Ok(w) = window.single() else { return };
    let (ww, wh) = (w.width() / scale.0, w.height() / scale.0);
    for (_, b, mut node, mut vis, children) in &mut nodes {
        let Some(at) = badges.0.get(b.0) else {
            continue;
        };
        let Some(p) = at.at else {
            vis.set_if_neq(Visibility::Hidden);
            continue;
        };
        vis.set_if_neq(Visibility::Inherited);
        node.left = Val::Px(p[0] as f32 * ww - TITLE_W / 2.0);
        node.top = Val::Px(p[1] as f32 * wh - TARGET_PX / 2.0);
        if let Some(mut bg) = children.first().and_then(|c| discs.get_mut(*c).ok()) {
            bg.0 = if at.open { BUTTON_HOT } else { BUTTON };
        }
    }
}

/// A round badge of a touch target's size with its glyph, its title under it.
fn badge(
    i: usize,
    glyph: &'static str,
    title: crate::descriptor::Localized,
    screen: Screen,
) -> impl Bundle {
    (
        BadgeNode(i),
        DespawnOnExit(screen),
        // Shown once placed (the next frame).
        Visibility::Hidden,
        Pickable::IGNORE,
        GlobalZIndex(OVERLAY_Z),
        Node {
            position_type: PositionType::Absolute,
            width: Val::Px(TITLE_W),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            ..default()
        },
        children![
            (
                BadgeDisc,
                Pickable::IGNORE,
                Node {
                    width: Val::Px(TARGET_PX),
                    height: Val::Px(TARGET_PX),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border: UiRect::all(Val::Px(4.0)),
                    border_radius: BorderRadius::all(Val::Percent(50.0)),
                    ..default()
                },
                BorderColor::all(INK),
                BackgroundColor(BUTTON),
                children![(Pickable::IGNORE, value_text(glyph, 40.0, INK))],
            ),
            (
                Pickable::IGNORE,
                Node {
                    margin: UiRect::top(Val::Px(6.0)),
                    padding: UiRect::axes(Val::Px(10.0), Val::Px(4.0)),
                    border_radius: BorderRadius::all(Val::Px(10.0)),
                    ..default()
                },
                BackgroundColor(PANEL),
                children![(Pickable::IGNORE, label(Label::Own(title), 22.0, INK))],
            ),
        ],
    )
}

fn panel(
    mut commands: Commands,
    panel: Res<InfoPanel>,
    screen: Res<State<Screen>>,
    shown: Query<Entity, With<PanelNode>>,
) {
    if !panel.is_changed() && (panel.0.is_none() || !shown.is_empty()) {
        return;
    }
    for e in &shown {
        commands.entity(e).despawn();
    }
    let Some(p) = &panel.0 else { return };
    let root = commands
        .spawn((
            PanelNode,
            DespawnOnExit(*screen.get()),
            Pickable::IGNORE,
            GlobalZIndex(OVERLAY_Z + 1),
            Node {
                position_type: PositionType::Absolute,
                right: Val::Px(24.0),
                top: Val::Px(110.0),
                width: Val::Px(420.0),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(Val::Px(18.0)),
                row_gap: Val::Px(10.0),
                border_radius: BorderRadius::all(Val::Px(18.0)),
                ..default()
            },
            // Nearly opaque: the badges behind it must not show through its text.
            BackgroundColor(PANEL.with_alpha(0.96)),
        ))
        .id();
    commands.spawn((
        ChildOf(root),
        Pickable::IGNORE,
        label(Label::Own(p.title.clone()), 32.0, BUTTON_HOT),
    ));
    if let Some(img) = &p.picture {
        commands.spawn((
            ChildOf(root),
            Pickable::IGNORE,
            ImageNode::new(img.clone()),
            Node {
                width: Val::Percent(100.0),
                ..default()
            },
        ));
    }
    if !p.text.is_empty() {
        commands.spawn((
            ChildOf(root),
            Pickable::IGNORE,
            label(Label::Own(p.text.clone()), 22.0, INK),
        ));
    }
}

fn veil(
    mut commands: Commands,
    veil: Res<Veil>,
    screen: Res<State<Screen>>,
    mut shown: Query<(Entity, &mut BackgroundColor), With<VeilNode>>,
) {
    match shown.single_mut() {
        Ok((e, _)) if veil.0 <= 0.0 => commands.entity(e).despawn(),
        Ok((_, mut bg)) => bg.0 = Color::srgba(0.0, 0.0, 0.0, veil.0),
        Err(_) if veil.0 > 0.0 => {
            commands.spawn((
                VeilNode,
                DespawnOnExit(*screen.get()),
                Pickable::IGNORE,
                GlobalZIndex(OVERLAY_Z + 2),
                Node {
                    position_type: PositionType::Absolute,
                    width: Val::Percent(100.0),
                    height: Val::Percent(100.0),
                    ..default()
                },
                BackgroundColor(Color::srgba(0.0, 0.0, 0.0, veil.0)),
            ));
        }
        Err(_) => {}
    }
}
