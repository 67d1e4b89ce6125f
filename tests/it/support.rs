//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn builtin_pack() -> PathBuf {
    repo().join("exhibits")
}

pub fn builtin_file(id: &str) -> PathBuf {
    builtin_pack().join(format!("{id}.exhibit.ron"))
}

/// Runs the `caravan` binary in the repository root.
pub fn caravan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caravan"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the caravan binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether `xvfb-run` is here to give the kiosk a screen; if not, says the test is skipped.
pub fn has_xvfb() -> bool {
    let here = Command::new("xvfb-run").arg("--help").output().is_ok();
    if !here {
        eprintln!(
            "SKIPPED: xvfb-run is not installed (Debian: xvfb mesa-vulkan-drivers); `make test` installs it"
        );
    }
    here
}

/// Whether a render under xvfb failed for want of a Vulkan device; if so, says the test is
/// skipped.
pub fn no_vulkan(o: &Output) -> bool {
    let log = stderr(o);
    let none = !o.status.success()
        && (log.contains("No Vulkan")
            || log.contains("Unable to find a GPU")
            || log.contains("no adapter"));
    if none {
        eprintln!(
            "SKIPPED: no Vulkan device here (install mesa-vulkan-drivers): {}",
            log.lines().last().unwrap_or("")
        );
    }
    none
}

/// A fresh scratch folder under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("caravan-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Line and column (1-based, in characters) of the first `needle` in `text`.
pub fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// A copy of the built-in pack that lists its first three exhibits only, one of each kind
/// the command-line tests spell out (the built-in pack may grow).
pub fn core_pack(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_pack(&dir);
    std::fs::write(
        dir.join("pack.ron"),
        r#"(
    name: { "zh-CN": "基础展品", "en": "Core exhibits" },
    version: "1.0.0",
    requires_runtime: "0.1",
    exhibits: ["bernoulli_cups.exhibit.ron", "music_turntable.exhibit.ron", "airflow_obstacle.exhibit.ron"],
)
"#,
    )
    .unwrap();
    dir
}

/// Copies the built-in pack, its folders too, to `to`.
pub fn copy_pack(to: &Path) {
    caravan::pack::copy_folder(&builtin_pack(), to).unwrap();
}

/// The body of `GET path` from `addr`.
pub fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// A message a person can read: one line, under 400 characters, no NaN and no run of 20
/// digits (a number printed in full, as 1e300 was).
pub fn assert_readable(line: &str) {
    let digits = line
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(
        !line.contains('\n') && !line.contains("NaN") && digits < 20 && line.len() < 400,
        "{line}"
    );
}

/// Where the plane point `at` (z = 0, a data kind's page) of the running exhibit shows, as a
/// finger would land.
pub fn on_screen(sim: &caravan::sim::Simulation, at: [f64; 2]) -> [f64; 2] {
    use caravan::exhibits::{ActiveExhibit, ViewAspect, view_of};
    let w = sim.app.world();
    let cam = &w.resource::<ActiveExhibit>().descriptor.scene.camera;
    let at = bevy::math::Vec3::new(at[0] as f32, at[1] as f32, 0.0);
    view_of(cam, w.resource::<ViewAspect>().0, at).expect("on screen")
}

/// Each exhibit of `pack` (a folder of the repository) simulated twice for `ticks`: the same
/// bytes both times, no NaN.
pub fn simulates_byte_identical_twice(pack: &str, ids: &[&str], ticks: &str) {
    for id in ids {
        let args = ["simulate", id, "--pack", pack, "--ticks", ticks];
        let (a, b) = (caravan(&args), caravan(&args));
        assert!(a.status.success(), "{id}: {}", stderr(&a));
        assert_eq!(stdout(&a), stdout(&b), "{id}");
        assert!(!stdout(&a).contains("NaN"), "{id}");
    }
}

/// `caravan new DIR --kind KIND` writes a starter that validates, simulates and verifies.
pub fn starter_validates_simulates_and_verifies(kind: &str) {
    let dir = scratch(&format!("new-{kind}")).join(format!("my-{kind}"));
    let o = caravan(&["new", dir.to_str().unwrap(), "--kind", kind]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = caravan(&["validate", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let p = dir.to_str().unwrap();
    let o = caravan(&["simulate", "starter", "--pack", p, "--ticks", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = caravan(&["verify", "--pack", p]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("starter: "), "{}", stdout(&o));
}
