//! `caravan simulate EXHIBIT --ticks N`: the exhibit's model and rapier, headless, one CSV row
//! per 60 Hz tick; the same inputs give the same bytes.

use crate::descriptor::overrides;
use crate::descriptor::{
    Diagnostic, ExhibitDescriptor, InputScript, check_script, parse_ron, read_source,
};
use crate::exhibits::ActiveExhibit;
use crate::model::synth::{PuffSynth, SAMPLE_RATE};
use crate::model::{TICK_HZ, TICK_S};
use crate::pack::{Catalogue, check_asset, check_exhibit_file, root_of_exhibit};
use crate::problems::Problems;
use crate::sim::Simulation;
use crate::wav;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `caravan simulate`'s arguments.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    /// An exhibit file or an exhibit id from the loaded packs.
    pub exhibit: String,
    #[arg(long, required = true)]
    pub ticks: u64,
    /// A RON script of timed inputs to replay.
    #[arg(long, value_name = "SCRIPT.ron")]
    pub input: Option<PathBuf>,
    /// Override a parameter (`air.density_kg_m3=1.1`) or hold a control (`controls.blow=true`).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// Write the CSV here instead of standard output.
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
    /// Write the exhibit's sound (48 kHz mono WAV), for exhibits that sound.
    #[arg(long, value_name = "FILE.wav")]
    pub audio_out: Option<PathBuf>,
    /// Packs to look the id up in (default: the built-in pack).
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,
}

/// Most ticks one run may ask for: 24 hours of exhibit time.
pub const MAX_TICKS: u64 = 24 * 3600 * 60;

/// Finds EXHIBIT as a file, else as an id in the packs. Errors are printable lines.
pub fn resolve(
    exhibit: &str,
    packs: &[PathBuf],
) -> Result<(ExhibitDescriptor, PathBuf), Vec<String>> {
    let p = Path::new(exhibit);
    if p.is_file() || exhibit.ends_with(".ron") {
        let root = root_of_exhibit(p);
        return check_exhibit_file(p, &root)
            .map(|parsed| (parsed.descriptor, root))
            .map_err(|ds| ds.iter().map(|d| d.to_string()).collect());
    }
    let c = Catalogue::load(&crate::pack::packs_or_builtin(packs));
    match c.find(exhibit) {
        Some((pack, d)) => Ok((d.clone(), pack.dir.clone())),
        None => {
            let mut errs: Vec<String> = c.diagnostics.iter().map(|d| d.to_string()).collect();
            let ids: Vec<_> = c.exhibits().map(|e| e.id.clone()).collect();
            errs.push(format!(
                "error: no exhibit file or id `{exhibit}`; the loaded packs have: {}",
                if ids.is_empty() {
                    "none".into()
                } else {
                    ids.join(", ")
                }
            ));
            Err(errs)
        }
    }
}

pub fn load_script(path: &Path, d: &ExhibitDescriptor) -> Result<InputScript, Vec<Diagnostic>> {
    let src = read_source(path, crate::descriptor::MAX_DESCRIPTOR_BYTES).map_err(|e| vec![e])?;
    let (script, locs) = parse_ron::<InputScript>(path, &src).map_err(|e| vec![e])?;
    let mut p = Problems::default();
    check_script("events", &script.events, &d.kind.controls(), &mut p);
    if p.is_empty() {
        Ok(script)
    } else {
        Err(locs.diagnostics(path, p))
    }
}

/// Returns the exit code: 0 done, 1 bad input.
pub fn run(a: &Args, err: &mut impl Write) -> i32 {
    let (mut d, root) = match resolve(&a.exhibit, &a.packs) {
        Ok(x) => x,
        Err(lines) => {
            for l in lines {
                let _ = writeln!(err, "{l}");
            }
            return 1;
        }
    };
    let held = match overrides::apply(&mut d, &a.sets, &|rel, u| check_asset(&root, rel, u)) {
        Ok(o) => o.held,
        Err(lines) => {
            for l in lines {
                let _ = writeln!(err, "{l}");
            }
            return 1;
        }
    };
    if a.ticks > MAX_TICKS {
        let _ = writeln!(
            err,
            "error: --ticks {} is more than a day of exhibit time ({MAX_TICKS})",
            a.ticks
        );
        return 1;
    }
    let script = match &a.input {
        None => Vec::new(),
        Some(p) => match load_script(p, &d) {
            Ok(s) => s.events,
            Err(ds) => {
                for x in ds {
                    let _ = writeln!(err, "{x}");
                }
                return 1;
            }
        },
    };
    let mut out: Box<dyn Write> = match &a.out {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                let _ = writeln!(err, "{}: error: cannot write the CSV: {e}", p.display());
                return 1;
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let id = d.id.clone();
    let mut sim = Simulation::new(ActiveExhibit::new(d, root, held), script);
    let mut synth = a
        .audio_out
        .as_ref()
        .map(|_| (PuffSynth::new(SAMPLE_RATE), Vec::<f32>::new()));
    let per_tick = (SAMPLE_RATE as f64 / TICK_HZ) as usize;
    let started = Instant::now();
    let _ = writeln!(out, "{}", sim.header());
    for _ in 0..a.ticks {
        sim.step();
        if writeln!(out, "{}", sim.row()).is_err() {
            let _ = writeln!(
                err,
                "error: cannot write the CSV (disk full or pipe closed)"
            );
            return 1;
        }
        if let Some((s, buf)) = synth.as_mut() {
            let v = sim.voice().unwrap_or(crate::exhibits::Voice {
                freq_hz: 0.0,
                level: 0.0,
                duty: 0.3,
            });
            let start = buf.len();
            buf.resize(start + per_tick, 0.0);
            s.render(v.freq_hz, v.level, v.duty, &mut buf[start..]);
        }
    }
    let _ = out.flush();
    let wall = started.elapsed().as_secs_f64();
    if let (Some(path), Some((_, buf))) = (&a.audio_out, &synth) {
        let r = std::fs::File::create(path)
            .and_then(|f| wav::write(&mut std::io::BufWriter::new(f), buf, SAMPLE_RATE));
        if let Err(e) = r {
            let _ = writeln!(err, "{}: error: cannot write the WAV: {e}", path.display());
            return 1;
        }
    }
    let _ = writeln!(
        err,
        "simulated `{id}`: {} ticks = {:.3} s of exhibit time in {:.3} s ({:.0} ticks/s)",
        a.ticks,
        a.ticks as f64 * TICK_S,
        wall,
        a.ticks as f64 / wall.max(1e-9)
    );
    0
}
