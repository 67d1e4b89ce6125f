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
}

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

/// Starts the kiosk; returns the exit code.
pub fn run(a: RunArgs) -> i32 {
    if !has_display() {
        eprintln!(
            "caravan: no display to show the kiosk on (DISPLAY and WAYLAND_DISPLAY are unset): run it on the kiosk's screen, or under `xvfb-run` to test"
        );
        return 1;
    }
    let config_path = a
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("config/kiosk.ron"));
    if a.config.is_some() && !config_path.exists() {
        eprintln!("caravan: {}: no such config file", config_path.display());
        return 1;
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
            return 1;
        };
        if let Err(errors) = crate::descriptor::overrides::apply(&mut d.clone(), &a.sets) {
            for e in errors {
                eprintln!("{e}");
            }
            return 1;
        }
    }
    let strings = match text::Strings::load(&assets_dir().join("i18n/ui.ron")) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return 1;
        }
    };
    let lang = a
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language.clone());
    let (w, h) = a.size.unwrap_or(config.window_size);
    let fullscreen = config.fullscreen && !a.windowed && a.screenshot.is_none();

    let mut app = App::new();
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
    crate::engine::rapier::plugin(&mut app);
    crate::engine::audio::plugin(&mut app);
    app.insert_resource(crate::engine::audio::VolumeCap(config.volume_cap));
    exhibits::plugin(&mut app);
    exhibits::view_plugin(&mut app);

    let start = match (a.start.as_deref(), &a.exhibit) {
        (Some("launcher"), _) => Screen::Launcher,
        (Some("attract"), _) => Screen::Attract,
        (Some("operator"), _) => Screen::Operator,
        (_, Some(_)) => Screen::Exhibit,
        _ => Screen::Attract,
    };
    app.insert_state(start);
    app.insert_resource(Selected(a.exhibit.clone()));
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
    if let Some((path, frames)) = a.screenshot {
        screens::screenshot_after(&mut app, path, frames);
    }
    match app.run() {
        AppExit::Success => 0,
        AppExit::Error(c) => c.get() as i32,
    }
}
