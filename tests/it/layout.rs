//! The code's shape: no circle of imports between the files of `src/` (a file that reaches,
//! through others, back to itself). A submodule using its parent's items is part of the
//! parent and does not count; a parent using its child, and files using each other, do.

use crate::support::repo;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The module path of a source file: `src/kiosk/mod.rs` → `kiosk`, `src/kiosk/theme.rs` →
/// `kiosk::theme`, `src/lib.rs` → `` (the crate).
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    parts.join("::")
}

fn files(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("main.rs") {
            let rel = p.strip_prefix(root).unwrap();
            out.push((module_of(rel), std::fs::read_to_string(&p).unwrap()));
        }
    }
}

/// The paths a file names from `crate::` or `super::`, made absolute (brace groups opened
/// one level), comments left out.
fn paths_named(module: &str, text: &str, is_dir_module: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        let boundary = i == 0
            || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
        if boundary && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            // Read the path up to what cannot be in it, a brace group whole.
            let mut j = i;
            let mut depth = 0;
            while j < chars.len() {
                let c = chars[j];
                if c == '{' {
                    depth += 1;
                } else if c == '}' {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                } else if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') {
                    break;
                }
                j += 1;
            }
            let path: String = chars[i..j].iter().collect();
            for p in expand(&path) {
                out.push(absolute(module, &p, is_dir_module));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// `a::{b, c::d}` → `a::b`, `a::c::d` (one level is enough for the heads).
fn expand(path: &str) -> Vec<String> {
    match path.find('{') {
        None => vec![path.to_string()],
        Some(k) => {
            let head = &path[..k];
            let inner = path[k + 1..].trim_end_matches('}');
            let mut items = Vec::new();
            let (mut depth, mut start) = (0, 0);
            for (n, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&inner[start..n]);
                        start = n + 1;
                    }
                    _ => {}
                }
            }
            items.push(&inner[start..]);
            items
                .into_iter()
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "self")
                .map(|s| format!("{head}{}", s.split('{').next().unwrap_or("")))
                .collect()
        }
    }
}

fn absolute(module: &str, path: &str, is_dir_module: bool) -> Vec<String> {
    let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_string).collect()
    };
    if segs.first() == Some(&"crate") {
        segs.remove(0);
        base.clear();
    } else {
        // `super` from a file module is its parent; a mod.rs is its own folder's module too.
        let _ = is_dir_module;
        while segs.first() == Some(&"super") {
            segs.remove(0);
            base.pop();
        }
    }
    base.extend(segs.iter().map(|s| s.to_string()));
    base
}

#[test]
fn no_file_of_src_reaches_back_to_itself_through_its_imports() {
    let root = repo().join("src");
    let mut all = Vec::new();
    files(&root, &root, &mut all);
    let modules: BTreeSet<String> = all.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, text) in &all {
        for path in paths_named(m, text, false) {
            // The longest prefix that is a file's module.
            let Some(to) = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|p| modules.contains(p))
            else {
                continue;
            };
            let ancestor = m == &to || m.starts_with(&format!("{to}::")) || to.is_empty();
            if !ancestor {
                edges.entry(m.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first, reporting the first circle found from each file.
    let mut circles = Vec::new();
    for start in &modules {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    let mut c = trail.clone();
                    c.push(start.clone());
                    circles.push(c.join(" → "));
                } else if seen.insert(next.clone()) {
                    let mut t = trail.clone();
                    t.push(next.clone());
                    stack.push((next.clone(), t));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}
