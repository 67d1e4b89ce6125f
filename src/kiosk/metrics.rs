//! Metrics for a fleet: a Prometheus text endpoint, off unless `metrics_listen` is set in the
//! config (`127.0.0.1:9469`; an address other machines can reach only with
//! `metrics_remote: true` too). The frame's systems fill a shared [`Metrics`]; a thread of
//! its own serves `GET /metrics` from it (std's TcpListener: one small page, no HTTP crate
//! needed), so a slow scraper never holds a frame.

use super::safe_mode::SafeMode;
use super::usage::SessionEnded;
use super::{Screen, Shown};
use crate::exhibits::ActiveExhibit;
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Upper bounds of the frame-time buckets, seconds (60 Hz is 0.0167).
const FRAME_BUCKETS: [f64; 8] = [0.005, 0.01, 0.0167, 0.025, 0.033, 0.05, 0.1, 0.25];
/// Upper bounds of the fixed-tick buckets, seconds; one tick has 1/60 s at most.
const TICK_BUCKETS: [f64; 8] = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.0167, 0.033, 0.1];
const TICK_BUDGET_S: f64 = 1.0 / 60.0;

#[derive(Default, Clone)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, bounds: &[f64], v: f64) {
        if self.counts.len() != bounds.len() {
            self.counts = vec![0; bounds.len()];
        }
        for (c, b) in self.counts.iter_mut().zip(bounds) {
            if v <= *b {
                *c += 1;
            }
        }
        self.sum += v;
        self.count += 1;
    }
    fn write(&self, out: &mut String, name: &str, help: &str, bounds: &[f64]) {
        out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} histogram\n"));
        for (i, b) in bounds.iter().enumerate() {
            let c = self.counts.get(i).copied().unwrap_or(0);
            out.push_str(&format!("{name}_bucket{{le=\"{b}\"}} {c}\n"));
        }
        out.push_str(&format!("{name}_bucket{{le=\"+Inf\"}} {}\n", self.count));
        out.push_str(&format!(
            "{name}_sum {}\n{name}_count {}\n",
            self.sum, self.count
        ));
    }
}

/// What the endpoint serves; the frame's systems keep it current.
#[derive(Default)]
pub struct Metrics {
    frames: Histogram,
    ticks: Histogram,
    tick_overruns: u64,
    sessions: BTreeMap<String, u64>,
    interactions: BTreeMap<String, u64>,
    idle_resets: u64,
    pack_load_failures: u64,
    /// (pack name, version, folder)
    packs: Vec<(String, String, String)>,
    showing: (String, String),
    safe_mode: bool,
}

#[derive(Resource, Clone)]
pub struct SharedMetrics(Arc<Mutex<Metrics>>);

/// The address the endpoint listens on (port 0 in the config: the one the OS picked).
#[derive(Resource, Clone, Copy, Debug)]
pub struct MetricsAddr(pub SocketAddr);

#[derive(Resource)]
struct TickStart(Option<Instant>);

/// Starts the endpoint on `listen`; an address that cannot be bound is logged and the kiosk
/// runs on without metrics.
pub(super) fn plugin(app: &mut App, listen: SocketAddr) {
    let listener = match TcpListener::bind(listen) {
        Ok(l) => l,
        Err(e) => {
            error!("metrics are off: cannot listen on {listen}: {e}");
            return;
        }
    };
    let addr = listener.local_addr().unwrap_or(listen);
    info!("metrics on http://{addr}/metrics");
    let shared = SharedMetrics(Arc::new(Mutex::new(Metrics::default())));
    let served = shared.0.clone();
    let started = Instant::now();
    let spawned = std::thread::Builder::new()
        .name("metrics".into())
        .spawn(move || serve(listener, served, started));
    if let Err(e) = spawned {
        error!("metrics are off: {e}");
        return;
    }
    app.insert_resource(shared)
        .insert_resource(MetricsAddr(addr))
        .insert_resource(TickStart(None));
    app.add_systems(FixedFirst, |mut s: ResMut<TickStart>| {
        s.0 = Some(Instant::now())
    });
    app.add_systems(FixedLast, tick_done);
    app.add_systems(Last, frame);
}

fn tick_done(start: Res<TickStart>, shared: Res<SharedMetrics>) {
    let (Some(t), Ok(mut m)) = (start.0, shared.0.lock()) else {
        return;
    };
    let d = t.elapsed().as_secs_f64();
    m.ticks.observe(&TICK_BUCKETS, d);
    if d > TICK_BUDGET_S {
        m.tick_overruns += 1;
    }
}

