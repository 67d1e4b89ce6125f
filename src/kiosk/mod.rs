//! The kiosk: what a child and a museum see all day. Screens are Bevy `States`; every entity
//! of a screen is scoped to it. Exhibits run through the same systems as `caravan simulate`.

pub mod config;
mod input;
mod live;
pub mod operator;
mod screens;
mod text;

use crate::descriptor::Diagnostic;
use crate::exhibits;
use crate::pack::Catalogue;
use bevy::prelude::*;
use bevy::window::{ExitCondition, WindowMode};
use config::KioskConfig;
use std::path::PathBuf;

pub struct RunArgs {
    pub config: Option<PathBuf>,
    pub packs: Vec<PathBuf>,
    pub exhibit: Option<String>,
    pub windowed: bool,
    pub lang: Option<String>,
    /// Save a PNG of the window after this many frames, then quit (`caravan screenshot`).
    pub screenshot: Option<(PathBuf, u32)>,
    pub size: Option<(u32, u32)>,
    /// Screen to open on: `attract`, `launcher`, or an exhibit (with `exhibit`).
    pub start: Option<String>,
    /// `--set PATH=VALUE` for the `exhibit` (screenshots of a particular state).
    pub sets: Vec<String>,
    /// The exhibit without the kiosk's frame and controls (`screenshot --bare`, for previews).
    pub bare: bool,
}

/// Present when the exhibit screen shows the scene alone.
#[derive(Resource)]
pub struct Bare;

/// The `--set` overrides for the exhibit the kiosk was started on.
#[derive(Resource, Default)]
pub struct StartSets {
    pub exhibit: Option<String>,
    pub sets: Vec<String>,
}

#[derive(States, Default, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Attract,
    Launcher,
    Exhibit,
    Operator,
}

/// The packs the kiosk shows, and what went wrong with those it does not.
#[derive(Resource)]
pub struct Exhibits {
    pub catalogue: Catalogue,
    pub problems: Vec<Diagnostic>,
}

/// The exhibit to open when entering [`Screen::Exhibit`].
#[derive(Resource, Default)]
pub struct Selected(pub Option<String>);

/// The language on screen now.
#[derive(Resource, Clone, PartialEq, Eq, Debug)]
pub struct Lang(pub String);

fn assets_dir() -> PathBuf {
    let here = PathBuf::from("assets");
    if here.join("i18n").is_dir() {
        here.canonicalize().unwrap_or(here)
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets")
    }
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}

/// An on-screen button, by what it does: what a headless test presses.
#[derive(Debug, Clone, PartialEq)]
pub enum Press {
    /// The launcher tile of this exhibit.
    Tile(String),
    /// The language button (launcher or exhibit frame).
    Language,
    Home,
    Reset,
    /// A key of the operator's PIN pad: a digit, '<' (delete), '>' (OK), 'x' (close).
    Pin(char),
    /// The operator panel's "back to the launcher".
    OperatorBack,
}

/// Presses the button `what` as a touch would (its `Interaction` becomes `Pressed`, which the
/// screens react to in the next update). False if no such button is on screen.
pub fn press(world: &mut World, what: Press) -> bool {
    use bevy::ui::Interaction;
    let mut q = world.query::<(
        Entity,
        Option<&screens::Tile>,
        Option<&screens::LangButton>,
        Option<&screens::FrameButton>,
        Option<&operator::PinKey>,
        Option<&operator::PanelButton>,
    )>();
    let hit = q
        .iter(world)
        .find_map(|(e, tile, lang, frame, pin, panel)| {
            let yes = match &what {
                Press::Tile(id) => tile.is_some_and(|t| &t.0 == id),
                Press::Language => lang.is_some() || frame == Some(&screens::FrameButton::Lang),
                Press::Home => frame == Some(&screens::FrameButton::Home),
                Press::Reset => frame == Some(&screens::FrameButton::Reset),
                Press::Pin(c) => pin.is_some_and(|p| p.0 == *c),
                Press::OperatorBack => matches!(panel, Some(operator::PanelButton::Back)),
            };
            yes.then_some(e)
        });
    match hit {
        Some(e) => {
            world.entity_mut(e).insert(Interaction::Pressed);
            true
        }
        None => false,
    }
}

/// Every text on screen now (for tests).
pub fn texts_on_screen(world: &mut World) -> Vec<String> {
    let mut q = world.query::<&Text>();
    q.iter(world).map(|t| t.0.clone()).collect()
}

/// Whether the "still there?" countdown is showing.
pub fn countdown_showing(world: &mut World) -> bool {
    let mut q = world.query_filtered::<(), With<screens::CountdownOverlay>>();
    q.iter(world).next().is_some()
}

/// How [`build`] makes the kiosk app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A window, the GPU, audio: the real kiosk.
    Window,
    /// No window, GPU, audio or drawing: the screens, their state machine and every input
    /// path are the same. For tests, driven by synthetic input.
    Headless,
}

