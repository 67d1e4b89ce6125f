//! The kiosk's usage figures (see `crate::usage`): one session per visitor at an exhibit,
//! opened when its screen shows and closed by Home (`home`), the idle reset (`idle_reset`),
//! a language switch (`language`, and a new session in the new language), a live reload of
//! the pack (`reload`), the operator's screen (`operator`) or the kiosk quitting (`quit`);
//! and the kiosk's own events: `start` or `safe_start`, and each pack loaded or refused at
//! start and at every reload. Each ended session is a [`SessionEnded`] message, which the
//! metrics count too; with a database, the usage thread writes them and nothing here waits
//! for the disk.

use super::input::Idle;
use super::safe_mode::SafeMode;
use super::{Lang, Screen, Shown};
use crate::exhibits::ActiveExhibit;
use crate::usage::writer::{Record, Writer};
use crate::usage::{KioskEvent, Session, iso_utc};
use bevy::prelude::*;
use bevy::state::state::StateTransitionEvent;
use std::path::Path;

/// The session under way, if any.
#[derive(Resource)]
pub struct Sessions {
    /// Unix time when the app's clock read zero.
    epoch: f64,
    open: Option<Open>,
}

/// The database writer, when the kiosk keeps usage figures.
#[derive(Resource)]
struct UsageWriter(Writer);

/// A visitor's session ended.
#[derive(Message, Clone, Debug)]
pub struct SessionEnded(pub Session);

struct Open {
    started: f64,
    exhibit: String,
    pack_version: String,
    language: String,
    presses: u64,
    last_active: f64,
}

/// Sessions always; with `db`, their figures written there (an error there leaves the kiosk
/// running without them).
pub(super) fn plugin(app: &mut App, db: Option<&Path>) {
    app.add_message::<SessionEnded>();
    app.insert_resource(Sessions {
        epoch: super::safe_mode::now_s(),
        open: None,
    });
    app.add_systems(Last, sessions);
    app.add_systems(Update, quit);
    let Some(db) = db else {
        return;
    };
    match Writer::start(db) {
        Ok(w) => {
            info!("usage figures go to {}", db.display());
            app.insert_resource(UsageWriter(w));
            app.add_systems(
                Last,
                (kiosk_events, write_sessions.after(sessions))
                    .run_if(resource_exists::<UsageWriter>),
            );
        }
        Err(e) => error!("usage figures are off: {e}"),
    }
}

fn write_sessions(mut ended: MessageReader<SessionEnded>, writer: Res<UsageWriter>) {
    for e in ended.read() {
        writer.0.send(Record::Session(e.0.clone()));
    }
}

fn now(sessions: &Sessions, time: &Time<Real>) -> f64 {
    sessions.epoch + time.elapsed_secs_f64()
}

/// `start`/`safe_start` once; `pack_load`/`pack_refused` whenever the packs are (re)loaded.
fn kiosk_events(
    writer: Res<UsageWriter>,
    sessions: Res<Sessions>,
    time: Res<Time<Real>>,
    shown: Res<Shown>,
    safe: Option<Res<SafeMode>>,
    mut started: Local<bool>,
) {
    let at = iso_utc(now(&sessions, &time));
    let mut events = Vec::new();
    if !*started {
        *started = true;
        let kind = if safe.is_some() {
            "safe_start"
        } else {
            "start"
        };
        events.push((kind, format!("caravan {}", env!("CARGO_PKG_VERSION"))));
    }
    if shown.is_changed() {
        for p in &shown.catalogue.packs {
            events.push((
                "pack_load",
                format!(
                    "{} {} ({})",
                    p.manifest.version,
                    p.dir.display(),
                    p.exhibits.len()
                ),
            ));
        }
        for d in &shown.problems {
            events.push(("pack_refused", d.to_string()));
        }
    }
    for (kind, detail) in events {
        writer.0.send(Record::Event(KioskEvent {
            at: at.clone(),
            kind: kind.into(),
            detail,
        }));
    }
}

#[allow(clippy::too_many_arguments)]
fn sessions(
    mut usage: ResMut<Sessions>,
    mut ended: MessageWriter<SessionEnded>,
    time: Res<Time<Real>>,
    mut transitions: MessageReader<StateTransitionEvent<Screen>>,
    screen: Res<State<Screen>>,
    lang: Res<Lang>,
    idle: Res<Idle>,
    active: Option<Res<ActiveExhibit>>,
    shown: Res<Shown>,
) {
    let t = now(&usage, &time);
    // Why the open session ends, if it does this frame.
    let mut ended_by = None;
    for tr in transitions.read() {
        if tr.exited == Some(Screen::Exhibit) {
            ended_by = Some(match tr.entered {
                Some(Screen::Exhibit) => "reload",
                Some(Screen::Attract) => "idle_reset",
                Some(Screen::Operator) => "operator",
                _ => "home",
            });
        }
    }
    if let Some(open) = &mut usage.open {
        open.last_active = open.last_active.max(t - idle.seconds);
        if ended_by.is_none() && lang.0 != open.language {
            ended_by = Some("language");
        }
    }
    if let Some(why) = ended_by {
        ended.write_batch(close(&mut usage, t, why, idle.presses));
    }
    if usage.open.is_none()
        && *screen.get() == Screen::Exhibit
        && let Some(a) = active
    {
        let id = a.descriptor.id.clone();
        let pack_version = shown
            .catalogue
            .packs
            .iter()
            .find(|p| p.exhibits.iter().any(|e| e.id == id))
            .map(|p| p.manifest.version.clone())
            .unwrap_or_default();
        usage.open = Some(Open {
            started: t,
            exhibit: id,
            pack_version,
            language: lang.0.clone(),
            presses: idle.presses,
            last_active: t,
        });
    }
}

fn close(usage: &mut Sessions, t: f64, why: &str, presses: u64) -> Option<SessionEnded> {
    let o = usage.open.take()?;
    // For an idle reset, the idle tail and the countdown were nobody's use.
    let end_of_use = if why == "idle_reset" {
        o.last_active
    } else {
        t
    };
    Some(SessionEnded(Session {
        started_at: iso_utc(o.started),
        ended_at: iso_utc(t),
        exhibit: o.exhibit,
        pack_version: o.pack_version,
        language: o.language,
        interactions: presses.saturating_sub(o.presses),
        ended_by: why.into(),
        dwell_s: (end_of_use - o.started).max(0.0),
    }))
}

/// The kiosk is quitting: the open session ends, and the writer commits on its way out.
fn quit(
    mut exits: MessageReader<AppExit>,
    mut usage: ResMut<Sessions>,
    mut ended: MessageWriter<SessionEnded>,
    time: Res<Time<Real>>,
    idle: Res<Idle>,
) {
    if exits.read().next().is_some() {
        let t = now(&usage, &time);
        // This frame's `Last` still runs: the writer gets it there, then commits on its way
        // out as the app drops.
        ended.write_batch(close(&mut usage, t, "quit", idle.presses));
    }
}
