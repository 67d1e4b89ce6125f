//! The exhibit screen: the exhibit's scene under a common frame. Top bar (Home, Reset,
//! language, "what is happening?", title), a touch pad over the scene whose touches go to the
//! exhibit, the gauges, the hint line, and the explanation panel. The controls' bar is
//! `exhibit_controls`.

use super::{exhibit_controls, next_lang, open};
use crate::descriptor::{Action, ExhibitDescriptor, Input, TouchPhase};
use crate::exhibits::{self, ActiveExhibit, Hint, PendingInputs, Telemetry, ViewAspect};
use crate::kiosk::config::KioskConfig;
use crate::kiosk::input::{Actions, Idle};
use crate::kiosk::text::{Label, Strings};
use crate::kiosk::theme::{
    BUTTON_HOT, INK, button_bar, label, panel, text_button, ui_root, value_text,
};
use crate::kiosk::{Bare, CORNER_PX, Lang, Screen, Selected, scene};
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Exhibit), enter_exhibit);
    app.add_systems(OnExit(Screen::Exhibit), super::unload);
    app.add_systems(
        Update,
        (frame_buttons, gauges, hints, exhibit_actions).run_if(in_state(Screen::Exhibit)),
    );
    // After the views have moved their bodies for this frame.
    app.add_systems(
        PostUpdate,
        captions
            .after(exhibits::ViewSet)
            .before(bevy::ui::UiSystems::Prepare)
            .run_if(in_state(Screen::Exhibit))
            // A bare picture is the scene alone, in no language (previews, baked panoramas).
            .run_if(not(resource_exists::<Bare>)),
    );
}

/// A caption the exhibit's view asked for ([`Captions`](exhibits::Captions)), over the scene
/// where its point shows.
#[derive(Component)]
struct CaptionText(usize);

fn captions(
    mut commands: Commands,
    captions: Res<exhibits::Captions>,
    active: Option<Res<ActiveExhibit>>,
    window: Query<&Window>,
    mut shown: Local<Vec<crate::descriptor::Localized>>,
    mut q: Query<(Entity, &CaptionText, &mut Node, &mut Visibility)>,
) {
    let texts: Vec<_> = captions.0.iter().map(|c| c.1.clone()).collect();
    if *shown != texts || (q.is_empty() && !texts.is_empty()) {
        for (e, ..) in &q {
            commands.entity(e).despawn();
        }
        for (i, t) in texts.iter().enumerate() {
            commands.spawn((
                DespawnOnExit(Screen::Exhibit),
                CaptionText(i),
                label(Label::Own(t.clone()), 24.0, INK),
                Node {
                    position_type: PositionType::Absolute,
                    ..default()
                },
                Visibility::Hidden,
                GlobalZIndex(5),
            ));
        }
        *shown = texts;
        return;
    }
    let (Some(active), Ok(window)) = (active, window.single()) else {
        return;
    };
    let (w, h) = (window.width(), window.height());
    for (_, c, mut node, mut vis) in &mut q {
        let Some((at, _)) = captions.0.get(c.0) else {
            continue;
        };
        match exhibits::view_of(&active.descriptor.scene.camera, (w / h) as f64, *at) {
            Some([x, y]) => {
                // Centred above the point (a caption is about 120 px wide, 30 high).
                node.left = Val::Px(x as f32 * w - 60.0);
                node.top = Val::Px(y as f32 * h - 30.0);
                *vis = Visibility::Inherited;
            }
            None => *vis = Visibility::Hidden,
        }
    }
}

#[derive(Component, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameButton {
    Home,
    Reset,
    Lang,
    Why,
}

#[derive(Component)]
struct WhyPanel;

/// A gauge: the telemetry column it shows, and its unit.
#[derive(Component)]
struct GaugeValue {
    column: usize,
    unit: String,
    decimals: usize,
}

#[derive(Component)]
struct HintText;

fn enter_exhibit(world: &mut World) {
    let opened = world
        .resource::<Selected>()
        .0
        .clone()
        .and_then(|id| open(world, &id));
    let Some(d) = opened else {
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Launcher);
        return;
    };
    world.resource_mut::<Idle>().seconds = 0.0;
    if world.get_resource::<Bare>().is_none() {
        world.spawn((
            DespawnOnExit(Screen::Exhibit),
            ui_root(),
            children![top_bar(&d), middle(&d), exhibit_controls::bottom_bar(&d)],
        ));
        world.spawn(why_panel(&d));
    }
}

