//! The operator's screen: opened by the staff gesture (`gesture.rs`), guarded by a PIN whose
//! SHA-256 is in `config/kiosk.ron`. Shows version, uptime, the packs and their problems; sets
//! the volume, reloads packs, quits. The PIN pad never keeps a visitor: without the right PIN
//! it goes back to where the visitor was after [`PAD_TIMEOUT_S`], whatever is tapped, and at
//! once on a tap outside its keys.

use super::config::{KioskConfig, pin_hash};
use super::gesture::{ReturnTo, on_any, presses};
use super::input::Idle;
use super::live::PackWatch;
use super::text::{Label, Strings};
use super::theme::{INK, OPERATOR_BACKDROP, button, text_button, ui_label, ui_root, value_text};
use super::{Lang, Screen, Shown};
use crate::engine::audio::VolumeCap;
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;
use bevy::window::PrimaryWindow;

/// Seconds the PIN pad stays without the right PIN.
pub const PAD_TIMEOUT_S: f64 = 15.0;
/// Wrong PINs in a row before the pad refuses every PIN for [`LOCKOUT_S`].
pub const TRIES: u32 = 5;
pub const LOCKOUT_S: f64 = 60.0;

/// Wrong PINs in a row, and until when the pad refuses every PIN: kept across openings.
#[derive(Resource, Default)]
struct Tries {
    wrong: u32,
    locked_until: f64,
}

/// What the pad says under its title.
#[derive(Default, Clone, Copy, PartialEq)]
enum PadNote {
    #[default]
    Digits,
    Wrong,
    /// Too many wrong PINs: wait.
    Wait,
    /// The config has no PIN: the operator screen cannot be opened here.
    NoPin,
}

#[derive(Resource, Default)]
struct PinEntry {
    digits: String,
    note: PadNote,
    /// When the pad opened; None once the right PIN was entered.
    since: Option<f64>,
}

/// When the operator screen opened, for the uptime line.
#[derive(Resource)]
struct StartedAt(std::time::Instant);

pub fn plugin(app: &mut App) {
    app.init_resource::<PinEntry>().init_resource::<Tries>();
    app.insert_resource(StartedAt(std::time::Instant::now()));
    app.add_systems(OnEnter(Screen::Operator), spawn_pin_pad);
    app.add_systems(
        Update,
        (pin_pad, let_go, panel_buttons, operator_idle).run_if(in_state(Screen::Operator)),
    );
}

#[derive(Component)]
pub(crate) struct PinKey(pub(crate) char);

#[derive(Component)]
struct PinShown;

#[derive(Component)]
struct PinPad;

/// The pad's keys, together: a tap outside them closes the pad.
#[derive(Component)]
struct Keypad;

#[derive(Component, Clone, Copy, Debug)]
pub(crate) enum PanelButton {
    VolumeDown,
    VolumeUp,
    Reload,
    Back,
    Quit,
}

/// The operator's screens: full, dark, over everything.
fn operator_root() -> impl Bundle {
    (
        DespawnOnExit(Screen::Operator),
        BackgroundColor(OPERATOR_BACKDROP),
        GlobalZIndex(50),
    )
}

fn spawn_pin_pad(mut commands: Commands, mut entry: ResMut<PinEntry>, time: Res<Time>) {
    *entry = PinEntry {
        since: Some(time.elapsed_secs_f64()),
        ..default()
    };
    let key = |c: char| {
        let face = match c {
            '<' => "←".to_string(),
            '>' => "OK".to_string(),
            d => d.to_string(),
        };
        (
            button(96.0),
            PinKey(c),
            children![value_text(face, 36.0, INK)],
        )
    };
    let row = |keys: [char; 3]| {
        (
            Node::default(),
            children![key(keys[0]), key(keys[1]), key(keys[2])],
        )
    };
    commands.spawn((
        operator_root(),
        PinPad,
        Node {
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            ..ui_root()
        },
        children![(
            Keypad,
            Node {
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                ..default()
            },
            children![
                ui_label("operator_pin", 36.0),
                (PinShown, value_text("", 48.0, INK)),
                row(['1', '2', '3']),
                row(['4', '5', '6']),
                row(['7', '8', '9']),
                row(['<', '0', '>']),
                (text_button(96.0, Label::Ui("close"), 28.0), PinKey('x')),
            ],
        )],
    ));
}

