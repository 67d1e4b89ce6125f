//! Talking to the supervisor (systemd, `deploy/caravan.service`, `Type=notify`): `READY=1`
//! once the first frame has run, `WATCHDOG=1` from the main loop every second (a hung render
//! loop or a stuck fixed tick stops them, and systemd restarts the kiosk after `WatchdogSec=`),
//! and `STATUS=` with the screen and exhibit showing. Without `NOTIFY_SOCKET` (not started by
//! systemd) it does nothing.

use super::Screen;
use crate::exhibits::ActiveExhibit;
use bevy::prelude::*;
use sd_notify::NotifyState;
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;

/// Seconds between watchdog pings (systemd's `WatchdogSec=` is 30 in the shipped unit).
pub const PING_EVERY_S: f64 = 1.0;

/// Where the supervisor listens: `$NOTIFY_SOCKET`, or a test's socket.
#[derive(Resource)]
pub(super) struct Supervisor {
    socket: PathBuf,
    ready: bool,
    last_ping: f64,
    status: String,
}

/// The socket systemd gave this process, if any.
pub fn socket_from_env() -> Option<PathBuf> {
    std::env::var_os("NOTIFY_SOCKET")
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
}

pub(super) fn plugin(app: &mut App, socket: Option<PathBuf>) {
    let Some(socket) = socket else { return };
    app.insert_resource(Supervisor {
        socket,
        ready: false,
        last_ping: f64::NEG_INFINITY,
        status: String::new(),
    });
    // Last: a frame that got here has run every schedule, the fixed ticks included.
    app.add_systems(Last, tell_supervisor);
}

fn tell_supervisor(
    mut s: ResMut<Supervisor>,
    time: Res<Time<Real>>,
    screen: Res<State<Screen>>,
    active: Option<Res<ActiveExhibit>>,
) {
    let mut states = Vec::new();
    if !s.ready {
        s.ready = true;
        states.push(NotifyState::Ready);
    }
    let now = time.elapsed_secs_f64();
    if now - s.last_ping >= PING_EVERY_S {
        s.last_ping = now;
        states.push(NotifyState::Watchdog);
    }
    let status = super::showing(screen.get(), active.as_deref());
    let changed = status != s.status;
    if changed {
        s.status = status;
        states.push(NotifyState::Status(&s.status));
    }
    if states.is_empty() {
        return;
    }
    let msg: String = states.iter().map(|st| format!("{st}\n")).collect();
    match send(&s.socket, &msg) {
        Ok(()) => {}
        // Its queue is full: the next ping follows in a second.
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Err(e) => warn!("cannot tell the supervisor ({}): {e}", s.socket.display()),
    }
}

/// One datagram to the supervisor's socket (a path, or `@name` in the abstract namespace).
/// Never blocks: a supervisor slow to read loses a message, the kiosk does not stall a frame.
fn send(socket: &std::path::Path, msg: &str) -> std::io::Result<()> {
    let sock = UnixDatagram::unbound()?;
    sock.set_nonblocking(true)?;
    let name = socket.as_os_str().as_encoded_bytes();
    if let Some(abstract_name) = name.strip_prefix(b"@") {
        use std::os::linux::net::SocketAddrExt;
        let addr = std::os::unix::net::SocketAddr::from_abstract_name(abstract_name)?;
        sock.send_to_addr(msg.as_bytes(), &addr)?;
    } else {
        sock.send_to(msg.as_bytes(), socket)?;
    }
    Ok(())
}