fn top_bar(d: &ExhibitDescriptor) -> impl Bundle {
    let b =
        |which: FrameButton, key: &'static str| (text_button(120.0, Label::Ui(key), 28.0), which);
    (
        panel(Node {
            // The staff's corner stays clear of controls.
            padding: UiRect {
                right: Val::Px(CORNER_PX),
                ..UiRect::all(Val::Px(6.0))
            },
            ..button_bar()
        }),
        children![
            b(FrameButton::Home, "home"),
            b(FrameButton::Reset, "reset"),
            b(FrameButton::Lang, "language"),
            b(FrameButton::Why, "why"),
            (
                Node {
                    margin: UiRect::left(Val::Px(24.0)),
                    ..default()
                },
                children![label(Label::Own(d.title.clone()), 40.0, INK)],
            ),
        ],
    )
}

/// The touch pad over the scene (with the hint line on it), and the gauges beside it.
fn middle(d: &ExhibitDescriptor) -> impl Bundle {
    let gauges = gauge_panel(d);
    (
        Node {
            flex_grow: 1.0,
            width: Val::Percent(100.0),
            ..default()
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            p.spawn(touch_pad())
                .observe(|ev: On<Pointer<Press>>, mut commands: Commands| {
                    touch(&mut commands, &*ev, TouchPhase::Down)
                })
                .observe(|ev: On<Pointer<Drag>>, mut commands: Commands| {
                    touch(&mut commands, &*ev, TouchPhase::Move)
                })
                .observe(|ev: On<Pointer<Release>>, mut commands: Commands| {
                    touch(&mut commands, &*ev, TouchPhase::Up)
                })
                .observe(|ev: On<Pointer<DragEnd>>, mut commands: Commands| {
                    touch(&mut commands, &*ev, TouchPhase::Up)
                });
            p.spawn(gauges);
        })),
    )
}

/// The area over the scene whose touches go to the exhibit.
#[derive(Component)]
pub(crate) struct TouchPad;

fn touch_pad() -> impl Bundle {
    (
        TouchPad,
        Node {
            flex_grow: 1.0,
            height: Val::Percent(100.0),
            ..default()
        },
        children![(
            HintText,
            value_text("", 30.0, Color::srgb(0.4, 1.0, 0.5)),
            Node {
                position_type: PositionType::Absolute,
                left: Val::Px(24.0),
                top: Val::Px(16.0),
                ..default()
            },
        )],
    )
}

/// The kind's gauges, each a label over its value.
fn gauge_panel(d: &ExhibitDescriptor) -> impl Bundle {
    let reg = exhibits::registration(&d.kind);
    let columns = (reg.columns)(&d.kind);
    let shown: Vec<_> = (reg.gauges)(&d.kind)
        .into_iter()
        .filter_map(|g| Some((columns.iter().position(|c| *c == g.column)?, g)))
        .collect();
    // A kind without gauges (a panorama) gets no empty panel.
    let display = if shown.is_empty() {
        Display::None
    } else {
        Display::Flex
    };
    let rows = shown.into_iter().map(|(i, g)| {
        let name = match g.label {
            Some(own) => Label::Own(own),
            None => Label::Key(g.column),
        };
        (
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(10.0),
                ..default()
            },
            children![
                label(name, 24.0, INK),
                (
                    value_text("–", 40.0, BUTTON_HOT),
                    GaugeValue {
                        column: i,
                        unit: g.unit,
                        decimals: g.decimals,
                    }
                ),
            ],
        )
    });
    (
        panel(Node {
            display,
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(Val::Px(16.0)),
            row_gap: Val::Px(10.0),
            min_width: Val::Px(240.0),
            align_self: AlignSelf::FlexStart,
            margin: UiRect::all(Val::Px(12.0)),
            border_radius: BorderRadius::all(Val::Px(16.0)),
            ..default()
        }),
        Children::spawn(SpawnIter(rows.collect::<Vec<_>>().into_iter())),
    )
}

