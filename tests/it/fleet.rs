//! What a museum running kiosks unattended relies on, on the headless kiosk: safe mode, the
//! usage database, the Prometheus endpoint (checked by promtool and a real Prometheus), the
//! systemd supervisor and unit, and pack updates reaching a running kiosk.

use crate::support::*;
use bevy::prelude::*;
use caravan::kiosk::{self, RunArgs, Screen, UiButton};

use crate::headless::*;

#[test]
fn safe_mode_shows_the_built_in_pack_only_and_the_operator_why() {
    let packs = vec![builtin_pack(), museum_pack()];
    let mut app = kiosk_with(RunArgs {
        packs: packs.clone(),
        start: Some(Screen::Launcher),
        ..RunArgs::default()
    });
    run(&mut app, 0.5);
    assert!(all_tiles(&mut app).contains(&"museum_cups".to_string()));

    let why = "safe mode: the kiosk started 3 times within 60 s\nlast panic: boom";
    let mut app = kiosk_with(RunArgs {
        packs,
        start: Some(Screen::Launcher),
        safe_mode: Some(why.into()),
        ..RunArgs::default()
    });
    run(&mut app, 0.5);
    let tiles = kiosk::tiles(app.world_mut());
    assert!(!tiles.contains(&"museum_cups".to_string()), "{tiles:?}");
    assert!(tiles.contains(&"bernoulli_cups".to_string()), "{tiles:?}");
    open_pin_pad(&mut app);
    enter_pin(&mut app, "2468");
    let texts = kiosk::texts_on_screen(app.world_mut());
    assert!(
        texts
            .iter()
            .any(|t| t.contains("▲ safe mode: the kiosk started 3 times"))
            && texts.iter().any(|t| t.contains("▲ last panic: boom")),
        "{texts:?}"
    );
    // Every character on the operator's screen has a glyph (a missing one is a blank).
    let missing = crate::kiosk::no_glyph(&texts.concat());
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn sessions_are_recorded_with_how_they_ended() {
    let db = scratch("kiosk-usage").join("usage.sqlite");
    {
        let mut app = kiosk_with(RunArgs {
            start: Some(Screen::Launcher),
            usage_db: Some(db.clone()),
            ..RunArgs::default()
        });
        run(&mut app, 0.5);
        // Cups: three taps on its controls, then Home (a fourth press).
        assert!(kiosk::press(
            app.world_mut(),
            UiButton::Tile("bernoulli_cups".into())
        ));
        run(&mut app, 2.0);
        for _ in 0..3 {
            let r = kiosk::control_rects(app.world_mut())[0];
            kiosk::tap(app.world_mut(), r.center());
            run(&mut app, 1.0);
        }
        assert!(kiosk::press(app.world_mut(), UiButton::Home));
        run(&mut app, 1.0);
        // Turntable: a language switch ends the Chinese session and starts an English
        // one, which the visitor walks away from.
        assert!(kiosk::press(
            app.world_mut(),
            UiButton::Tile("music_turntable".into())
        ));
        run(&mut app, 5.0);
        assert!(kiosk::press(app.world_mut(), UiButton::Language));
        run(&mut app, 95.0 + 15.0);
        assert_eq!(screen(&app), Screen::Attract);
    } // The app goes: the writer commits what it holds.
    let db = caravan::usage::Db::open_read(&db).unwrap();
    let s = db.sessions(None, None).unwrap();
    let what: Vec<(&str, &str, &str, u64)> = s
        .iter()
        .map(|s| {
            (
                s.exhibit.as_str(),
                s.language.as_str(),
                s.ended_by.as_str(),
                s.interactions,
            )
        })
        .collect();
    assert_eq!(
        what,
        [
            ("bernoulli_cups", "zh-CN", "home", 4),
            ("music_turntable", "zh-CN", "language", 1),
            ("music_turntable", "en", "idle_reset", 0),
        ]
    );
    assert!((s[0].dwell_s - 5.0).abs() < 0.6, "{:?}", s[0]);
    assert!((s[1].dwell_s - 5.0).abs() < 0.6, "{:?}", s[1]);
    // Walked away: nobody touched it, so no use, though it stayed on screen 100 s.
    assert!(s[2].dwell_s < 0.6, "{:?}", s[2]);
    assert_eq!(s[0].pack_version, "1.0.0");
    let kinds: Vec<String> = db.events().unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds[..2], ["start".to_string(), "pack_load".to_string()]);
}

