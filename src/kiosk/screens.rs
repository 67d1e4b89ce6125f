//! The screens: Attract (exhibits run themselves), Launcher (a big tile per exhibit),
//! Exhibit (the exhibit in a common frame), and the "still there?" countdown over it.

use super::input::{Actions, Idle};
use super::text::{Label, Strings, UiFont, text};
use super::{Exhibits, Lang, Screen, Selected};
use crate::descriptor::kinds::{ControlType, ControlValue};
use crate::descriptor::{
    Action, ExhibitDescriptor, Input, LightSpec, Scene, Shape, TouchPhase, Widget, parse_color,
};
use crate::engine::audio::{Sample, Sampler, SirenVoice, VolumeCap};
use crate::exhibits::{
    self, ActiveExhibit, ExhibitEntity, Hint, PendingInputs, SoundCues, Telemetry,
};
use crate::kiosk::config::KioskConfig;
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use std::path::PathBuf;

const INK: Color = Color::srgb(0.97, 0.97, 0.95);
const PANEL: Color = Color::srgba(0.05, 0.07, 0.12, 0.78);
const BUTTON: Color = Color::srgb(0.16, 0.42, 0.85);
const BUTTON_HOT: Color = Color::srgb(0.98, 0.62, 0.12);
/// Touch targets: at least 15 mm, about 64 px on a 21" 1080p panel.
const TARGET_PX: f32 = 72.0;