fn frame(
    shared: Res<SharedMetrics>,
    time: Res<Time<Real>>,
    mut ended: MessageReader<SessionEnded>,
    shown: Res<Shown>,
    screen: Res<State<Screen>>,
    active: Option<Res<ActiveExhibit>>,
    safe: Option<Res<SafeMode>>,
) {
    let Ok(mut m) = shared.0.lock() else {
        return;
    };
    m.frames.observe(&FRAME_BUCKETS, time.delta_secs_f64());
    for e in ended.read() {
        let s = &e.0;
        *m.sessions.entry(s.exhibit.clone()).or_default() += 1;
        *m.interactions.entry(s.exhibit.clone()).or_default() += s.interactions;
        if s.ended_by == "idle_reset" {
            m.idle_resets += 1;
        }
    }
    if shown.is_changed() {
        m.pack_load_failures += shown.problems.len() as u64;
        m.packs = shown
            .catalogue
            .packs
            .iter()
            .map(|p| {
                (
                    crate::descriptor::localized(&p.manifest.name, "en").to_string(),
                    p.manifest.version.clone(),
                    p.dir.display().to_string(),
                )
            })
            .collect();
    }
    m.showing = (
        format!("{:?}", screen.get()),
        active.map(|a| a.descriptor.id.clone()).unwrap_or_default(),
    );
    m.safe_mode = safe.is_some();
}

/// A label value, escaped as the text format wants.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The text exposition format (version 0.0.4).
fn render(m: &Metrics, uptime_s: f64) -> String {
    let mut o = String::new();
    let mut family = |name: &str, kind: &str, help: &str, lines: Vec<String>| {
        o.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n"));
        for l in lines {
            o.push_str(&format!("{name}{l}\n"));
        }
    };
    family(
        "caravan_build_info",
        "gauge",
        "Version and commit of the running kiosk.",
        vec![format!(
            "{{version=\"{}\",commit=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION"),
            label(env!("CARAVAN_COMMIT"))
        )],
    );
    family(
        "caravan_uptime_seconds",
        "gauge",
        "Seconds since the kiosk started.",
        vec![format!(" {uptime_s:.3}")],
    );
    family(
        "caravan_tick_overruns_total",
        "counter",
        "Fixed 60 Hz ticks that took longer than 1/60 s.",
        vec![format!(" {}", m.tick_overruns)],
    );
    let per_exhibit = |map: &BTreeMap<String, u64>| -> Vec<String> {
        map.iter()
            .map(|(k, v)| format!("{{exhibit=\"{}\"}} {v}", label(k)))
            .collect()
    };
    family(
        "caravan_sessions_total",
        "counter",
        "Visitor sessions ended, per exhibit.",
        per_exhibit(&m.sessions),
    );
    family(
        "caravan_interactions_total",
        "counter",
        "Touches and presses in ended sessions, per exhibit.",
        per_exhibit(&m.interactions),
    );
    family(
        "caravan_idle_resets_total",
        "counter",
        "Sessions ended by the idle reset (the visitor walked away).",
        vec![format!(" {}", m.idle_resets)],
    );
    family(
        "caravan_pack_load_failures_total",
        "counter",
        "Problems that kept a pack (or its new version) from showing, at start and at reloads.",
        vec![format!(" {}", m.pack_load_failures)],
    );
    family(
        "caravan_pack_info",
        "gauge",
        "The packs shown, with their versions.",
        m.packs
            .iter()
            .map(|(n, v, d)| {
                format!(
                    "{{pack=\"{}\",version=\"{}\",dir=\"{}\"}} 1",
                    label(n),
                    label(v),
                    label(d)
                )
            })
            .collect(),
    );
    family(
        "caravan_showing",
        "gauge",
        "The screen showing now (and its exhibit).",
        vec![format!(
            "{{screen=\"{}\",exhibit=\"{}\"}} 1",
            label(&m.showing.0),
            label(&m.showing.1)
        )],
    );
    family(
        "caravan_safe_mode",
        "gauge",
        "1 while the kiosk runs in crash-loop safe mode.",
        vec![format!(" {}", u8::from(m.safe_mode))],
    );
    family(
        "caravan_resident_memory_bytes",
        "gauge",
        "Resident memory of the kiosk process.",
        vec![format!(" {}", crate::ops::watch::rss_bytes())],
    );
    m.frames.write(
        &mut o,
        "caravan_frame_seconds",
        "Time between frames.",
        &FRAME_BUCKETS,
    );
    m.ticks.write(
        &mut o,
        "caravan_fixed_tick_seconds",
        "Time one fixed 60 Hz tick took to compute.",
        &TICK_BUCKETS,
    );
    o
}

fn serve(listener: TcpListener, metrics: Arc<Mutex<Metrics>>, started: Instant) {
    for stream in listener.incoming().flatten() {
        let _ = answer(stream, &metrics, started);
    }
}

fn answer(stream: TcpStream, metrics: &Mutex<Metrics>, started: Instant) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.set_write_timeout(Some(Duration::from_secs(2)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // The headers: read and ignore, up to the blank line (bounded).
    let mut line = String::new();
    for _ in 0..100 {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("");
    let (status, kind, body) =
        if request.starts_with("GET ") && (path == "/metrics" || path.starts_with("/metrics?")) {
            let text = match metrics.lock() {
                Ok(m) => render(&m, started.elapsed().as_secs_f64()),
                Err(_) => String::new(),
            };
            ("200 OK", "text/plain; version=0.0.4; charset=utf-8", text)
        } else {
            (
                "404 Not Found",
                "text/plain",
                "caravan: try /metrics\n".to_string(),
            )
        };
    let mut s = stream;
    write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    s.flush()
}