fn kiosk_with_metrics(name: &str) -> (App, std::net::SocketAddr) {
    let config = scratch(name).join("kiosk.ron");
    std::fs::write(&config, r#"(metrics_listen: Some("127.0.0.1:0"))"#).unwrap();
    let mut app = kiosk_with(RunArgs {
        config: Some(config),
        start: Some(Screen::Launcher),
        ..RunArgs::default()
    });
    let addr = app.world().resource::<kiosk::metrics::MetricsAddr>().0;
    run(&mut app, 0.5);
    (app, addr)
}

#[test]
fn the_metrics_endpoint_counts_sessions_and_passes_promtool() {
    let (mut app, addr) = kiosk_with_metrics("metrics");
    assert!(kiosk::press(
        app.world_mut(),
        UiButton::Tile("bernoulli_cups".into())
    ));
    run(&mut app, 2.0);
    assert!(kiosk::press(app.world_mut(), UiButton::Home));
    run(&mut app, 1.0);
    let page = http_get(addr, "/metrics");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    for want in [
        "caravan_build_info{version=\"",
        "caravan_uptime_seconds ",
        "caravan_sessions_total{exhibit=\"bernoulli_cups\"} 1",
        "caravan_interactions_total{exhibit=\"bernoulli_cups\"} 1",
        "caravan_idle_resets_total 0",
        "caravan_pack_load_failures_total 0",
        "caravan_pack_info{pack=\"",
        "caravan_showing{screen=\"Launcher\",exhibit=\"\"} 1",
        "caravan_safe_mode 0",
        "caravan_resident_memory_bytes ",
        "caravan_frame_seconds_bucket{le=\"+Inf\"}",
        "caravan_fixed_tick_seconds_count ",
        "caravan_tick_overruns_total ",
    ] {
        assert!(page.contains(want), "no {want:?} in\n{page}");
    }
    assert!(http_get(addr, "/").starts_with("HTTP/1.1 404"));
    // Every metric the shipped Grafana dashboard queries is on the page.
    let dash: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("deploy/grafana-caravan.json")).unwrap(),
    )
    .unwrap();
    for p in dash["panels"].as_array().unwrap() {
        let expr = p["targets"][0]["expr"].as_str().unwrap();
        for name in expr
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with("caravan_"))
        {
            assert!(page.contains(&format!("\n{name}")), "{name} in {expr:?}");
        }
    }
    // Prometheus's own checker, where installed (`make test` installs it).
    let body = page.split("\r\n\r\n").nth(1).unwrap().to_string();
    match std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Err(_) => eprintln!("SKIPPED promtool: not installed (Debian: prometheus)"),
        Ok(mut child) => {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(body.as_bytes())
                .unwrap();
            let o = child.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}

#[test]
fn a_real_prometheus_scrapes_the_kiosk() {
    if std::process::Command::new("prometheus")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!(
            "SKIPPED: prometheus is not installed (Debian: prometheus); `make test` installs it"
        );
        return;
    }
    let (mut app, addr) = kiosk_with_metrics("metrics-prom");
    let dir = scratch("prometheus");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // deploy/prometheus.yml's job, pointed at this kiosk and scraping every second.
    let shipped = std::fs::read_to_string(repo().join("deploy/prometheus.yml")).unwrap();
    let config = shipped
        .replace("scrape_interval: 15s", "scrape_interval: 1s")
        .replace("'kiosk-01.museum.lan:9469'", &format!("'{addr}'"));
    assert!(config.contains(&addr.to_string()), "{config}");
    std::fs::write(dir.join("prometheus.yml"), config).unwrap();
    let mut server = std::process::Command::new("prometheus")
        .arg(format!(
            "--config.file={}",
            dir.join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let api = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let query = |q: &str| http_get(api, &format!("/api/v1/query?query={q}"));
    // Keeps the kiosk running until Prometheus answers `q` with a body containing `want`.
    let wait_for = |app: &mut App, q: &str, want: &str| -> String {
        let mut seen = String::new();
        for _ in 0..80 {
            run(app, 0.25);
            std::thread::sleep(std::time::Duration::from_millis(250));
            if std::net::TcpStream::connect(api).is_ok() {
                seen = query(q);
                if seen.contains(want) {
                    break;
                }
            }
        }
        seen
    };
    // The target is up…
    let up = wait_for(&mut app, "up", "\"value\":[");
    // …a scripted session at the cups…
    assert!(kiosk::press(
        app.world_mut(),
        UiButton::Tile("bernoulli_cups".into())
    ));
    run(&mut app, 2.0);
    assert!(kiosk::press(app.world_mut(), UiButton::Home));
    run(&mut app, 0.5);
    // …and the counter moved, as Prometheus stored it.
    let sessions = wait_for(&mut app, "caravan_sessions_total", "\"1\"]");
    let info = query("caravan_build_info");
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        up.contains("\"job\":\"caravan\"") && up.contains(",\"1\"]"),
        "{up}"
    );
    assert!(
        sessions.contains("\"exhibit\":\"bernoulli_cups\"") && sessions.contains(",\"1\"]"),
        "{sessions}"
    );
    assert!(info.contains(env!("CARGO_PKG_VERSION")), "{info}");
}