pub fn plugin(app: &mut App) {
    // Spawned now: the first screen is entered before `Startup` and aims the camera.
    app.world_mut().spawn((
        KioskCamera,
        Camera3d::default(),
        Transform::from_xyz(0.0, 0.3, 0.6).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    app.add_systems(OnEnter(Screen::Attract), enter_attract);
    app.add_systems(Update, attract_loop.run_if(in_state(Screen::Attract)));
    app.add_systems(OnExit(Screen::Attract), unload);
    app.add_systems(OnEnter(Screen::Launcher), spawn_launcher);
    app.add_systems(Update, launcher.run_if(in_state(Screen::Launcher)));
    app.add_systems(OnEnter(Screen::Exhibit), enter_exhibit);
    app.add_systems(OnExit(Screen::Exhibit), unload);
    app.add_systems(
        Update,
        (
            frame_buttons,
            widgets,
            dial_values,
            gauges,
            hints,
            exhibit_actions,
            countdown,
        )
            .run_if(in_state(Screen::Exhibit)),
    );
    app.add_systems(
        Update,
        (voice_out, sounds_out, button_colors, scale_for_touch),
    );
}

/// Keeps every touch target at least 15 mm on the glass (`dpi` in the config): the whole UI
/// scales up on a dense screen.
fn scale_for_touch(
    windows: Query<&Window>,
    config: Res<KioskConfig>,
    ui_scale: Option<ResMut<UiScale>>,
) {
    let (Ok(w), Some(mut ui_scale)) = (windows.single(), ui_scale) else {
        return;
    };
    let k = crate::kiosk::config::ui_scale(config.dpi, w.scale_factor() as f64, TARGET_PX as f64)
        as f32;
    if (ui_scale.0 - k).abs() > 1e-4 {
        ui_scale.0 = k;
    }
}

#[derive(Component)]
struct KioskCamera;

fn unload(world: &mut World) {
    if let Some(s) = world.get_resource::<Sampler>() {
        s.silence();
    }
    exhibits::unload(world);
}

/// Opens exhibit `id`: its simulation, its scene and the camera from its descriptor.
fn open(world: &mut World, id: &str) -> Option<ExhibitDescriptor> {
    let (d, dir) = {
        let ex = world.resource::<Exhibits>();
        let (p, d) = ex.catalogue.find(id)?;
        (d.clone(), p.dir.clone())
    };
    let sounds = d
        .sounds
        .iter()
        .map(|s| {
            let sample = s.file.as_ref().and_then(|f| {
                let bytes = std::fs::read(dir.join(f)).ok()?;
                let (rate, frames) = crate::model::synth::read_wav(&bytes)?;
                Some(Sample {
                    frames: std::sync::Arc::new(frames),
                    rate,
                })
            });
            (s.on.clone(), sample, s.volume as f32)
        })
        .collect();
    world.insert_resource(ExhibitSounds(sounds));
    if let Some(s) = world.get_resource::<Sampler>() {
        s.silence();
    }
    // `caravan screenshot ID --set …`: that exhibit opens with its overrides (checked at start).
    let mut d = d;
    let mut held = Default::default();
    if let Some(start) = world.get_resource::<super::StartSets>()
        && start.exhibit.as_deref() == Some(id)
        && let Ok(o) = crate::descriptor::overrides::apply(&mut d, &start.sets)
    {
        held = o.held;
    }
    exhibits::load(world, ActiveExhibit::new(d.clone(), dir, held));
    spawn_scene(world, &d.scene);
    Some(d)
}

/// The active exhibit's sounds: its event, the decoded file, its volume.
#[derive(Resource, Default)]
struct ExhibitSounds(Vec<(String, Option<Sample>, f32)>);

/// Plays the exhibit's sounds for the cues its kind gave, capped, muted in the attract loop.
fn sounds_out(
    sampler: Option<Res<Sampler>>,
    sounds: Option<Res<ExhibitSounds>>,
    mut cues: ResMut<SoundCues>,
    cap: Res<VolumeCap>,
    config: Res<KioskConfig>,
    screen: Res<State<Screen>>,
) {
    let hits = std::mem::take(&mut cues.hits);
    let (Some(sampler), Some(sounds)) = (sampler, sounds) else {
        return;
    };
    let muted = *screen.get() == Screen::Attract && config.attract_muted;
    let gain = if muted { 0.0 } else { cap.0 as f32 };
    for (i, (on, sample, volume)) in sounds.0.iter().enumerate() {
        let Some(sample) = sample else { continue };
        if let Some(level) = cues.loops.get(on.as_str()) {
            sampler.set_loop(i, sample, *level as f32 * volume * gain);
        }
        for _ in hits.iter().filter(|h| **h == on.as_str()) {
            if gain > 0.0 {
                sampler.play_once(sample, volume * gain);
            }
        }
    }
}

fn color(hex: &str) -> Color {
    let c = parse_color(hex).unwrap_or([0.8, 0.8, 0.8]);
    Color::srgb(c[0], c[1], c[2])
}

fn v(a: [f32; 3]) -> Vec3 {
    Vec3::from_array(a)
}

fn spawn_scene(world: &mut World, s: &Scene) {
    world.insert_resource(ClearColor(color(&s.background)));
    world.insert_resource(GlobalAmbientLight {
        brightness: s.ambient_brightness,
        ..default()
    });
    let mut cam = world.query_filtered::<(&mut Transform, &mut Projection), With<KioskCamera>>();
    if let Ok((mut t, mut proj)) = cam.single_mut(world) {
        *t = exhibits::camera_transform(&s.camera);
        *proj = Projection::Perspective(PerspectiveProjection {
            fov: s.camera.fov_deg.to_radians(),
            near: 0.005,
            ..default()
        });
    }
    for l in &s.lights {
        match l {
            LightSpec::Directional {
                direction,
                illuminance_lux,
                color: c,
                shadows,
            } => {
                world.spawn((
                    ExhibitEntity,
                    DirectionalLight {
                        illuminance: *illuminance_lux,
                        color: color(c),
                        shadow_maps_enabled: *shadows,
                        ..default()
                    },
                    Transform::default().looking_to(v(*direction), Vec3::Y),
                ));
            }
            LightSpec::Point {
                position,
                intensity_lm,
                range_m,
                color: c,
                shadows,
            } => {
                world.spawn((
                    ExhibitEntity,
                    PointLight {
                        intensity: *intensity_lm,
                        range: *range_m,
                        color: color(c),
                        shadow_maps_enabled: *shadows,
                        ..default()
                    },
                    Transform::from_translation(v(*position)),
                ));
            }
        }
    }
    for p in &s.props {
        let mesh: Mesh = match p.shape {
            Shape::Box { size } => Cuboid::new(size[0], size[1], size[2]).into(),
            Shape::Sphere { radius } => Sphere::new(radius).into(),
            Shape::Cylinder { radius, height } => Cylinder::new(radius, height).into(),
            Shape::Plane { size } => Plane3d::default().mesh().size(size[0], size[1]).into(),
        };
        let m = &p.material;
        let mut base = color(&m.color);
        base.set_alpha(m.alpha);
        let mat = StandardMaterial {
            base_color: base,
            metallic: m.metallic,
            perceptual_roughness: m.roughness,
            emissive: color(&m.color).to_linear() * m.emissive,
            alpha_mode: if m.alpha < 1.0 {
                AlphaMode::Blend
            } else {
                AlphaMode::Opaque
            },
            ..default()
        };
        let mesh = world.resource_mut::<Assets<Mesh>>().add(mesh);
        let mat = world.resource_mut::<Assets<StandardMaterial>>().add(mat);
        let r = p.transform.rotation_deg;
        world.spawn((
            ExhibitEntity,
            Mesh3d(mesh),
            MeshMaterial3d(mat),
            Transform {
                translation: v(p.transform.translation),
                rotation: Quat::from_euler(
                    EulerRot::XYZ,
                    r[0].to_radians(),
                    r[1].to_radians(),
                    r[2].to_radians(),
                ),
                scale: v(p.transform.scale),
            },
        ));
    }
}

/// The kiosk's button: at least a touch target, at least `size` wide.
pub(super) fn button(size: f32) -> impl Bundle {
    (
        Button,
        Node {
            min_width: Val::Px(TARGET_PX.max(size)),
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

/// A widget button that lights up while it is "on".
#[derive(Component)]
struct Lit(bool);

fn button_colors(mut q: Query<(&Interaction, Option<&Lit>, &mut BackgroundColor), With<Button>>) {
    for (i, lit, mut bg) in &mut q {
        let hot = *i == Interaction::Pressed || lit.is_some_and(|l| l.0);
        bg.0 = if hot { BUTTON_HOT } else { BUTTON };
    }
}

// ------------------------------------------------------------------ Attract

#[derive(Resource, Default)]
struct AttractLoop {
    index: usize,
    started: f64,
    next_event: usize,
}

fn enter_attract(world: &mut World) {
    let now = world.resource::<Time>().elapsed_secs_f64();
    let index = world
        .get_resource::<AttractLoop>()
        .map(|a| a.index)
        .unwrap_or(0);
    world.insert_resource(AttractLoop {
        index,
        started: now,
        next_event: 0,
    });
    open_attract_exhibit(world);
    let font = world.resource::<UiFont>().clone();
    let strings = world.resource::<Strings>();
    let banner = |lang: &str| strings.get("touch_to_start", lang);
    let title = |lang: &str| strings.get("app_title", lang);
    let (zh, en, tz, te) = (banner("zh-CN"), banner("en"), title("zh-CN"), title("en"));
    world.spawn((
        DespawnOnExit(Screen::Attract),
        Node {
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            padding: UiRect::all(Val::Px(24.0)),
            ..default()
        },
        children![
            (
                Text::new(format!("{tz}  {te}")),
                font.at(44.0),
                TextColor(INK)
            ),
            (
                Node {
                    padding: UiRect::axes(Val::Px(40.0), Val::Px(18.0)),
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(Val::Px(24.0)),
                    ..default()
                },
                BackgroundColor(PANEL),
                children![
                    (Text::new(zh), font.at(64.0), TextColor(BUTTON_HOT)),
                    (Text::new(en), font.at(40.0), TextColor(INK))
                ],
            ),
        ],
    ));
}

fn open_attract_exhibit(world: &mut World) {
    let ids: Vec<String> = world
        .resource::<Exhibits>()
        .catalogue
        .exhibits()
        .map(|e| e.id.clone())
        .collect();
    if ids.is_empty() {
        return;
    }
    let i = world.resource::<AttractLoop>().index % ids.len();
    open(world, &ids[i]);
}

/// Replays the exhibit's attract script; after it (and a pause) moves on to the next exhibit.
/// Any touch, click, key or button goes to the launcher.
fn attract_loop(world: &mut World) {
    let touched = {
        let idle = world.resource::<Idle>();
        idle.seconds == 0.0 && world.resource::<Time>().elapsed_secs_f64() > 0.5
    };
    if touched {
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Launcher);
        return;
    }
    let now = world.resource::<Time>().elapsed_secs_f64();
    let Some(script) = world
        .get_resource::<ActiveExhibit>()
        .map(|a| a.descriptor.attract.clone())
    else {
        return;
    };
    let (started, mut next) = {
        let a = world.resource::<AttractLoop>();
        (a.started, a.next_event)
    };
    let t = now - started;
    while next < script.len() && script[next].t_s <= t {
        let input = script[next].input.clone();
        world.resource_mut::<PendingInputs>().0.push_back(input);
        next += 1;
    }
    world.resource_mut::<AttractLoop>().next_event = next;
    let length = script.last().map(|e| e.t_s).unwrap_or(0.0) + 4.0;
    if t > length.max(8.0) {
        {
            let mut a = world.resource_mut::<AttractLoop>();
            a.index += 1;
            a.started = now;
            a.next_event = 0;
        }
        open_attract_exhibit(world);
    }
}

// ------------------------------------------------------------------ Launcher

#[derive(Component)]
pub(crate) struct Tile(pub(crate) String);

#[derive(Component)]
pub(crate) struct LangButton;

/// The launcher tile's picture of exhibit `id`: its pack's preview PNG, decoded (None if it has
/// none, or the file went bad since it was checked).
fn preview(ex: &Exhibits, id: &str, images: &mut Assets<Image>) -> Option<Handle<Image>> {
    use bevy::image::{CompressedImageFormats, ImageSampler, ImageType};
    let (pack, d) = ex.catalogue.find(id)?;
    let bytes = std::fs::read(pack.dir.join(d.preview.as_ref()?)).ok()?;
    let image = Image::from_buffer(
        &bytes,
        ImageType::Extension("png"),
        CompressedImageFormats::NONE,
        true,
        ImageSampler::linear(),
        bevy::asset::RenderAssetUsages::default(),
    )
    .ok()?;
    Some(images.add(image))
}

fn spawn_launcher(
    mut commands: Commands,
    ex: Res<Exhibits>,
    font: Res<UiFont>,
    strings: Res<Strings>,
    lang: Res<Lang>,
    mut clear: ResMut<ClearColor>,
    mut images: ResMut<Assets<Image>>,
) {
    clear.0 = Color::srgb(0.11, 0.15, 0.22);
    let t = |l: Label, size: f32| text(l, size, INK, &font, &strings, &lang);
    let root = commands
        .spawn((
            DespawnOnExit(Screen::Launcher),
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                padding: UiRect::all(Val::Px(24.0)),
                row_gap: Val::Px(16.0),
                ..default()
            },
        ))
        .id();
    let header = commands
        .spawn(Node {
            width: Val::Percent(100.0),
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            ..default()
        })
        .id();
    let title = commands.spawn(t(Label::Ui("app_title"), 48.0)).id();
    let lang_btn = commands
        .spawn((button(160.0), LangButton))
        .with_child(t(Label::Ui("language"), 30.0))
        .id();
    commands.entity(header).add_children(&[title, lang_btn]);
    let pick = commands.spawn(t(Label::Ui("choose"), 34.0)).id();
    let grid = commands
        .spawn(Node {
            flex_wrap: FlexWrap::Wrap,
            justify_content: JustifyContent::Center,
            // Tiles as tall as their content, not stretched down the screen.
            align_items: AlignItems::FlexStart,
            align_content: AlignContent::FlexStart,
            column_gap: Val::Px(24.0),
            row_gap: Val::Px(24.0),
            ..default()
        })
        .id();
    for e in ex.catalogue.exhibits() {
        let tile = commands
            .spawn((
                Button,
                Tile(e.id.clone()),
                // A fixed size: all tiles alike, whatever their text wraps to (a picture, two
                // lines of title, three of blurb).
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
            ))
            .with_children(|c| {
                if let Some(img) = preview(&ex, &e.id, &mut images) {
                    c.spawn((
                        ImageNode::new(img),
                        Node {
                            width: Val::Px(300.0),
                            height: Val::Px(188.0),
                            border_radius: BorderRadius::all(Val::Px(14.0)),
                            ..default()
                        },
                    ));
                }
                c.spawn(t(Label::Own(e.title.clone()), 40.0));
                c.spawn(t(Label::Own(e.blurb.clone()), 24.0));
            })
            .id();
        commands.entity(grid).add_child(tile);
    }
    commands.entity(root).add_children(&[header, pick, grid]);
    if !ex.problems.is_empty() {
        let warn = commands
            .spawn(text(
                Label::Ui("packs_failed"),
                22.0,
                BUTTON_HOT,
                &font,
                &strings,
                &lang,
            ))
            .id();
        commands.entity(root).add_child(warn);
    }
}

fn next_lang(config: &KioskConfig, lang: &mut Lang) {
    let langs = &config.languages;
    let i = langs.iter().position(|l| *l == lang.0).unwrap_or(0);
    lang.0 = langs[(i + 1) % langs.len()].clone();
}

#[allow(clippy::too_many_arguments)]
fn launcher(
    tiles: Query<(&Interaction, &Tile), Changed<Interaction>>,
    lang_btn: Query<&Interaction, (Changed<Interaction>, With<LangButton>)>,
    all_tiles: Query<&Tile>,
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
    // Gamepad only: Left/Right move, Select or Blow opens.
    let ids: Vec<&Tile> = all_tiles.iter().collect();
    if !ids.is_empty() {
        if actions.pressed(Action::Right) || actions.pressed(Action::Down) {
            *focus = (*focus + 1) % ids.len();
        }
        if actions.pressed(Action::Left) || actions.pressed(Action::Up) {
            *focus = (*focus + ids.len() - 1) % ids.len();
        }
        if actions.pressed(Action::Select) || actions.pressed(Action::Blow) {
            selected.0 = Some(ids[*focus % ids.len()].0.clone());
            next.set(Screen::Exhibit);
        }
    }
    if idle.seconds > config.idle_s {
        next.set(Screen::Attract);
    }
}

// ------------------------------------------------------------------ Exhibit

#[derive(Component, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameButton {
    Home,
    Reset,
    Lang,
    Why,
}

#[derive(Component)]
struct WhyPanel;

#[derive(Component)]
struct HoldButton(String);

#[derive(Component)]
struct ToggleButton(String);

#[derive(Component)]
struct DialStep(String, f64);

#[derive(Component)]
struct DialValue(String);

#[derive(Component)]
struct ChoiceButton(String, String);

#[derive(Component)]
struct GaugeValue(usize, &'static str);

#[derive(Component)]
struct TouchPad;

#[derive(Component)]
struct HintText;

#[derive(Component)]
pub(crate) struct CountdownOverlay;

fn pointer_u64(p: &PointerId) -> u64 {
    match p {
        PointerId::Mouse => 0,
        PointerId::Touch(id) => id.wrapping_add(1),
        PointerId::Custom(u) => u.as_u64_pair().1,
    }
}

fn touch_input(world: &mut World, pointer: &PointerId, pos: Vec2, phase: TouchPhase) {
    let Ok(window) = world.query::<&Window>().single(world) else {
        return;
    };
    let (w, h) = (window.width().max(1.0), window.height().max(1.0));
    world.resource_mut::<exhibits::ViewAspect>().0 = (w / h) as f64;
    let input = Input::Touch {
        id: pointer_u64(pointer),
        phase,
        x: (pos.x / w) as f64,
        y: (pos.y / h) as f64,
    };
    world.resource_mut::<PendingInputs>().0.push_back(input);
}

fn enter_exhibit(world: &mut World) {
    let Some(id) = world.resource::<Selected>().0.clone() else {
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Launcher);
        return;
    };
    let Some(d) = open(world, &id) else {
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Launcher);
        return;
    };
    world.resource_mut::<Idle>().seconds = 0.0;
    if world.get_resource::<super::Bare>().is_none() {
        world.run_system_cached_with(spawn_frame, d).ok();
    }
}

fn spawn_frame(
    In(d): In<ExhibitDescriptor>,
    mut commands: Commands,
    font: Res<UiFont>,
    strings: Res<Strings>,
    lang: Res<Lang>,
) {
    let t = |l: Label, size: f32| text(l, size, INK, &font, &strings, &lang);
    let bar = || Node {
        width: Val::Percent(100.0),
        align_items: AlignItems::Center,
        flex_wrap: FlexWrap::Wrap,
        padding: UiRect::all(Val::Px(6.0)),
        ..default()
    };
    let root = commands
        .spawn((
            DespawnOnExit(Screen::Exhibit),
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                ..default()
            },
        ))
        .id();
    // Top bar: Home, Reset, language, "what is happening?", title.
    let top = commands.spawn((bar(), BackgroundColor(PANEL))).id();
    for (b, key) in [
        (FrameButton::Home, "home"),
        (FrameButton::Reset, "reset"),
        (FrameButton::Lang, "language"),
        (FrameButton::Why, "why"),
    ] {
        let e = commands
            .spawn((button(120.0), b))
            .with_child(t(Label::Ui(key), 28.0))
            .id();
        commands.entity(top).add_child(e);
    }
    let title = commands
        .spawn((Node {
            margin: UiRect::left(Val::Px(24.0)),
            ..default()
        },))
        .with_child(t(Label::Own(d.title.clone()), 40.0))
        .id();
    commands.entity(top).add_child(title);

    // Middle: the touch pad over the 3D view, and the gauges.
    let middle = commands
        .spawn(Node {
            flex_grow: 1.0,
            width: Val::Percent(100.0),
            ..default()
        })
        .id();
    let pad = commands
        .spawn((
            TouchPad,
            Node {
                flex_grow: 1.0,
                height: Val::Percent(100.0),
                ..default()
            },
        ))
        .observe(|ev: On<Pointer<Press>>, mut commands: Commands| {
            let (p, pos) = (ev.pointer_id, ev.pointer_location.position);
            commands.queue(move |w: &mut World| touch_input(w, &p, pos, TouchPhase::Down));
        })
        .observe(|ev: On<Pointer<Drag>>, mut commands: Commands| {
            let (p, pos) = (ev.pointer_id, ev.pointer_location.position);
            commands.queue(move |w: &mut World| touch_input(w, &p, pos, TouchPhase::Move));
        })
        .observe(|ev: On<Pointer<Release>>, mut commands: Commands| {
            let (p, pos) = (ev.pointer_id, ev.pointer_location.position);
            commands.queue(move |w: &mut World| touch_input(w, &p, pos, TouchPhase::Up));
        })
        .observe(|ev: On<Pointer<DragEnd>>, mut commands: Commands| {
            let (p, pos) = (ev.pointer_id, ev.pointer_location.position);
            commands.queue(move |w: &mut World| touch_input(w, &p, pos, TouchPhase::Up));
        })
        .id();
    let gauges = commands
        .spawn((
            Node {
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(Val::Px(16.0)),
                row_gap: Val::Px(10.0),
                min_width: Val::Px(240.0),
                align_self: AlignSelf::FlexStart,
                margin: UiRect::all(Val::Px(12.0)),
                border_radius: BorderRadius::all(Val::Px(16.0)),
                ..default()
            },
            BackgroundColor(PANEL),
        ))
        .id();
    let columns = d.kind.columns();
    if let Some(reg) = exhibits::registration(d.kind.name()) {
        for (col, unit) in reg.gauges {
            let Some(i) = columns.iter().position(|c| c == col) else {
                continue;
            };
            let label = commands.spawn(t(Label::Ui(col), 24.0)).id();
            let value = commands
                .spawn((
                    Text::new("–"),
                    font.at(40.0),
                    TextColor(BUTTON_HOT),
                    GaugeValue(i, unit),
                ))
                .id();
            commands.entity(gauges).add_children(&[label, value]);
        }
    }
    let hint = commands
        .spawn((
            HintText,
            Text::new(""),
            font.at(30.0),
            TextColor(Color::srgb(0.4, 1.0, 0.5)),
            Node {
                position_type: PositionType::Absolute,
                left: Val::Px(24.0),
                top: Val::Px(16.0),
                ..default()
            },
        ))
        .id();
    commands.entity(pad).add_child(hint);
    commands.entity(middle).add_children(&[pad, gauges]);

    // Bottom bar: the exhibit's own controls.
    let bottom = commands
        .spawn((
            Node {
                justify_content: JustifyContent::Center,
                ..bar()
            },
            BackgroundColor(PANEL),
        ))
        .id();
    let defs = d.kind.controls();
    for c in &d.controls {
        let Some(def) = defs.iter().find(|x| x.name == c.drives) else {
            continue;
        };
        let group = commands
            .spawn(Node {
                align_items: AlignItems::Center,
                margin: UiRect::horizontal(Val::Px(14.0)),
                ..default()
            })
            .id();
        let label = commands.spawn(t(Label::Own(c.label.clone()), 26.0)).id();
        match (c.widget, &def.ty) {
            (Widget::Hold, _) => {
                let b = commands
                    .spawn((button(220.0), HoldButton(c.drives.clone()), Lit(false)))
                    .with_child(t(Label::Own(c.label.clone()), 34.0))
                    .id();
                commands.entity(group).add_child(b);
                commands.entity(label).despawn();
                commands.entity(bottom).add_child(group);
                continue;
            }
            (Widget::Toggle, _) => {
                let b = commands
                    .spawn((button(160.0), ToggleButton(c.drives.clone()), Lit(false)))
                    .with_child(t(Label::Own(c.label.clone()), 30.0))
                    .id();
                commands.entity(group).add_child(b);
                commands.entity(label).despawn();
                commands.entity(bottom).add_child(group);
                continue;
            }
            (Widget::Dial, ControlType::Number { min, max, integer }) => {
                let lo = c.min.unwrap_or(*min);
                let hi = c.max.unwrap_or(*max);
                let step = if *integer { 1.0 } else { (hi - lo) / 10.0 };
                let minus = commands
                    .spawn((button(TARGET_PX), DialStep(c.drives.clone(), -step)))
                    .with_child(t(
                        Label::Own([("en".to_string(), "−".to_string())].into()),
                        40.0,
                    ))
                    .id();
                let value = commands
                    .spawn((
                        Text::new(""),
                        font.at(34.0),
                        TextColor(INK),
                        DialValue(c.drives.clone()),
                        Node {
                            min_width: Val::Px(110.0),
                            justify_content: JustifyContent::Center,
                            ..default()
                        },
                    ))
                    .id();
                let plus = commands
                    .spawn((button(TARGET_PX), DialStep(c.drives.clone(), step)))
                    .with_child(t(
                        Label::Own([("en".to_string(), "+".to_string())].into()),
                        40.0,
                    ))
                    .id();
                commands
                    .entity(group)
                    .add_children(&[label, minus, value, plus]);
            }
            (Widget::Choice, ControlType::Choice(options)) => {
                commands.entity(group).add_child(label);
                for o in options {
                    let l = c
                        .options
                        .get(*o)
                        .cloned()
                        .unwrap_or_else(|| [("en".to_string(), o.to_string())].into());
                    let b = commands
                        .spawn((
                            button(140.0),
                            ChoiceButton(c.drives.clone(), o.to_string()),
                            Lit(false),
                        ))
                        .with_child(t(Label::Own(l), 28.0))
                        .id();
                    commands.entity(group).add_child(b);
                }
            }
            _ => {
                commands.entity(label).despawn();
            }
        }
        commands.entity(bottom).add_child(group);
    }
    commands.entity(root).add_children(&[top, middle, bottom]);

    // "What is happening?" panel, hidden until asked for.
    commands.spawn((
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
        children![text(
            Label::Own(d.explanation.clone()),
            30.0,
            INK,
            &font,
            &strings,
            &lang
        )],
    ));
}

