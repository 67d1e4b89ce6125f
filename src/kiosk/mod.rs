//! The kiosk: what a child and a museum see all day. Screens are Bevy `States`, one file
//! each under `screens/` (the operator's is `operator.rs`); every entity of a screen is scoped
//! to it. Exhibits run through the same systems as `caravan simulate`.

pub mod config;
mod gesture;
mod headless;
pub mod hours;
mod input;
mod live;
mod logs;
pub mod metrics;
pub mod opening_hours;
pub mod operator;
mod pack_assets;
pub mod safe_mode;
mod scene;
mod screens;
mod screenshot;
mod sound;
mod supervisor;
mod testing;
mod text;
mod theme;
mod usage;

pub use gesture::{CORNER_PX, HOLD_S, TAPS_WITHIN_S, corner};
pub use operator::{LOCKOUT_S, PAD_TIMEOUT_S, TRIES};
pub use pack_assets::read_image;
pub use supervisor::PING_EVERY_S;
pub use testing::{
    UiButton, connect_gamepad, control_rects, countdown_showing, finger, font_loaded,
    gamepad_button, key, lit_tiles, press, ready, rect_of, tap, texts_on_screen, tiles,
    topic_tiles,
};

use crate::descriptor::Diagnostic;
use crate::exhibits;
use crate::pack::Catalogue;
use bevy::prelude::*;
use bevy::window::{ExitCondition, WindowMode};
use config::KioskConfig;
use std::path::PathBuf;

/// `caravan run`'s flags, and what `caravan screenshot` sets besides.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RunArgs {
    /// Kiosk settings (default config/kiosk.ron).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A pack folder to load; repeat for more (default: the built-in pack).
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,
    /// Open this exhibit directly instead of the attract loop.
    #[arg(long, value_name = "ID")]
    pub exhibit: Option<String>,
    /// A window instead of full screen (development).
    #[arg(long)]
    pub windowed: bool,
    /// Starting language.
    #[arg(long, value_parser = ["zh-CN", "en"])]
    pub lang: Option<String>,
    /// Save a PNG of the window after this many frames, then quit (`caravan screenshot`).
    #[arg(skip)]
    pub screenshot: Option<(PathBuf, u32)>,
    #[arg(skip)]
    pub size: Option<(u32, u32)>,
    /// Screen to open on; by default the exhibit if one is given, else the attract loop.
    #[arg(skip)]
    pub start: Option<Screen>,
    /// `--set PATH=VALUE` for the `exhibit` (screenshots of a particular state).
    #[arg(skip)]
    pub sets: Vec<String>,
    /// The launcher's topic to open on (`screenshot launcher:N`, the N-th topic from 1).
    #[arg(skip)]
    pub topic: Option<usize>,
    /// The exhibit without the kiosk's frame and controls (`screenshot --bare`, for previews).
    #[arg(skip)]
    pub bare: bool,
    /// The supervisor's socket, where `$NOTIFY_SOCKET` is not the one (tests).
    #[arg(skip)]
    pub notify_socket: Option<PathBuf>,
    /// Start in crash-loop safe mode for this reason (tests); a real start decides from the
    /// state folder.
    #[arg(skip)]
    pub safe_mode: Option<String>,
    /// Write usage figures to this database (tests); a real start writes to
    /// `usage.sqlite` in the state folder.
    #[arg(skip)]
    pub usage_db: Option<PathBuf>,
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
    /// Outside opening hours: resting (see `hours`).
    Closed,
}

/// The packs the kiosk shows, and what went wrong with those it does not.
#[derive(Resource)]
pub struct Shown {
    pub catalogue: Catalogue,
    pub problems: Vec<Diagnostic>,
    /// The exhibits loaded that the config's `show` leaves out, by id.
    pub hidden: Vec<String>,
    /// Every pack as it loaded, before `show` chose from it: what a reload falls back on
    /// for a pack whose new version is broken.
    pub loaded: Vec<crate::pack::Pack>,
}

/// Where the config was read from (problems found later are placed at its lines).
#[derive(Resource, Clone)]
pub(crate) struct ConfigPath(pub std::path::PathBuf);

/// Applies the config's `show` to a freshly loaded catalogue: what it hides, and a problem
/// at its line for each entry that names nothing loaded.
pub(crate) fn select_shown(
    catalogue: &mut Catalogue,
    config: &KioskConfig,
    config_path: &std::path::Path,
) -> (Vec<String>, Vec<Diagnostic>) {
    let Some(show) = &config.show else {
        return (Vec::new(), Vec::new());
    };
    let sel = catalogue.select(show);
    let mut p = crate::problems::Problems::default();
    for i in &sel.unknown {
        let (crate::pack::Show::Pack(x) | crate::pack::Show::Exhibit(x)) = &show[*i];
        p.push(
            format!("show[{i}]"),
            format!(
                "`{}` names no pack folder or exhibit loaded: `caravan list` shows the exhibits; a pack is named by its folder",
                crate::problems::one_line(x)
            ),
        );
    }
    (sel.hidden, KioskConfig::located(config_path, p))
}

/// What the kiosk shows, in words: the screen, and the exhibit on it if any (the
/// supervisor's status line, a crash report, the fuzz's tally).
pub fn showing(screen: &Screen, exhibit: Option<&exhibits::ActiveExhibit>) -> String {
    match exhibit {
        Some(a) => format!("{screen:?}: {}", a.descriptor.id),
        None => format!("{screen:?}"),
    }
}