#[test]
fn the_supervisor_hears_ready_then_pings_that_stop_when_the_loop_does() {
    use std::os::unix::net::UnixDatagram;
    use std::time::{Duration, Instant};
    let path = scratch("notify").join("notify.sock");
    let sock = UnixDatagram::bind(&path).unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    let heard = |sock: &UnixDatagram| {
        let mut all = String::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = sock.recv(&mut buf) {
            all.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        all
    };
    let mut app = kiosk_with(RunArgs {
        notify_socket: Some(path.clone()),
        ..RunArgs::default()
    });
    let first = heard(&sock);
    assert!(first.starts_with("READY=1\n"), "{first:?}");
    assert!(
        first.contains("WATCHDOG=1") && first.contains("STATUS=Attract"),
        "{first:?}"
    );
    assert_eq!(first.matches("READY=1").count(), 1, "{first:?}");
    // The loop runs: pings keep coming, about one a second.
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs_f64(3.0 * kiosk::PING_EVERY_S) {
        app.update();
        std::thread::sleep(Duration::from_millis(50));
    }
    let running = heard(&sock);
    assert!(running.matches("WATCHDOG=1").count() >= 2, "{running:?}");
    // The loop stops (a hang): so do the pings.
    std::thread::sleep(Duration::from_secs_f64(2.5 * kiosk::PING_EVERY_S));
    assert!(!heard(&sock).contains("WATCHDOG"));
    // And the status follows the screen.
    kiosk::tap(app.world_mut(), Vec2::new(640.0, 400.0));
    app.update();
    app.update();
    assert!(heard(&sock).contains("STATUS=Launcher"));
}

#[test]
fn the_systemd_unit_verifies_where_systemd_is() {
    let unit = std::fs::read_to_string(repo().join("deploy/caravan.service")).unwrap();
    for needed in [
        "Type=notify",
        "WatchdogSec=",
        "Restart=always",
        "RestartSec=",
        "LogsDirectory=",
        "StateDirectory=",
    ] {
        assert!(unit.contains(needed), "{needed}");
    }
    if std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: systemd-analyze is not installed here");
        return;
    }
    // Checked with the binary this test run built in place of the installed one.
    let dir = scratch("unit");
    let f = dir.join("caravan.service");
    let unit = unit
        .replace("/opt/caravan/caravan", env!("CARGO_BIN_EXE_caravan"))
        .replace(
            "WorkingDirectory=/opt/caravan",
            &format!("WorkingDirectory={}", repo().display()),
        );
    std::fs::write(&f, unit).unwrap();
    // (System mode: `--user` needs a user manager, which a container or CI lacks; the
    // unit's keys and values are checked the same.)
    let o = std::process::Command::new("systemd-analyze")
        .args(["verify", f.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    if err.contains("Failed to initialize manager") {
        eprintln!("SKIPPED: systemd-analyze cannot run here: {err}");
        return;
    }
    assert!(o.status.success(), "{err}");
    let complaints: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("caravan.service"))
        .collect();
    assert!(complaints.is_empty(), "{err}");
}

#[test]
fn a_changed_pack_waits_until_the_visitor_leaves_the_exhibit() {
    let pack = scratch("deferred-pack");
    copy_pack(&pack);
    let f = pack.join("bernoulli_cups.exhibit.ron");
    let original = std::fs::read_to_string(&f).unwrap();
    let retitled = original.replacen(r#""en": "Bernoulli cups""#, r#""en": "New cups""#, 1);
    for (at_once, name) in [(false, "deferred-config"), (true, "author-config")] {
        std::fs::write(&f, &original).unwrap();
        let config = scratch(name).join("kiosk.ron");
        std::fs::write(&config, format!("(reload_at_once: {at_once})")).unwrap();
        let mut app = kiosk_with(RunArgs {
            packs: vec![pack.clone()],
            config: Some(config),
            exhibit: Some("bernoulli_cups".into()),
            lang: Some("en".into()),
            ..RunArgs::default()
        });
        run(&mut app, 0.5);
        assert_eq!(screen(&app), Screen::Exhibit);
        std::fs::write(&f, &retitled).unwrap();
        run(&mut app, 6.0);
        let shows = |app: &mut App, t: &str| {
            kiosk::texts_on_screen(app.world_mut())
                .iter()
                .any(|x| x == t)
        };
        if at_once {
            // An author's kiosk shows every save, under the fingers too.
            assert!(shows(&mut app, "New cups"));
            continue;
        }
        // The child's exhibit stays as it was…
        assert!(shows(&mut app, "Bernoulli cups"));
        assert!(!shows(&mut app, "New cups"));
        // …and the launcher has the new version.
        assert!(kiosk::press(app.world_mut(), UiButton::Home));
        run(&mut app, 1.5);
        assert_eq!(screen(&app), Screen::Launcher);
        assert!(
            shows(&mut app, "New cups"),
            "{:?}",
            kiosk::texts_on_screen(app.world_mut())
        );
    }
}

#[test]
fn an_installed_pack_update_reaches_the_running_kiosk() {
    let root = scratch("install-live");
    let packs = root.join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    let v1 = root.join("v1/museum");
    copy_pack(&v1);
    caravan::pack::install::install(&v1, &packs).unwrap();
    let mut app = kiosk_with(RunArgs {
        packs: vec![packs.clone()],
        start: Some(Screen::Launcher),
        lang: Some("en".into()),
        ..RunArgs::default()
    });
    run(&mut app, 0.5);
    assert!(kiosk::tiles(app.world_mut()).contains(&"bernoulli_cups".to_string()));
    let v2 = root.join("v2/museum");
    copy_pack(&v2);
    let f = v2.join("bernoulli_cups.exhibit.ron");
    let src = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        src.replacen(r#""en": "Bernoulli cups""#, r#""en": "Cups 2""#, 1),
    )
    .unwrap();
    caravan::pack::install::install(&v2, &packs).unwrap();
    run(&mut app, 4.0);
    assert!(
        kiosk::texts_on_screen(app.world_mut())
            .iter()
            .any(|t| t == "Cups 2"),
        "{:?}",
        kiosk::texts_on_screen(app.world_mut())
    );
}

#[test]
fn live_reload_waits_for_still_files_and_keeps_the_last_good_version() {
    let pack = scratch("live-pack");
    copy_pack(&pack);
    let mut app = kiosk_with(RunArgs {
        packs: vec![pack.clone()],
        start: Some(Screen::Launcher),
        lang: Some("en".into()),
        ..RunArgs::default()
    });
    let f = pack.join("bernoulli_cups.exhibit.ron");
    let original = std::fs::read_to_string(&f).unwrap();
    let titled =
        |t: &str| original.replacen(r#""en": "Bernoulli cups""#, &format!(r#""en": "{t}""#), 1);
    let shows = |app: &mut App, t: &str| {
        kiosk::texts_on_screen(app.world_mut())
            .iter()
            .any(|x| x == t)
    };
    // A file that keeps changing (being copied in) is not read…
    for i in 0..8 {
        std::fs::write(&f, titled(&format!("Cups {i}"))).unwrap();
        run(&mut app, 0.5);
    }
    assert!(shows(&mut app, "Bernoulli cups"));
    // …once still for two seconds, it is.
    run(&mut app, 3.0);
    assert!(shows(&mut app, "Cups 7"));
    // A broken save: the kiosk keeps the last good version.
    std::fs::write(&f, titled("Broken") + "\n) stray").unwrap();
    run(&mut app, 3.5);
    assert!(shows(&mut app, "Cups 7"));
    assert!(!shows(&mut app, "Broken"));
}
