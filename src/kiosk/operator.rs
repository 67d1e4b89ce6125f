//! The operator's screen: opened by five taps in the top-left corner within three seconds (or
//! Ctrl+Alt+O), guarded by a PIN whose SHA-256 is in `config/kiosk.ron`. Shows version,
//! uptime, the packs and their problems; sets the volume, reloads packs, quits.

use super::config::KioskConfig;
use super::input::Idle;
use super::live::PackWatch;
use super::screens::button;
use super::text::{Label, Strings, UiFont, text};
use super::{Exhibits, Lang, Screen};
use crate::engine::audio::VolumeCap;
use bevy::input::ButtonState;
use bevy::input::mouse::MouseButtonInput;
use bevy::input::touch::Touches;
use bevy::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;

/// Size of the hidden corner, logical pixels.
const CORNER_PX: f32 = 90.0;
const TAPS: usize = 5;
const WITHIN_S: f64 = 3.0;

pub fn pin_hash(pin: &str) -> String {
    Sha256::digest(pin.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records a corner tap at `now`; true when it completes the gesture.
pub fn corner_tap(taps: &mut VecDeque<f64>, now: f64) -> bool {
    taps.push_back(now);
    while taps.front().is_some_and(|t| now - t > WITHIN_S) {
        taps.pop_front();
    }
    if taps.len() >= TAPS {
        taps.clear();
        true
    } else {
        false
    }
}

#[derive(Resource, Default)]
struct CornerTaps(VecDeque<f64>);

#[derive(Resource, Default)]
struct PinEntry {
    digits: String,
    wrong: bool,
}

/// When the operator screen opened, for the uptime line.
#[derive(Resource)]
struct StartedAt(std::time::Instant);

pub fn plugin(app: &mut App) {
    app.init_resource::<CornerTaps>()
        .init_resource::<PinEntry>();
    app.insert_resource(StartedAt(std::time::Instant::now()));
    app.add_systems(PreUpdate, detect_gesture.after(bevy::input::InputSystems));
    app.add_systems(OnEnter(Screen::Operator), spawn_pin_pad);
    app.add_systems(
        Update,
        (pin_pad, panel_buttons, operator_idle).run_if(in_state(Screen::Operator)),
    );
}

#[allow(clippy::too_many_arguments)]
fn detect_gesture(
    time: Res<Time>,
    mut clicks: MessageReader<MouseButtonInput>,
    keys: Res<ButtonInput<KeyCode>>,
    touches: Res<Touches>,
    windows: Query<&Window>,
    screen: Res<State<Screen>>,
    mut taps: ResMut<CornerTaps>,
    mut next: ResMut<NextState<Screen>>,
) {
    if *screen.get() == Screen::Operator {
        return;
    }
    let in_corner = |p: Vec2| p.x < CORNER_PX && p.y < CORNER_PX;
    let mut hits = touches
        .iter_just_pressed()
        .filter(|t| in_corner(t.position()))
        .count();
    // Every press counts, also several within one slow frame.
    let cursor_in_corner = windows
        .iter()
        .any(|w| w.cursor_position().is_some_and(in_corner));
    hits += clicks
        .read()
        .filter(|c| {
            c.button == MouseButton::Left && c.state == ButtonState::Pressed && cursor_in_corner
        })
        .count();
    let now = time.elapsed_secs_f64();
    let mut open = false;
    for _ in 0..hits {
        open |= corner_tap(&mut taps.0, now);
    }
    let chord = keys.pressed(KeyCode::ControlLeft)
        && keys.pressed(KeyCode::AltLeft)
        && keys.just_pressed(KeyCode::KeyO);
    if open || chord {
        next.set(Screen::Operator);
    }
}

#[derive(Component)]
pub(crate) struct PinKey(pub(crate) char);

#[derive(Component)]
struct PinShown;

#[derive(Component)]
struct PinPad;

#[derive(Component, Clone, Copy)]
pub(crate) enum PanelButton {
    VolumeDown,
    VolumeUp,
    Reload,
    Back,
    Quit,
}

fn spawn_pin_pad(
    mut commands: Commands,
    font: Res<UiFont>,
    strings: Res<Strings>,
    lang: Res<Lang>,
    mut entry: ResMut<PinEntry>,
) {
    *entry = PinEntry::default();
    let ink = Color::srgb(0.97, 0.97, 0.95);
    let t = |l: Label, size: f32| text(l, size, ink, &font, &strings, &lang);
    let root = commands
        .spawn((
            DespawnOnExit(Screen::Operator),
            PinPad,
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                justify_content: JustifyContent::Center,
                ..default()
            },
            BackgroundColor(Color::srgb(0.08, 0.09, 0.12)),
            GlobalZIndex(50),
        ))
        .id();
    let title = commands.spawn(t(Label::Ui("operator_pin"), 36.0)).id();
    let shown = commands
        .spawn((PinShown, Text::new(""), font.at(48.0), TextColor(ink)))
        .id();
    commands.entity(root).add_children(&[title, shown]);
    for row in ["123", "456", "789", "<0>"] {
        let r = commands.spawn(Node::default()).id();
        for c in row.chars() {
            let label = match c {
                '<' => "←".to_string(),
                '>' => "OK".to_string(),
                d => d.to_string(),
            };
            let k = commands
                .spawn((button(96.0), PinKey(c)))
                .with_child((Text::new(label), font.at(36.0), TextColor(ink)))
                .id();
            commands.entity(r).add_child(k);
        }
        commands.entity(root).add_child(r);
    }
    let cancel = commands
        .spawn((button(96.0), PinKey('x')))
        .with_child(t(Label::Ui("close"), 28.0))
        .id();
    commands.entity(root).add_child(cancel);
}

#[allow(clippy::too_many_arguments)]
fn pin_pad(
    keys: Query<(&Interaction, &PinKey), Changed<Interaction>>,
    mut shown: Query<&mut Text, With<PinShown>>,
    pads: Query<Entity, With<PinPad>>,
    mut entry: ResMut<PinEntry>,
    config: Res<KioskConfig>,
    strings: Res<Strings>,
    lang: Res<Lang>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    for (i, k) in &keys {
        if *i != Interaction::Pressed {
            continue;
        }
        entry.wrong = false;
        match k.0 {
            '<' => {
                entry.digits.pop();
            }
            'x' => next.set(Screen::Attract),
            '>' => {
                if pin_hash(&entry.digits) == config.operator_pin_sha256.to_ascii_lowercase() {
                    for p in &pads {
                        commands.entity(p).despawn();
                    }
                    commands.queue(spawn_panel);
                } else {
                    entry.wrong = true;
                }
                entry.digits.clear();
            }
            d if entry.digits.len() < 12 => entry.digits.push(d),
            _ => {}
        }
    }
    let s = if entry.wrong {
        strings.get("operator_wrong_pin", &lang.0)
    } else {
        "•".repeat(entry.digits.len())
    };
    for mut t in &mut shown {
        if t.0 != s {
            t.0 = s.clone();
        }
    }
}

fn spawn_panel(world: &mut World) {
    let font = world.resource::<UiFont>().clone();
    let lang = world.resource::<Lang>().clone();
    let strings = world.resource::<Strings>();
    let ex = world.resource::<Exhibits>();
    let cap = world.resource::<VolumeCap>().0;
    let up = world.resource::<StartedAt>().0.elapsed().as_secs();
    let mut lines = vec![
        format!(
            "Caravan {} ({})",
            env!("CARGO_PKG_VERSION"),
            env!("CARAVAN_COMMIT")
        ),
        format!(
            "{}: {}h {:02}m",
            strings.get("operator_uptime", &lang.0),
            up / 3600,
            (up / 60) % 60
        ),
        format!(
            "{}: {:.0} %",
            strings.get("operator_volume", &lang.0),
            cap * 100.0
        ),
    ];
    for p in &ex.catalogue.packs {
        lines.push(format!(
            "✓ {} {} — {} ({})",
            crate::descriptor::localized(&p.manifest.name, &lang.0),
            p.manifest.version,
            p.exhibits.len(),
            p.dir.display()
        ));
    }
    for d in ex.problems.iter().take(12) {
        lines.push(format!("✗ {d}"));
    }
    let labels: Vec<(PanelButton, String)> = [
        (PanelButton::VolumeDown, "operator_volume_down"),
        (PanelButton::VolumeUp, "operator_volume_up"),
        (PanelButton::Reload, "operator_reload"),
        (PanelButton::Back, "home"),
        (PanelButton::Quit, "operator_quit"),
    ]
    .into_iter()
    .map(|(b, k)| (b, strings.get(k, &lang.0)))
    .collect();
    let ink = Color::srgb(0.97, 0.97, 0.95);
    let root = world
        .spawn((
            DespawnOnExit(Screen::Operator),
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(Val::Px(32.0)),
                row_gap: Val::Px(8.0),
                ..default()
            },
            BackgroundColor(Color::srgb(0.08, 0.09, 0.12)),
            GlobalZIndex(50),
        ))
        .id();
    for l in lines {
        let e = world
            .spawn((Text::new(l), font.at(24.0), TextColor(ink)))
            .id();
        world.entity_mut(root).add_child(e);
    }
    let row = world
        .spawn(Node {
            margin: UiRect::top(Val::Px(24.0)),
            ..default()
        })
        .id();
    for (b, label) in labels {
        let btn = world.spawn((button(0.0), b)).id();
        let t = world
            .spawn((Text::new(label), font.at(26.0), TextColor(ink)))
            .id();
        world.entity_mut(btn).add_child(t);
        world.entity_mut(row).add_child(btn);
    }
    world.entity_mut(root).add_child(row);
}