/// Starts the kiosk; returns the exit code.
pub fn run(a: RunArgs) -> i32 {
    if !has_display() {
        eprintln!(
            "caravan: no display to show the kiosk on (DISPLAY and WAYLAND_DISPLAY are unset): run it on the kiosk's screen, or under `xvfb-run` to test"
        );
        return 1;
    }
    let mut app = match build(a, Mode::Window) {
        Ok(app) => app,
        Err(code) => return code,
    };
    match app.run() {
        AppExit::Success => 0,
        AppExit::Error(c) => c.get() as i32,
    }
}

/// The kiosk app, ready to run (or, headless, to be stepped with `update()`); Err is the exit
/// code after the error was printed.
pub fn build(a: RunArgs, mode: Mode) -> Result<App, i32> {
    let config_path = a
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("config/kiosk.ron"));
    if a.config.is_some() && !config_path.exists() {
        eprintln!("caravan: {}: no such config file", config_path.display());
        return Err(1);
    }
    let (config, mut problems) = KioskConfig::load(&config_path);
    for p in &problems {
        eprintln!("{p} (using the default settings)");
    }
    let mut packs = a.packs.clone();
    packs.extend(config.packs.iter().cloned());
    let pack_dirs = crate::ops::packs_or_builtin(&packs);
    let catalogue = Catalogue::load(&pack_dirs);
    for d in &catalogue.diagnostics {
        eprintln!("{d} (this pack is not shown)");
    }
    problems.extend(catalogue.diagnostics.iter().cloned());
    if let Some(id) = &a.exhibit {
        let Some((_, d)) = catalogue.find(id) else {
            eprintln!("caravan: no exhibit `{id}` in the loaded packs; `caravan list` shows them");
            return Err(1);
        };
        if let Err(errors) = crate::descriptor::overrides::apply(&mut d.clone(), &a.sets) {
            for e in errors {
                eprintln!("{e}");
            }
            return Err(1);
        }
    }
    let strings = match text::Strings::load(&assets_dir().join("i18n/ui.ron")) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return Err(1);
        }
    };
    let lang = a
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language.clone());
    let (w, h) = a.size.unwrap_or(config.window_size);
    let fullscreen = config.fullscreen && !a.windowed && a.screenshot.is_none();

    let mut app = App::new();
    match mode {
        Mode::Window => {
            app.add_plugins(
                DefaultPlugins
                    .set(WindowPlugin {
                        primary_window: Some(Window {
                            title: "Caravan".into(),
                            resolution: (w, h).into(),
                            mode: if fullscreen {
                                WindowMode::BorderlessFullscreen(MonitorSelection::Primary)
                            } else {
                                WindowMode::Windowed
                            },
                            ..default()
                        }),
                        // A child cannot close the kiosk: close requests are ignored.
                        close_when_requested: false,
                        exit_condition: ExitCondition::DontExit,
                        ..default()
                    })
                    .set(AssetPlugin {
                        file_path: assets_dir().to_string_lossy().into_owned(),
                        ..default()
                    }),
            );
            tracing::info!(
                "caravan {} ({}) starting: {} exhibits in {} packs",
                env!("CARGO_PKG_VERSION"),
                env!("CARAVAN_COMMIT"),
                catalogue.exhibits().count(),
                catalogue.packs.len()
            );
        }
        Mode::Headless => {
            app.add_plugins((
                MinimalPlugins,
                bevy::state::app::StatesPlugin,
                bevy::input::InputPlugin,
                TransformPlugin,
                AssetPlugin {
                    file_path: assets_dir().to_string_lossy().into_owned(),
                    ..default()
                },
            ));
            app.init_asset::<Mesh>()
                .init_asset::<StandardMaterial>()
                .init_asset::<Image>()
                .init_asset::<Font>()
                .init_resource::<ClearColor>();
        }
    }
    crate::engine::rapier::plugin(&mut app);
    if mode == Mode::Window {
        crate::engine::audio::plugin(&mut app);
    }
    app.insert_resource(crate::engine::audio::VolumeCap(config.volume_cap));
    exhibits::plugin(&mut app);
    if mode == Mode::Window {
        exhibits::view_plugin(&mut app);
    }

    let start = match (a.start.as_deref(), &a.exhibit) {
        (Some("launcher"), _) => Screen::Launcher,
        (Some("attract"), _) => Screen::Attract,
        (Some("operator"), _) => Screen::Operator,
        (_, Some(_)) => Screen::Exhibit,
        _ => Screen::Attract,
    };
    app.insert_state(start);
    app.insert_resource(Selected(a.exhibit.clone()));
    if a.bare {
        app.insert_resource(Bare);
    }
    app.insert_resource(StartSets {
        exhibit: a.exhibit.clone(),
        sets: a.sets.clone(),
    });
    app.insert_resource(Lang(lang));
    app.insert_resource(strings);
    app.insert_resource(config);
    app.insert_resource(Exhibits {
        catalogue,
        problems,
    });
    app.insert_resource(live::PackWatch::new(pack_dirs));
    app.add_plugins((
        text::plugin,
        input::plugin,
        screens::plugin,
        live::plugin,
        operator::plugin,
    ));
    if let Some((path, frames)) = a.screenshot
        && mode == Mode::Window
    {
        screens::screenshot_after(&mut app, path, frames);
    }
    Ok(app)
}
