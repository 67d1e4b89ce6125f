//! The `caravan` command line.

use caravan::kiosk::{self, RunArgs, Screen};
use caravan::ops;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "caravan",
    version,
    about = "Interactive science exhibits for museum kiosks"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the kiosk (full screen).
    ///
    /// Example: caravan run --windowed --lang en --exhibit bernoulli_cups
    Run(RunArgs),
    /// Render a screen to PNG after N frames (under xvfb-run with software Vulkan too).
    ///
    /// Example: xvfb-run -s "-screen 0 1280x800x24" caravan screenshot bernoulli_cups --out cups.png --ticks 120
    Screenshot {
        /// `attract`, `launcher` (its topics), `launcher:N` (the N-th topic's exhibits, from 1),
        /// `operator` (its PIN pad), or an exhibit id.
        #[arg(default_value = "launcher")]
        screen: String,
        #[arg(long, value_name = "FILE.png")]
        out: PathBuf,
        /// Frames to run first; each advances the exhibit exactly one 60 Hz tick.
        #[arg(long, default_value_t = 90)]
        ticks: u32,
        /// Window size, WIDTHxHEIGHT.
        #[arg(long, value_name = "WxH")]
        size: Option<String>,
        #[arg(long, value_parser = ["zh-CN", "en"])]
        lang: Option<String>,
        #[arg(long = "pack", value_name = "DIR")]
        packs: Vec<PathBuf>,
        /// Override a parameter or hold a control of the exhibit, as in `simulate`
        /// (e.g. --set controls.blow=true). Repeatable.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        sets: Vec<String>,
        /// The exhibit's scene alone, without the kiosk's frame and controls (launcher
        /// previews: `make previews`).
        #[arg(long)]
        bare: bool,
    },
    /// Check exhibit files (*.exhibit.ron), pack folders (or their pack.ron) and the kiosk's
    /// settings (kiosk.ron).
    ///
    /// Prints `ok ID` per valid exhibit (`ok PATH` for valid settings) and
    /// `PATH:LINE:COL: error: MESSAGE` per problem, all problems in one run. Exit 0 when all
    /// are valid, 1 when any is not, 2 for a usage error.
    ///
    /// Example: caravan validate exhibits/ my-pack/cups.exhibit.ron config/kiosk.ron
    Validate {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Write a new pack with one commented starter exhibit that validates, runs and verifies.
    ///
    /// Example: caravan new my-pack
    /// Example: caravan new my-tour --kind panorama
    /// Example: caravan new my-light --kind optics
    /// Example: caravan new my-ripples --kind waves
    /// Example: caravan new my-air --kind flow
    New {
        #[arg(value_name = "PACK_DIR")]
        dir: PathBuf,
        /// `mechanics` (a rigid-body scene), `optics` (light, mirrors, lenses and glass),
        /// `waves` (sound and water waves on a grid) or `panorama` (360° scenes with
        /// placeholder images).
        #[arg(long, default_value = "mechanics")]
        kind: String,
    },
    /// List the exhibits: ID<TAB>KIND<TAB>TITLE (English).
    ///
    /// Example: caravan list --pack exhibits --pack /srv/caravan/packs/optics
    List {
        #[arg(long = "pack", value_name = "DIR")]
        packs: Vec<PathBuf>,
    },
    /// Run an exhibit headless at the fixed 60 Hz tick and write one CSV row per tick.
    ///
    /// Columns: tick,t_s, then the exhibit's own. Same inputs give byte-identical output.
    ///
    /// Example: caravan simulate bernoulli_cups --ticks 600 --set controls.blow=true --set controls.air_speed_m_s=12 --out run.csv
    Simulate(ops::simulate::Args),
    /// Render a 360° equirectangular image of an exhibit's scene (six 90° faces joined), for a
    /// `panorama` exhibit. Needs a screen, as `screenshot` does.
    ///
    /// Example: xvfb-run -s "-screen 0 1024x1024x24" caravan bake-panorama pendulums --at 0.3,0.45,0.6 --out hall.jpg
    BakePanorama(ops::bake_panorama::Args),
    /// The physics report: each case against its reference; exit 1 on any FAIL.
    ///
    /// With --pack, the `expect` rows of every data-kind exhibit (`mechanics`) in those packs instead.
    ///
    /// Example: caravan verify --quick
    /// Example: caravan verify --pack my-pack
    Verify {
        /// Coarse cases only, for CI.
        #[arg(long)]
        quick: bool,
        #[arg(long = "pack", value_name = "DIR")]
        packs: Vec<PathBuf>,
        /// The hop sweep with N hopping speeds per cell, evenly spaced from 1.1 v_hop to the
        /// dial's maximum, instead of its fixed multiples of v_hop (a denser look at the bounce).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1000))]
        hop_speeds: Option<u16>,
    },
    /// The whole kiosk headless under seeded random input at accelerated time: fails on a
    /// panic, a NaN, or counts or memory that keep growing.
    ///
    /// Example: caravan fuzz all --seconds 600 --seed 7 --pointers 10
    Fuzz(ops::fuzz::Args),
    /// The whole kiosk headless through a museum's day at accelerated time: opening hours
    /// with visitors who pick exhibits, play, switch language, go home or walk away; the
    /// attract loop alone at night. Fails as fuzz does; prints the memory's slope.
    ///
    /// Example: caravan soak --hours 24 --seed 1
    Soak(ops::soak::Args),
    /// Usage figures: sessions, median and 90th-percentile dwell, interactions per session,
    /// language and idle-reset shares, per exhibit, day or language; several --db files (one
    /// per kiosk) are merged.
    ///
    /// Example: caravan report --db kiosk1.sqlite --db kiosk2.sqlite --by day --format csv
    Report(ops::report::Args),
    /// Install or update a pack in a packs folder, safely for a running kiosk: validated
    /// first, staged, synced, switched in one atomic rename; the version before is kept.
    ///
    /// Example: caravan install ./mechanics-pack --packs /srv/caravan/packs
    Install {
        /// The pack folder to install (its name becomes the pack's name in DIR).
        source: PathBuf,
        /// The packs folder the kiosk shows.
        #[arg(long, value_name = "DIR")]
        packs: PathBuf,
    },
    /// Put back the version of a pack that `caravan install` kept.
    ///
    /// Example: caravan rollback mechanics-pack --packs /srv/caravan/packs
    Rollback {
        /// The pack's name in DIR.
        pack: String,
        #[arg(long, value_name = "DIR")]
        packs: PathBuf,
    },
    /// Speed figures: pack parsing, headless ticks per exhibit, synthesis.
    ///
    /// Example: caravan bench
    Bench {
        /// Fewer iterations.
        #[arg(long)]
        quick: bool,
    },
}