fn panel_buttons(
    q: Query<(&Interaction, &PanelButton), Changed<Interaction>>,
    mut cap: ResMut<VolumeCap>,
    mut watch: ResMut<PackWatch>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
) {
    for (i, b) in &q {
        if *i != Interaction::Pressed {
            continue;
        }
        match b {
            PanelButton::VolumeDown => cap.0 = (cap.0 - 0.1).max(0.0),
            PanelButton::VolumeUp => cap.0 = (cap.0 + 0.1).min(1.0),
            PanelButton::Reload => watch.force(),
            PanelButton::Back => next.set(Screen::Launcher),
            PanelButton::Quit => {
                exit.write(AppExit::Success);
            }
        }
        if matches!(b, PanelButton::VolumeDown | PanelButton::VolumeUp) {
            // Rebuild the panel so the volume line shows the new value.
            commands.queue(|w: &mut World| {
                let old: Vec<Entity> = w.query_filtered::<Entity, (With<Node>, With<DespawnOnExit<Screen>>, Without<ChildOf>)>().iter(w).collect();
                for e in old {
                    w.despawn(e);
                }
                spawn_panel(w);
            });
        }
    }
}

/// An operator screen left alone goes back to the attract loop.
fn operator_idle(idle: Res<Idle>, config: Res<KioskConfig>, mut next: ResMut<NextState<Screen>>) {
    if idle.seconds > config.idle_s {
        next.set(Screen::Attract);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_corner_taps_within_three_seconds_open_it() {
        let mut taps = VecDeque::new();
        assert!(!(0..4).any(|i| corner_tap(&mut taps, i as f64 * 0.5)));
        assert!(corner_tap(&mut taps, 2.0));
        // Slow taps never do.
        let mut taps = VecDeque::new();
        assert!(!(0..10).any(|i| corner_tap(&mut taps, i as f64 * 0.9)));
    }

    #[test]
    fn pin_hash_is_sha256_hex() {
        assert_eq!(
            pin_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
