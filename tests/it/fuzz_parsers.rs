//! A fuzz target over everything Caravan parses from files: exhibit descriptors, pack
//! manifests, the kiosk's config and input scripts. Seeded mutations of the corpus in
//! `tests/fuzz-corpus/` (bit flips, RON tokens, extreme numbers, cut, copied and spliced
//! ranges); every input must give a result or a located error: no panic, no hang, and no more
//! than [`MAX_HELD`] allocated for it. Stable Rust has no cargo-fuzz, so the loop is ours:
//! `CARAVAN_FUZZ_ITERATIONS=100000 cargo test --test it fuzz_parsers` runs it longer, and
//! `CARAVAN_FUZZ_SEED` picks another sequence. A descriptor or script that passes the checks
//! also runs a few ticks: a valid file runs, without NaN in its telemetry.

use crate::alloc::peak_during;
use crate::support::*;
use caravan::descriptor::{InputScript, check_script, parse_exhibit_file, parse_ron, read_source};
use caravan::exhibits::ActiveExhibit;
use caravan::kiosk::config::KioskConfig;
use caravan::ops::fuzz::Rng;
use caravan::pack::load_pack;
use caravan::sim::Simulation;
use std::path::Path;
use std::time::{Duration, Instant};

/// The most one input may allocate while it is parsed and checked (its file is at most
/// 256 KiB).
const MAX_HELD: usize = 64 << 20;
/// Far beyond any input's parse time: only a hang trips it.
const HANG: Duration = Duration::from_secs(20);

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "\"",
    "'",
    "#",
    "//",
    "/*",
    "*/",
    "r#\"",
    "Some(",
    "None",
    "true",
    "false",
    "()",
    "\\u{0}",
    "\\n",
    "1e308",
    "-1e308",
    "5e-324",
    "NaN",
    "inf",
    "-inf",
    "-0",
    "18446744073709551616",
    "9999999999",
    "0x10",
    "1_000",
    "é",
    "字",
    "\u{feff}",
    "kind",
    "id",
    "controls",
    "min: 9e99",
    "widget: dial",
    "Number(1e308)",
    "Choice(\"\")",
    "Touch(id: 1, phase: down, x: 2.0, y: -1.0)",
    "cell_m: 1e-320",
    "count: 4294967295",
];

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, corpus: &[(String, Vec<u8>)]) {
    let at = |rng: &mut Rng, b: &Vec<u8>| rng.below(b.len() + 1);
    match rng.below(7) {
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        1 | 2 => {
            let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let i = at(rng, bytes);
            bytes.splice(i..i, t.iter().copied());
        }
        3 => {
            let (i, j) = (at(rng, bytes), at(rng, bytes));
            let (i, j) = (i.min(j), i.max(j).min(i.min(j) + 64));
            bytes.drain(i..j);
        }
        4 => {
            let (i, j) = (at(rng, bytes), at(rng, bytes));
            let (i, j) = (i.min(j), i.max(j).min(i.min(j) + 4096));
            let chunk = bytes[i..j].to_vec();
            let k = at(rng, bytes);
            bytes.splice(k..k, chunk);
        }
        5 => {
            let other = &corpus[rng.below(corpus.len())].1;
            let (i, j) = (rng.below(other.len()), rng.below(other.len()));
            let chunk = &other[i.min(j)..i.max(j)];
            let k = at(rng, bytes);
            bytes.splice(k..k, chunk.iter().copied());
        }
        _ => {
            let i = at(rng, bytes);
            bytes.truncate(i);
        }
    }
}

/// Runs a few ticks of a valid exhibit: no panic, and every number it reports is finite.
fn runs(ex: ActiveExhibit, script: Vec<caravan::descriptor::ScriptEvent>) {
    let mut sim = Simulation::new(ex, script);
    let header = sim.header();
    for _ in 0..5 {
        for v in sim.step() {
            if let Ok(x) = v.parse::<f64>() {
                assert!(x.is_finite(), "{header} reports {v}");
            }
        }
    }
}

#[test]
fn fuzz_parsers() {
    let iterations: usize = std::env::var("CARAVAN_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let seed: u64 = std::env::var("CARAVAN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00ca_7a7a);
    let mut corpus: Vec<(String, Vec<u8>)> = std::fs::read_dir(repo().join("tests/fuzz-corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    corpus.sort();
    // A pack whose manifest the fuzzer writes, beside the built-in exhibits and their assets
    // (the tour's images and pictures too).
    let pack = scratch("fuzz-pack");
    copy_pack(&pack);
    caravan::pack::copy_folder(&repo().join("exhibits-tour"), &pack).unwrap();
    let file = scratch("fuzz-files");
    let mut rng = Rng::new(seed);
    let (mut valid, mut simulated) = (0, 0);
    for n in 0..iterations {
        let (name, seedfile) = &corpus[rng.below(corpus.len())];
        let mut bytes = seedfile.clone();
        // Mostly one or two changes (the result often still parses, and reaches the checks and
        // the models), now and then many.
        let changes = 1 + if rng.below(3) == 0 {
            rng.below(8)
        } else {
            rng.below(2)
        };
        for _ in 0..changes {
            mutate(&mut rng, &mut bytes, &corpus);
        }
        let started = Instant::now();
        let what = format!("seed {seed}, iteration {n}, from {name}");
        let ((ok, run), held) = peak_during(|| target(name, &bytes, &pack, &file));
        assert!(started.elapsed() < HANG, "{what}: a hang");
        assert!(held <= MAX_HELD, "{what}: {held} bytes allocated");
        if let Some(run) = run {
            run();
            simulated += 1;
        }
        valid += ok as usize;
    }
    eprintln!("fuzz_parsers: {iterations} inputs (seed {seed}), {valid} valid, {simulated} run");
}

type Run = Box<dyn FnOnce()>;

/// Parses and checks one input as what its corpus file is; true if it was valid, with a run of
/// it where it is an exhibit or a script.
fn target(name: &str, bytes: &[u8], pack: &Path, dir: &Path) -> (bool, Option<Run>) {
    if name.ends_with(".exhibit.ron") {
        let f = dir.join("x.exhibit.ron");
        std::fs::write(&f, bytes).unwrap();
        let Ok(parsed) = parse_exhibit_file(&f) else {
            return (false, None);
        };
        let d = parsed.descriptor;
        if !d
            .check(&|rel, u| caravan::pack::check_asset(pack, rel, u))
            .is_empty()
        {
            return (false, None);
        }
        let ex = ActiveExhibit::new(d, pack.to_path_buf(), Default::default());
        (true, Some(Box::new(move || runs(ex, Vec::new()))))
    } else if name == "pack.ron" {
        std::fs::write(pack.join("pack.ron"), bytes).unwrap();
        (load_pack(pack).pack.is_some(), None)
    } else if name == "kiosk.ron" {
        let f = dir.join("kiosk.ron");
        std::fs::write(&f, bytes).unwrap();
        (KioskConfig::load(&f).1.is_empty(), None)
    } else {
        let f = dir.join("script.ron");
        std::fs::write(&f, bytes).unwrap();
        let parsed = read_source(&f, 256 * 1024).and_then(|src| parse_ron::<InputScript>(&f, &src));
        let Ok((script, _)) = parsed else {
            return (false, None);
        };
        let ex = caravan::sim::builtin_exhibit("bernoulli_cups", &[]);
        let mut p = caravan::problems::Problems::default();
        check_script(
            "events",
            &script.events,
            &ex.descriptor.kind.controls(),
            &mut p,
        );
        if !p.is_empty() {
            return (false, None);
        }
        (true, Some(Box::new(move || runs(ex, script.events))))
    }
}
