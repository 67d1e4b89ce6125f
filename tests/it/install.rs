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