#[allow(clippy::too_many_arguments)]
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
            FrameButton::Reset => commands.queue(|w: &mut World| reset_exhibit(w)),
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
    spawn_scene(world, &d.scene);
}

fn widgets(
    holds: Query<(&Interaction, &HoldButton), Changed<Interaction>>,
    toggles: Query<(&Interaction, &ToggleButton), Changed<Interaction>>,
    steps: Query<(&Interaction, &DialStep), Changed<Interaction>>,
    choices: Query<(&Interaction, &ChoiceButton), Changed<Interaction>>,
    active: Option<Res<ActiveExhibit>>,
    mut pending: ResMut<PendingInputs>,
) {
    let Some(active) = active else { return };
    let mut set = |control: &str, value: ControlValue| {
        pending.0.push_back(Input::Set {
            control: control.to_string(),
            value,
        })
    };
    for (i, h) in &holds {
        set(&h.0, ControlValue::Bool(*i == Interaction::Pressed));
    }
    for (i, t) in &toggles {
        if *i == Interaction::Pressed {
            set(&t.0, ControlValue::Bool(!active.bool(&t.0)));
        }
    }
    for (i, s) in &steps {
        if *i == Interaction::Pressed {
            set(&s.0, ControlValue::Number(active.number(&s.0) + s.1));
        }
    }
    for (i, c) in &choices {
        if *i == Interaction::Pressed {
            set(&c.0, ControlValue::Choice(c.1.clone()));
        }
    }
}