/// The exhibit to open when entering [`Screen::Exhibit`].
#[derive(Resource, Default)]
pub struct Selected(pub Option<String>);

/// The usage database's name in the state folder.
pub const USAGE_DB: &str = "usage.sqlite";

/// The language on screen now.
#[derive(Resource, Clone, PartialEq, Eq, Debug)]
pub struct Lang(pub String);

pub(crate) fn assets_dir() -> PathBuf {
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
    let state = app
        .world()
        .get_resource::<safe_mode::StateDir>()
        .map(|d| d.0.clone());
    logs::log_panics(state);
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
    if config.operator_pin_sha256.is_empty() {
        eprintln!(
            "caravan: no operator_pin_sha256 in the config: the operator screen stays locked (set one: printf YOURPIN | sha256sum)"
        );
    }
    // A real kiosk's start is counted (screenshots, tests and the fuzz are not).
    let state =
        (mode == Mode::Window && a.screenshot.is_none()).then(|| safe_mode::state_dir(&config));
    let safe = a.safe_mode.clone().or_else(|| {
        let dir = state.as_ref()?;
        safe_mode::on_start(dir, safe_mode::now_s(), &config)
    });
    let mut packs = a.packs.clone();
    packs.extend(config.packs.iter().cloned());
    // What the live reload watches: the pack and packs folders as given.
    let roots = match &safe {
        Some(why) => {
            eprintln!("caravan: {why}");
            vec![crate::pack::builtin_pack()]
        }
        None if packs.is_empty() => crate::pack::builtin_packs(),
        None => packs,
    };
    let pack_dirs = crate::pack::packs_or_builtin(&roots);
    let mut catalogue = Catalogue::load(&pack_dirs);
    for d in &catalogue.diagnostics {
        eprintln!("{d} (this pack is not shown)");
    }
    problems.extend(catalogue.diagnostics.iter().cloned());
    let loaded = catalogue.packs.clone();
    // Safe mode shows the built-in pack whatever the config chose.
    let hidden = if safe.is_none() {
        let (hidden, unknown) = select_shown(&mut catalogue, &config, &config_path);
        for d in &unknown {
            eprintln!("{d}");
        }
        problems.extend(unknown);
        hidden
    } else {
        Vec::new()
    };
    if let (Some(dir), None) = (&state, &safe) {
        let lines: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        safe_mode::record_load_problems(dir, &lines);
    }
    if let Some(id) = &a.exhibit {
        let Some((pack, d)) = catalogue.find(id) else {
            eprintln!("caravan: no exhibit `{id}` in the loaded packs; `caravan list` shows them");
            return Err(1);
        };
        let asset = |rel: &str, u| crate::pack::check_asset(&pack.dir, rel, u);
        if let Err(errors) = crate::descriptor::overrides::apply(&mut d.clone(), &a.sets, &asset) {
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
            // Read by the log plugin's file layer as it builds (a screenshot logs to the
            // terminal only).
            if a.screenshot.is_none() {
                app.insert_resource(logs::LogFiles::from_config(&config));
            }
            app.add_plugins(
                DefaultPlugins
                    .set(bevy::log::LogPlugin {
                        custom_layer: logs::file_layer,
                        ..default()
                    })
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
        Mode::Headless => headless::plugins(&mut app, (w, h)),
    }
    app.add_plugins((crate::engine::rapier::plugin, exhibits::plugin));
    if mode == Mode::Window {
        app.add_plugins((
            crate::engine::audio::plugin,
            crate::engine::window::plugin,
            exhibits::view_plugin,
        ));
    }
    app.insert_resource(crate::engine::audio::VolumeCap(config.volume_cap));

    let start = a.start.unwrap_or(if a.exhibit.is_some() {
        Screen::Exhibit
    } else {
        Screen::Attract
    });
    app.insert_state(start);
    if let Some(t) = a.topic {
        app.insert_resource(screens::LauncherPage {
            topic: Some(t),
            ..Default::default()
        });
    }
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
    app.insert_resource(Shown {
        catalogue,
        problems,
        hidden,
        loaded,
    });
    app.insert_resource(ConfigPath(config_path.clone()));
    pack_assets::refresh(app.world_mut());
    app.insert_resource(live::PackWatch::new(roots));
    app.add_plugins((
        text::plugin,
        theme::plugin,
        scene::plugin,
        sound::plugin,
        input::plugin,
        screens::plugin,
        live::plugin,
        gesture::plugin,
        operator::plugin,
        logs::plugin,
        pack_assets::plugin,
        hours::plugin,
    ));
    let socket = a.notify_socket.clone().or_else(supervisor::socket_from_env);
    supervisor::plugin(&mut app, socket.filter(|_| a.screenshot.is_none()));
    if let Some((path, frames)) = a.screenshot
        && mode == Mode::Window
    {
        screenshot::screenshot_after(&mut app, path, frames);
    }
    if let Some(why) = safe {
        app.insert_resource(safe_mode::SafeMode(why));
    }
    let db = a
        .usage_db
        .clone()
        .or_else(|| state.as_ref().map(|d| d.join(USAGE_DB)));
    usage::plugin(&mut app, db.as_deref());
    if let Some(addr) = app.world().resource::<KioskConfig>().metrics_addr() {
        metrics::plugin(&mut app, addr);
    }
    if let Some(dir) = state {
        app.insert_resource(safe_mode::StateDir(dir));
    }
    safe_mode::plugin(&mut app);
    if mode == Mode::Headless {
        crate::sim::single_threaded(&mut app);
    }
    Ok(app)
}