/// A screenshot's width and height, pixels: from a panorama's smallest face to the largest
/// window the kiosk's settings allow (a 99999-pixel one panicked inside the window system).
const SCREENSHOT_PX: std::ops::RangeInclusive<u32> = 64..=8192;

/// `WIDTHxHEIGHT`, each in [`SCREENSHOT_PX`].
fn parse_size(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.split_once('x')?;
    let (w, h) = (w.parse().ok()?, h.parse().ok()?);
    (SCREENSHOT_PX.contains(&w) && SCREENSHOT_PX.contains(&h)).then_some((w, h))
}

/// 0 for success, 1 for a failure the output explains.
fn code(ok: bool) -> i32 {
    if ok { 0 } else { 1 }
}

/// The threads the fluid exhibits' lattices step on: the kiosk's and the soak's (which plays
/// the kiosk's day) use the cores a window leaves, or all where there is none (up to two,
/// `threads_for`); the other commands keep one (the cells are the same bits either way).
fn lattice_threads(command: &Command) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let window = match command {
        Command::Run(_) | Command::Screenshot { .. } => true,
        Command::Soak(_) => false,
        _ => return,
    };
    caravan::model::lbm::set_default_threads(caravan::model::lbm::threads_for(cores, window));
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    lattice_threads(&cli.command);
    let code = match cli.command {
        Command::Run(args) => kiosk::run(args),
        Command::Screenshot {
            screen,
            out,
            ticks,
            size,
            lang,
            packs,
            sets,
            bare,
        } => {
            let size = match size.as_deref().map(parse_size) {
                None => None,
                Some(Some(s)) => Some(s),
                Some(None) => {
                    let (lo, hi) = (SCREENSHOT_PX.start(), SCREENSHOT_PX.end());
                    eprintln!(
                        "caravan: --size takes WIDTHxHEIGHT, each {lo} to {hi} pixels, e.g. 1280x800"
                    );
                    return ExitCode::from(2);
                }
            };
            let topic = screen
                .strip_prefix("launcher:")
                .map(|n| n.parse::<usize>().ok().filter(|n| *n >= 1));
            if topic == Some(None) {
                eprintln!("caravan: `launcher:N` opens the N-th topic, from 1, e.g. launcher:2");
                return ExitCode::from(2);
            }
            let (start, exhibit) = match screen.as_str() {
                "attract" => (Some(Screen::Attract), None),
                "operator" => (Some(Screen::Operator), None),
                s if s == "launcher" || topic.is_some() => (Some(Screen::Launcher), None),
                id => (None, Some(id.to_string())),
            };
            kiosk::run(RunArgs {
                packs,
                exhibit,
                windowed: true,
                lang,
                screenshot: Some((out, ticks.max(1))),
                size,
                start,
                sets,
                bare,
                topic: topic.flatten().map(|n| n - 1),
                ..RunArgs::default()
            })
        }
        Command::Validate { paths } => {
            code(ops::validate::run(&paths, &mut std::io::stdout().lock()))
        }
        Command::New { dir, kind } => match ops::new::run(&dir, &kind) {
            Ok(next) => {
                println!("{next}");
                0
            }
            Err(e) => {
                eprintln!("caravan new: {e}");
                1
            }
        },
        Command::List { packs } => code(ops::list::run(
            &packs,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Command::Simulate(args) => ops::simulate::run(&args, &mut std::io::stderr().lock()),
        Command::BakePanorama(args) => match ops::bake_panorama::run(&args) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("caravan: {e}");
                1
            }
        },
        Command::Verify {
            quick,
            packs,
            hop_speeds,
        } => {
            let rows = if packs.is_empty() {
                ops::verify::rows(quick, hop_speeds.map(usize::from))
            } else {
                match ops::verify::pack_rows(&packs) {
                    Ok(rows) => rows,
                    Err(problems) => {
                        eprintln!("{problems}");
                        return ExitCode::from(2);
                    }
                }
            };
            code(ops::verify::print(&rows, &mut std::io::stdout().lock()))
        }
        Command::Fuzz(args) => ops::fuzz::run(&args, &mut std::io::stdout().lock()),
        Command::Soak(args) => ops::soak::run(&args, &mut std::io::stdout().lock()),
        Command::Install { source, packs } => {
            match caravan::pack::install::install(&source, &packs) {
                Ok(msg) => {
                    println!("{msg}");
                    0
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("{e}");
                    }
                    1
                }
            }
        }
        Command::Rollback { pack, packs } => {
            match caravan::pack::install::rollback(&pack, &packs) {
                Ok(msg) => {
                    println!("{msg}");
                    0
                }
                Err(e) => {
                    eprintln!("caravan rollback: {e}");
                    1
                }
            }
        }
        Command::Report(args) => ops::report::run(
            &args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Command::Bench { quick } => {
            ops::bench::run(quick, &mut std::io::stdout().lock());
            0
        }
    };
    ExitCode::from(code as u8)
}
