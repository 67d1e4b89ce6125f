//! `caravan install`: a pack update switched in atomically, the previous version kept, a broken
//! version refused without touching what runs, and a roll-back (the other subcommands'
//! contract: `cli.rs`).

use crate::support::*;

#[test]
fn install_switches_packs_atomically_keeps_the_previous_and_rolls_back() {
    let root = scratch("install");
    let packs = root.join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    // The museum's pack, version 1.0.0, as a folder named `museum`.
    let v1 = root.join("v1/museum");
    copy_pack(&v1);
    let manifest = std::fs::read_to_string(v1.join("pack.ron")).unwrap();
    let install = |src: &std::path::Path| {
        caravan(&[
            "install",
            src.to_str().unwrap(),
            "--packs",
            packs.to_str().unwrap(),
        ])
    };
    let current = || std::fs::read_link(packs.join("museum")).unwrap();
    let o = install(&v1);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("installed museum 1.0.0"),
        "{}",
        stdout(&o)
    );
    let first = current();
    // The kiosk and `list` read the packs folder: every pack in it.
    let o = caravan(&["list", "--pack", packs.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("bernoulli_cups\tbernoulli_cups"),
        "{}",
        stdout(&o)
    );

    // A broken version is refused and changes nothing.
    let broken = root.join("broken/museum");
    copy_pack(&broken);
    std::fs::write(
        broken.join("bernoulli_cups.exhibit.ron"),
        "(id: \"bernoulli_cups\",",
    )
    .unwrap();
    let o = install(&broken);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not installed; nothing in"),
        "{}",
        stderr(&o)
    );
    assert_eq!(current(), first);

    // Version 1.1.0 replaces it; 1.0.0 is kept.
    let v2 = root.join("v2/museum");
    copy_pack(&v2);
    std::fs::write(
        v2.join("pack.ron"),
        manifest.replace("\"1.0.0\"", "\"1.1.0\""),
    )
    .unwrap();
    let o = install(&v2);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("installed museum 1.1.0") && stdout(&o).contains("1.0.0 kept"));
    assert_ne!(current(), first);
    assert!(
        packs.join(&first).join("pack.ron").is_file(),
        "1.0.0 is kept"
    );
    let now = std::fs::read_to_string(packs.join("museum/pack.ron")).unwrap();
    assert!(now.contains("1.1.0"));
    // No staging folder or temporary link is left behind.
    let stray: Vec<_> = walk_names(&packs)
        .into_iter()
        .filter(|n| n.contains("staging") || n.contains(".link-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");

    // Rollback: 1.0.0 again, and the rolled-back version is gone.
    let rollback = || caravan(&["rollback", "museum", "--packs", packs.to_str().unwrap()]);
    let o = rollback();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("from 1.1.0 to 1.0.0"), "{}", stdout(&o));
    assert_eq!(current(), first);
    let o = rollback();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no earlier version"), "{}", stderr(&o));

    // A pack put there by hand (a plain folder) is kept as the first version at its first
    // install.
    let hand = packs.join("byhand");
    copy_pack(&hand);
    let v = root.join("new/byhand");
    copy_pack(&v);
    let o = install(&v);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(hand.is_symlink());
    let o = caravan(&["rollback", "byhand", "--packs", packs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

fn walk_names(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        out.push(e.file_name().to_string_lossy().into_owned());
        if e.file_type().unwrap().is_dir() {
            out.extend(walk_names(&e.path()));
        }
    }
    out
}

/// `caravan ARGS`, killed and failed if it runs past 60 s (a pipe once hung `install`).
fn caravan_within_a_minute(args: &[&str]) -> std::process::Output {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_caravan"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            let o = child.wait_with_output().unwrap();
            panic!("caravan {args:?} hung; stderr so far: {}", stderr(&o));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Every file of `dir`, with its bytes (links not followed): what a refused install must not
/// change.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            out.extend(snapshot(&p));
        } else if ft.is_symlink() {
            out.push((
                p.clone(),
                std::fs::read_link(&p)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            ));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_pack_holds_only_folders_and_files_and_validate_and_install_agree() {
    let root = scratch("install-strangers");
    let packs = root.join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    let good = root.join("good/museum");
    copy_pack(&good);
    let install = |src: &std::path::Path| {
        caravan_within_a_minute(&[
            "install",
            src.to_str().unwrap(),
            "--packs",
            packs.to_str().unwrap(),
        ])
    };
    // A staging folder and a link that a killed install left (its process long gone) are
    // cleaned up by the next install; a link to a file inside the pack is copied as the file.
    let versions = packs.join(".versions/museum");
    std::fs::create_dir_all(versions.join(".staging-4294967/sounds")).unwrap();
    std::fs::write(versions.join(".staging-4294967/sounds/half.wav"), b"RIFF").unwrap();
    std::os::unix::fs::symlink("nowhere", packs.join(".museum.link-4294967")).unwrap();
    std::os::unix::fs::symlink("../pack.ron", good.join("sounds/manifest-copy.txt")).unwrap();
    let o = install(&good);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stray: Vec<_> = walk_names(&packs)
        .into_iter()
        .filter(|n| n.contains("staging") || n.contains(".link-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    let copied = packs.join("museum/sounds/manifest-copy.txt");
    assert!(!copied.is_symlink() && copied.is_file());
    let installed = snapshot(&packs);

    let fifo = root.join("fifo/museum");
    copy_pack(&fifo);
    let pipe = fifo.join("sounds/extra.wav");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let links = root.join("links/museum");
    copy_pack(&links);
    std::os::unix::fs::symlink("/etc/hostname", links.join("notes.txt")).unwrap();
    std::os::unix::fs::symlink("sounds", links.join("more-sounds")).unwrap();
    std::os::unix::fs::symlink("gone.wav", links.join("sounds/gone-link.wav")).unwrap();
    let socket = root.join("socket/museum");
    copy_pack(&socket);
    let _listener = std::os::unix::net::UnixListener::bind(socket.join("kiosk.sock")).unwrap();
    let cases: [(&std::path::Path, &str, &[&str]); 5] = [
        (
            &fifo,
            "sounds/extra.wav",
            &["is a named pipe, not a file", "remove it"],
        ),
        (
            &links,
            "notes.txt",
            &[
                "a link out of the pack (to `/etc/hostname`)",
                "copy the file into the pack",
            ],
        ),
        (&links, "more-sounds", &["a link to the folder `sounds`"]),
        (
            &links,
            "sounds/gone-link.wav",
            &["a link to `gone.wav`, which is not there"],
        ),
        (&socket, "kiosk.sock", &["is a socket, not a file"]),
    ];
    for (src, rel, says) in cases {
        let line = format!("{}:1:1: error: ", src.join(rel).display());
        for out in [
            caravan_within_a_minute(&["validate", src.to_str().unwrap()]),
            install(src),
        ] {
            assert_eq!(out.status.code(), Some(1), "{rel}");
            let text = format!("{}{}", stdout(&out), stderr(&out));
            let l = text.lines().find(|l| l.starts_with(&line));
            assert!(
                l.is_some_and(|l| says.iter().all(|s| l.contains(s))),
                "{rel}: {says:?} in\n{text}"
            );
        }
        assert_eq!(
            snapshot(&packs),
            installed,
            "{rel}: the installed pack changed"
        );
    }

    // An exhibit file over its limit says so, as validating the file alone does (it was
    // called a link).
    let huge = root.join("huge/museum");
    copy_pack(&huge);
    let file = huge.join("bernoulli_cups.exhibit.ron");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(17 << 20)
        .unwrap();
    for args in [
        vec!["validate", huge.to_str().unwrap()],
        vec!["validate", file.to_str().unwrap()],
    ] {
        let o = caravan_within_a_minute(&args);
        assert_eq!(o.status.code(), Some(1));
        let text = stdout(&o);
        assert!(
            text.contains("17825792 bytes, over the limit of 262144")
                && !text.contains("leaves the pack"),
            "{args:?}: {text}"
        );
    }
}
