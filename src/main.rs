//! The `caravan` command line.

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
    Run {
        /// Kiosk settings (default config/kiosk.ron).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// A pack folder to load; repeat for more (default: the built-in pack).
        #[arg(long = "pack", value_name = "DIR")]
        packs: Vec<PathBuf>,
        /// Open this exhibit directly instead of the attract loop.
        #[arg(long, value_name = "ID")]
        exhibit: Option<String>,
        /// A window instead of full screen (development).
        #[arg(long)]
        windowed: bool,
        /// Starting language.
        #[arg(long, value_parser = ["zh-CN", "en"])]
        lang: Option<String>,
    },
    /// Render a screen to PNG after N frames (under xvfb-run with software Vulkan too).
    ///
    /// Example: xvfb-run -s "-screen 0 1280x800x24" caravan screenshot bernoulli_cups --out cups.png --ticks 120
    Screenshot {
        /// `attract`, `launcher`, `operator` (its PIN pad), or an exhibit id.
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
    /// Check exhibit files (*.exhibit.ron) and pack folders.
    ///
    /// Prints `ok ID` per valid exhibit and `PATH:LINE:COL: error: MESSAGE` per problem, all
    /// problems in one run. Exit 0 when all are valid, 1 when any is not, 2 for a usage error.
    ///
    /// Example: caravan validate exhibits/ my-pack/cups.exhibit.ron
    Validate {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
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
    Simulate {
        /// An exhibit file or an exhibit id from the loaded packs.
        exhibit: String,
        #[arg(long, required = true)]
        ticks: u64,
        /// A RON script of timed inputs to replay.
        #[arg(long, value_name = "SCRIPT.ron")]
        input: Option<PathBuf>,
        /// Override a parameter (`air.density_kg_m3=1.1`) or hold a control (`controls.blow=true`).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        sets: Vec<String>,
        /// Write the CSV here instead of standard output.
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
        /// Write the exhibit's sound (48 kHz mono WAV), for exhibits that sound.
        #[arg(long, value_name = "FILE.wav")]
        audio_out: Option<PathBuf>,
        /// Packs to look the id up in (default: the built-in pack).
        #[arg(long = "pack", value_name = "DIR")]
        packs: Vec<PathBuf>,
    },
    /// The physics report: each case against its reference; exit 1 on any FAIL.
    ///
    /// Example: caravan verify --quick
    Verify {
        /// Coarse cases only, for CI.
        #[arg(long)]
        quick: bool,
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

fn parse_size(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.split_once('x')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Run {
            config,
            packs,
            exhibit,
            windowed,
            lang,
        } => caravan::kiosk::run(caravan::kiosk::RunArgs {
            config,
            packs,
            exhibit,
            windowed,
            lang,
            screenshot: None,
            size: None,
            start: None,
            sets: Vec::new(),
            bare: false,
        }),
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
                    eprintln!("caravan: --size takes WIDTHxHEIGHT, e.g. 1280x800");
                    return ExitCode::from(2);
                }
            };
            let (start, exhibit) = match screen.as_str() {
                "attract" | "launcher" | "operator" => (Some(screen.clone()), None),
                id => (None, Some(id.to_string())),
            };
            caravan::kiosk::run(caravan::kiosk::RunArgs {
                config: None,
                packs,
                exhibit,
                windowed: true,
                lang,
                screenshot: Some((out, ticks.max(1))),
                size,
                start,
                sets,
                bare,
            })
        }
        Command::Validate { paths } => {
            if ops::validate::run(&paths, &mut std::io::stdout().lock()) {
                0
            } else {
                1
            }
        }
        Command::List { packs } => {
            if ops::list::run(
                &packs,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            ) {
                0
            } else {
                1
            }
        }
        Command::Simulate {
            exhibit,
            ticks,
            input,
            sets,
            out,
            audio_out,
            packs,
        } => ops::simulate::run(
            &ops::simulate::Args {
                exhibit,
                ticks,
                input,
                sets,
                out,
                audio_out,
                packs,
            },
            &mut std::io::stderr().lock(),
        ),
        Command::Verify { quick } => {
            let rows = ops::verify::rows(quick);
            if ops::verify::print(&rows, &mut std::io::stdout().lock()) {
                0
            } else {
                1
            }
        }
        Command::Bench { quick } => {
            ops::bench::run(quick, &mut std::io::stdout().lock());
            0
        }
    };
    ExitCode::from(code as u8)
}