#[allow(clippy::type_complexity)]
fn dial_values(
    active: Option<Res<ActiveExhibit>>,
    mut values: Query<(&DialValue, &mut Text)>,
    mut lit: Query<(
        &mut Lit,
        Option<&HoldButton>,
        Option<&ToggleButton>,
        Option<&ChoiceButton>,
    )>,
) {
    let Some(a) = active else { return };
    for (d, mut t) in &mut values {
        let x = a.number(&d.0);
        let s = if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}")
        };
        if t.0 != s {
            t.0 = s;
        }
    }
    for (mut l, hold, toggle, choice) in &mut lit {
        let on = match (hold, toggle, choice) {
            (Some(h), _, _) => a.bool(&h.0),
            (_, Some(t), _) => a.bool(&t.0),
            (_, _, Some(c)) => a.choice(&c.0) == c.1,
            _ => false,
        };
        if l.0 != on {
            l.0 = on;
        }
    }
}

fn gauges(telemetry: Res<Telemetry>, mut q: Query<(&GaugeValue, &mut Text)>) {
    for (g, mut t) in &mut q {
        let Some(v) = telemetry.values.get(g.0) else {
            continue;
        };
        let shown = match v.parse::<f64>() {
            Ok(x) => format!("{x:.1} {}", g.1),
            Err(_) => format!("{v} {}", g.1),
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

/// "Still there?": after the idle time a countdown any input cancels; at zero the exhibit
/// resets fully and the kiosk returns to the attract loop.
#[allow(clippy::too_many_arguments)]
fn countdown(
    idle: Res<Idle>,
    config: Res<KioskConfig>,
    active: Option<Res<ActiveExhibit>>,
    overlay: Query<Entity, With<CountdownOverlay>>,
    mut texts: Query<&mut Text, With<CountdownOverlay>>,
    font: Res<UiFont>,
    strings: Res<Strings>,
    lang: Res<Lang>,
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
        commands.queue(|w: &mut World| exhibits::reset(w));
        next.set(Screen::Attract);
        return;
    }
    let shown = format!("{}", left.ceil() as i64);
    if overlay.is_empty() {
        commands.spawn((
            DespawnOnExit(Screen::Exhibit),
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
                text(Label::Ui("still_there"), 44.0, INK, &font, &strings, &lang),
                (
                    CountdownOverlay,
                    Text::new(shown),
                    font.at(120.0),
                    TextColor(BUTTON_HOT)
                ),
            ],
        ));
    } else {
        for mut t in &mut texts {
            if t.0 != shown {
                t.0 = shown.clone();
            }
        }
    }
}

/// Feeds the live voice from the active exhibit, capped and muted in the attract loop.
fn voice_out(world: &mut World) {
    let Some(voice) = world.get_resource::<SirenVoice>().cloned() else {
        return;
    };
    let kind = world.get_resource::<ActiveExhibit>().map(|a| a.kind());
    let v = kind
        .and_then(exhibits::registration)
        .and_then(|r| (r.voice)(world));
    let cap = world
        .get_resource::<VolumeCap>()
        .map(|c| c.0)
        .unwrap_or(0.8);
    let muted = *world.resource::<State<Screen>>().get() == Screen::Attract
        && world.resource::<KioskConfig>().attract_muted;
    match v {
        Some(v) => voice
            .0
            .set(v.freq_hz, if muted { 0.0 } else { v.level * cap }, v.duty),
        None => voice.0.set(0.0, 0.0, 0.3),
    }
}

// ------------------------------------------------------------------ Screenshot

#[derive(Resource)]
struct ScreenshotPlan {
    path: PathBuf,
    frames: u32,
    frame: u32,
    taken: bool,
}

/// Saves a PNG of the window after `frames` frames, then quits.
pub fn screenshot_after(app: &mut App, path: PathBuf, frames: u32) {
    // Each frame is exactly one tick, however slowly it renders (software Vulkan manages a
    // few frames a second): the picture shows the state after `frames` ticks, every time.
    app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
        std::time::Duration::from_secs_f64(crate::model::TICK_S),
    ));
    app.insert_resource(ScreenshotPlan {
        path,
        frames,
        frame: 0,
        taken: false,
    });
    app.add_systems(Last, take_screenshot);
}

fn take_screenshot(
    mut plan: ResMut<ScreenshotPlan>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) {
    plan.frame += 1;
    if !plan.taken && plan.frame >= plan.frames {
        plan.taken = true;
        let _ = std::fs::remove_file(&plan.path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(plan.path.clone()));
    }
    if plan.taken && plan.path.exists() && std::fs::metadata(&plan.path).is_ok_and(|m| m.len() > 0)
    {
        exit.write(AppExit::Success);
    }
    if plan.frame > plan.frames + 600 {
        eprintln!("caravan: the screenshot was not written after 600 more frames");
        exit.write(AppExit::error());
    }
}