fn pin_pad(
    keys: Query<(&Interaction, &PinKey), Changed<Interaction>>,
    mut shown: Query<&mut Text, With<PinShown>>,
    pads: Query<Entity, With<PinPad>>,
    mut entry: ResMut<PinEntry>,
    mut tries: ResMut<Tries>,
    time: Res<Time>,
    config: Res<KioskConfig>,
    strings: Res<Strings>,
    lang: Res<Lang>,
    return_to: Res<ReturnTo>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    for (i, k) in &keys {
        if *i != Interaction::Pressed {
            continue;
        }
        entry.note = PadNote::Digits;
        let now = time.elapsed_secs_f64();
        match k.0 {
            '<' => {
                entry.digits.pop();
            }
            'x' => next.set(return_to.0),
            '>' if config.operator_pin_sha256.is_empty() => {
                warn!(
                    "operator: a PIN was entered, but the config sets none: the screen stays locked"
                );
                entry.note = PadNote::NoPin;
                entry.digits.clear();
            }
            '>' if now < tries.locked_until => {
                entry.note = PadNote::Wait;
                entry.digits.clear();
            }
            '>' => {
                if pin_hash(&entry.digits) == config.operator_pin_sha256.to_ascii_lowercase() {
                    info!("operator: PIN accepted, operator screen open");
                    tries.wrong = 0;
                    for p in &pads {
                        commands.entity(p).despawn();
                    }
                    entry.since = None;
                    commands.queue(spawn_panel);
                } else {
                    tries.wrong += 1;
                    entry.note = PadNote::Wrong;
                    warn!("operator: wrong PIN ({} of {TRIES})", tries.wrong);
                    if tries.wrong >= TRIES {
                        tries.wrong = 0;
                        tries.locked_until = now + LOCKOUT_S;
                        entry.note = PadNote::Wait;
                        warn!("operator: {TRIES} wrong PINs, every PIN refused for {LOCKOUT_S} s");
                    }
                }
                entry.digits.clear();
            }
            d if entry.digits.len() < 12 => entry.digits.push(d),
            _ => {}
        }
    }
    let wait = (tries.locked_until - time.elapsed_secs_f64())
        .ceil()
        .max(0.0);
    let s = match entry.note {
        PadNote::Digits => "•".repeat(entry.digits.len()),
        PadNote::Wrong => strings.get("operator_wrong_pin", &lang.0),
        PadNote::Wait => strings
            .get("operator_wait", &lang.0)
            .replace("{n}", &format!("{wait:.0}")),
        PadNote::NoPin => strings.get("operator_no_pin", &lang.0),
    };
    for mut t in &mut shown {
        if t.0 != s {
            t.0 = s.clone();
        }
    }
}

/// The PIN pad goes back to where the visitor was after its time, and on a tap outside its
/// keys.
fn let_go(
    time: Res<Time>,
    entry: Res<PinEntry>,
    touches: Res<Touches>,
    mouse: Res<ButtonInput<MouseButton>>,
    window: Query<&Window, With<PrimaryWindow>>,
    keypad: Query<(&ComputedNode, &UiGlobalTransform), With<Keypad>>,
    return_to: Res<ReturnTo>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(since) = entry.since else { return };
    let timed_out = time.elapsed_secs_f64() - since >= PAD_TIMEOUT_S;
    let outside = window.single().is_ok_and(|w| {
        // Until the keys are laid out (the frame the pad opens, on the tap that opened it)
        // nothing is outside them.
        let laid_out = keypad.iter().any(|(node, _)| node.size() != Vec2::ZERO);
        laid_out
            && presses(&touches, &mouse, w)
                .into_iter()
                .any(|(_, p)| !on_any(p, w, keypad.iter()))
    });
    if timed_out || outside {
        next.set(return_to.0);
    }
}

fn spawn_panel(world: &mut World) {
    let lang = world.resource::<Lang>().0.clone();
    let strings = world.resource::<Strings>();
    let shown = world.resource::<Shown>();
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
            strings.get("operator_uptime", &lang),
            up / 3600,
            (up / 60) % 60
        ),
        format!(
            "{}: {:.0} %",
            strings.get("operator_volume", &lang),
            cap * 100.0
        ),
    ];
    if let Some(h) = &world.resource::<KioskConfig>().opening_hours {
        lines.push(format!(
            "{}: {}–{}",
            strings.get("operator_hours", &lang),
            h.open,
            h.close
        ));
    }
    // Marks from the font's subset (geometric shapes, Latin-1): ✓ ✗ ⚠ are not in it.
    if let Some(safe) = world.get_resource::<super::safe_mode::SafeMode>() {
        lines.extend(safe.0.lines().map(|l| format!("▲ {l}")));
    }
    for p in &shown.catalogue.packs {
        let line = strings
            .get("operator_pack", &lang)
            .replace(
                "{name}",
                crate::descriptor::localized(&p.manifest.name, &lang),
            )
            .replace("{version}", &p.manifest.version)
            .replace("{n}", &p.exhibits.len().to_string())
            .replace("{dir}", &p.dir.display().to_string());
        lines.push(format!("● {line}"));
    }
    if !shown.hidden.is_empty() {
        lines.push(format!(
            "◌ {}",
            strings
                .get("operator_hidden", &lang)
                .replace("{n}", &shown.hidden.len().to_string())
                .replace("{ids}", &{
                    let mut ids = shown.hidden.iter().take(12).cloned().collect::<Vec<_>>();
                    if shown.hidden.len() > 12 {
                        ids.push("…".into());
                    }
                    ids.join(", ")
                })
        ));
    }
    for d in shown.problems.iter().take(12) {
        lines.push(format!("× {d}"));
    }
    let buttons = [
        (PanelButton::VolumeDown, "operator_volume_down"),
        (PanelButton::VolumeUp, "operator_volume_up"),
        (PanelButton::Reload, "operator_reload"),
        (PanelButton::Back, "home"),
        (PanelButton::Quit, "operator_quit"),
    ]
    .map(|(b, key)| (text_button(0.0, Label::Ui(key), 26.0), b));
    let lines = lines.into_iter().map(|l| value_text(l, 24.0, INK));
    world.spawn((
        operator_root(),
        Node {
            padding: UiRect::all(Val::Px(32.0)),
            row_gap: Val::Px(8.0),
            ..ui_root()
        },
        Children::spawn((
            SpawnIter(lines.collect::<Vec<_>>().into_iter()),
            Spawn((
                Node {
                    margin: UiRect::top(Val::Px(24.0)),
                    ..default()
                },
                Children::spawn(SpawnIter(buttons.into_iter())),
            )),
        )),
    ));
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
        info!("operator: {b:?} (volume cap now {:.0} %)", cap.0 * 100.0);
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
