//! Metrics for a fleet: a Prometheus text endpoint, off unless `metrics_listen` is set in the
//! config (`127.0.0.1:9469`; an address other machines can reach only with
//! `metrics_remote: true` too). The metrics are the Prometheus project's own Rust client's
//! (prometheus-client), encoded in the standard text format; the frame's systems update them
//! and a thread of its own serves `GET /metrics` (std's TcpListener: one small page needs no
//! HTTP crate), so a slow scraper never holds a frame.

use super::safe_mode::SafeMode;
use super::usage::SessionEnded;
use super::{Screen, Shown};
use crate::exhibits::ActiveExhibit;
use bevy::prelude::*;
use prometheus_client::encoding::prometheus_text::{CONTENT_TYPE, encode};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

/// Upper bounds of the frame-time buckets, seconds (60 Hz is 0.0167).
const FRAME_BUCKETS: [f64; 8] = [0.005, 0.01, 0.0167, 0.025, 0.033, 0.05, 0.1, 0.25];
/// Upper bounds of the fixed-tick buckets, seconds; one tick has 1/60 s at most.
const TICK_BUCKETS: [f64; 8] = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.0167, 0.033, 0.1];
const TICK_BUDGET_S: f64 = 1.0 / 60.0;

type Labels = Vec<(String, String)>;

/// The kiosk's metrics: handles into the registry the endpoint encodes (each is shared, so
/// the frame's systems and the server thread see the same numbers).
#[derive(Clone)]
pub struct Metrics {
    frames: Histogram,
    ticks: Histogram,
    tick_overruns: Counter,
    sessions: Family<Labels, Counter>,
    interactions: Family<Labels, Counter>,
    idle_resets: Counter,
    pack_load_failures: Counter,
    packs: Family<Labels, Gauge>,
    showing: Family<Labels, Gauge>,
    safe_mode: Gauge,
    uptime: Gauge<f64, AtomicU64>,
    memory: Gauge,
}

impl Metrics {
    fn new(registry: &mut Registry) -> Self {
        let m = Metrics {
            frames: Histogram::new(FRAME_BUCKETS),
            ticks: Histogram::new(TICK_BUCKETS),
            tick_overruns: Counter::default(),
            sessions: Family::default(),
            interactions: Family::default(),
            idle_resets: Counter::default(),
            pack_load_failures: Counter::default(),
            packs: Family::default(),
            showing: Family::default(),
            safe_mode: Gauge::default(),
            uptime: Gauge::default(),
            memory: Gauge::default(),
        };
        let build: Labels = vec![
            ("version".into(), env!("CARGO_PKG_VERSION").into()),
            ("commit".into(), env!("CARAVAN_COMMIT").into()),
        ];
        let r = registry;
        r.register(
            "caravan_build",
            "Version and commit of the running kiosk",
            Info::new(build),
        );
        r.register(
            "caravan_uptime_seconds",
            "Seconds since the kiosk started",
            m.uptime.clone(),
        );
        r.register(
            "caravan_frame_seconds",
            "Time between frames",
            m.frames.clone(),
        );
        r.register(
            "caravan_fixed_tick_seconds",
            "Time one fixed 60 Hz tick took to compute",
            m.ticks.clone(),
        );
        r.register(
            "caravan_tick_overruns",
            "Fixed 60 Hz ticks that took longer than 1/60 s",
            m.tick_overruns.clone(),
        );
        r.register(
            "caravan_sessions",
            "Visitor sessions ended, per exhibit",
            m.sessions.clone(),
        );
        r.register(
            "caravan_interactions",
            "Touches and presses in ended sessions, per exhibit",
            m.interactions.clone(),
        );
        r.register(
            "caravan_idle_resets",
            "Sessions ended by the idle reset (the visitor walked away)",
            m.idle_resets.clone(),
        );
        r.register(
            "caravan_pack_load_failures",
            "Problems that kept a pack (or its new version) from showing, at start and at reloads",
            m.pack_load_failures.clone(),
        );
        r.register(
            "caravan_pack_info",
            "The packs shown, with their versions",
            m.packs.clone(),
        );
        r.register(
            "caravan_showing",
            "The screen showing now, and its exhibit",
            m.showing.clone(),
        );
        r.register(
            "caravan_safe_mode",
            "1 while the kiosk runs in crash-loop safe mode",
            m.safe_mode.clone(),
        );
        r.register(
            "caravan_resident_memory_bytes",
            "Resident memory of the kiosk process",
            m.memory.clone(),
        );
        m
    }
}

#[derive(Resource, Clone)]
pub struct SharedMetrics(Metrics);

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
    let mut registry = Registry::default();
    let shared = SharedMetrics(Metrics::new(&mut registry));
    let served = (Arc::new(registry), shared.0.clone());
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
    let Some(t) = start.0 else {
        return;
    };
    let d = t.elapsed().as_secs_f64();
    shared.0.ticks.observe(d);
    if d > TICK_BUDGET_S {
        shared.0.tick_overruns.inc();
    }
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn frame(
    shared: Res<SharedMetrics>,
    time: Res<Time<Real>>,
    mut ended: MessageReader<SessionEnded>,
    shown: Res<Shown>,
    screen: Res<State<Screen>>,
    active: Option<Res<ActiveExhibit>>,
    safe: Option<Res<SafeMode>>,
    mut was_resting: Local<bool>,
) {
    let m = &shared.0;
    // Resting after hours the kiosk draws a frame a second on purpose: those frames (and the
    // one that wakes it) are not frame times, and would fill the slowest bucket every night.
    let resting = *screen.get() == Screen::Closed;
    if !resting && !*was_resting {
        m.frames.observe(time.delta_secs_f64());
    }
    *was_resting = resting;
    for e in ended.read() {
        let s = &e.0;
        let exhibit = labels(&[("exhibit", &s.exhibit)]);
        m.sessions.get_or_create(&exhibit).inc();
        m.interactions
            .get_or_create(&exhibit)
            .inc_by(s.interactions);
        if s.ended_by == "idle_reset" {
            m.idle_resets.inc();
        }
    }
    if shown.is_changed() {
        m.pack_load_failures.inc_by(shown.problems.len() as u64);
        m.packs.clear();
        for p in &shown.catalogue.packs {
            let name = crate::descriptor::localized(&p.manifest.name, "en");
            let dir = p.dir.display().to_string();
            m.packs
                .get_or_create(&labels(&[
                    ("pack", name),
                    ("version", &p.manifest.version),
                    ("dir", &dir),
                ]))
                .set(1);
        }
    }
    if screen.is_changed() || active.as_ref().is_some_and(|a| a.is_changed()) {
        m.showing.clear();
        let exhibit = active.map(|a| a.descriptor.id.clone()).unwrap_or_default();
        m.showing
            .get_or_create(&labels(&[
                ("screen", &format!("{:?}", screen.get())),
                ("exhibit", &exhibit),
            ]))
            .set(1);
    }
    m.safe_mode.set(i64::from(safe.is_some()));
}

fn serve(listener: TcpListener, served: (Arc<Registry>, Metrics), started: Instant) {
    for stream in listener.incoming().flatten() {
        let _ = answer(stream, &served, started);
    }
}

fn answer(
    stream: TcpStream,
    (registry, m): &(Arc<Registry>, Metrics),
    started: Instant,
) -> std::io::Result<()> {
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
            m.uptime.set(started.elapsed().as_secs_f64());
            m.memory.set(crate::memory::rss_bytes() as i64);
            let mut text = String::new();
            let _ = encode(&mut text, registry);
            ("200 OK", CONTENT_TYPE, text)
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