/// A pointer on the pad, as a touch of the exhibit in normalised view coordinates.
fn touch<E: std::fmt::Debug + Clone + Reflect>(
    commands: &mut Commands,
    ev: &Pointer<E>,
    phase: TouchPhase,
) {
    let (pointer, pos) = (ev.pointer_id, ev.pointer_location.position);
    commands.queue(move |world: &mut World| {
        let Ok(window) = world.query::<&Window>().single(world) else {
            return;
        };
        let (w, h) = (window.width().max(1.0), window.height().max(1.0));
        world.resource_mut::<ViewAspect>().0 = (w / h) as f64;
        let input = Input::Touch {
            id: pointer_u64(&pointer),
            phase,
            x: (pos.x / w) as f64,
            y: (pos.y / h) as f64,
        };
        world.resource_mut::<PendingInputs>().0.push_back(input);
    });
}

fn pointer_u64(p: &PointerId) -> u64 {
    match p {
        PointerId::Mouse => 0,
        PointerId::Touch(id) => id.wrapping_add(1),
        PointerId::Custom(u) => u.as_u64_pair().1,
    }
}

/// "What is happening?": the explanation, hidden until asked for.
fn why_panel(d: &ExhibitDescriptor) -> impl Bundle {
    (
        DespawnOnExit(Screen::Exhibit),
        WhyPanel,
        Visibility::Hidden,
        Node {
            // Clear of the gauges on the right and the hint line at the top: UI text of other
            // nodes draws over a panel here whatever its z-index (seen under Bevy 0.19).
            position_type: PositionType::Absolute,
            left: Val::Percent(4.0),
            right: Val::Percent(22.0),
            top: Val::Percent(21.0),
            padding: UiRect::all(Val::Px(28.0)),
            border_radius: BorderRadius::all(Val::Px(24.0)),
            ..default()
        },
        BackgroundColor(Color::srgba(0.04, 0.05, 0.09, 0.93)),
        GlobalZIndex(10),
        children![label(Label::Own(d.explanation.clone()), 30.0, INK)],
    )
}

fn frame_buttons(
    q: Query<(&Interaction, &FrameButton), Changed<Interaction>>,
    mut why: Query<&mut Visibility, With<WhyPanel>>,
    config: Res<KioskConfig>,
    mut lang: ResMut<Lang>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    for (i, b) in &q {
        if *i != Interaction::Pressed {
            continue;
        }
        match b {
            FrameButton::Home => next.set(Screen::Launcher),
            FrameButton::Reset => commands.queue(reset_exhibit),
            FrameButton::Lang => next_lang(&config, &mut lang),
            FrameButton::Why => {
                for mut v in &mut why {
                    *v = if *v == Visibility::Hidden {
                        Visibility::Inherited
                    } else {
                        Visibility::Hidden
                    };
                }
            }
        }
    }
}

/// Reset: the model back to its start, and the view rebuilt with it.
fn reset_exhibit(world: &mut World) {
    let Some(d) = world
        .get_resource::<ActiveExhibit>()
        .map(|a| a.descriptor.clone())
    else {
        return;
    };
    exhibits::reset(world);
    scene::spawn_scene(world, &d.scene);
}

fn gauges(telemetry: Res<Telemetry>, mut q: Query<(&GaugeValue, &mut Text)>) {
    for (g, mut t) in &mut q {
        let Some(v) = telemetry.values.get(g.column) else {
            continue;
        };
        let shown = match v.parse::<f64>() {
            Ok(x) => format!("{x:.*} {}", g.decimals, g.unit),
            // Nothing measured yet.
            Err(_) if v == "-" => "–".to_string(),
            Err(_) => format!("{v} {}", g.unit),
        };
        if t.0 != shown {
            t.0 = shown;
        }
    }
}

fn hints(
    hint: Res<Hint>,
    strings: Res<Strings>,
    lang: Res<Lang>,
    mut q: Query<&mut Text, With<HintText>>,
) {
    let shown = match &hint.0 {
        Some((key, n)) => strings.get(key, &lang.0).replace("{n}", n),
        None => String::new(),
    };
    for mut t in &mut q {
        if t.0 != shown {
            t.0 = shown.clone();
        }
    }
}

/// Gamepad and keys in an exhibit: Back/Home leave, the rest drive the controls.
fn exhibit_actions(
    actions: Res<Actions>,
    mut pending: ResMut<PendingInputs>,
    mut next: ResMut<NextState<Screen>>,
) {
    for (a, pressed) in &actions.0 {
        match a {
            Action::Back | Action::Home if *pressed => next.set(Screen::Launcher),
            _ => pending.0.push_back(Input::Button {
                action: *a,
                pressed: *pressed,
            }),
        }
    }
}
