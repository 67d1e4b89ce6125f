//! The checks every data kind's file gets alike: its probes' columns and captions, its
//! `expect` rows against those columns, and its verify run against the kind's controls. Each
//! problem carries its field path; the descriptor layer places it at `file:line:col`.

use super::NumberPaths;
use super::spec::*;
use crate::kind_spec::ControlDef;
use crate::problems::{Problems, join, num, one_line};
use std::collections::BTreeSet;

/// A name the command line and the CSV take: 1–40 letters, digits or `_`.
pub fn name(p: &mut Problems, path: &str, s: &str) {
    if s.is_empty() || s.len() > 40 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        p.push_named(
            path,
            format!(
                "`{}` is not a name: use 1–40 letters, digits or `_`",
                one_line(s)
            ),
        );
    }
}

/// A grid field's cells each way (`cells`, from `size_m` ÷ `cell_m`, at the field path `fp`)
/// within 8 … `most`; false, with the problem, where one is not.
pub fn cells_each_way(
    p: &mut Problems,
    fp: &str,
    cells: [usize; 2],
    cell_m: f64,
    most: usize,
) -> bool {
    for (k, n) in cells.iter().enumerate() {
        if !(8..=most).contains(n) {
            p.push_named(
                format!("{}[{k}]", join(fp, "size_m")),
                format!(
                    "{n} cells of {} m: a field is 8 to {most} cells each way (change `size_m` or `cell_m`)",
                    num(cell_m)
                ),
            );
            return false;
        }
    }
    true
}

/// Each control's name (a name, once), and what it does (the kind's own check, given the
/// path of its `does`).
pub fn controls<C>(
    controls: &[C],
    name_of: impl Fn(&C) -> &str,
    path: &str,
    p: &mut Problems,
    mut does: impl FnMut(&C, &str, &mut Problems),
) {
    let mut names = BTreeSet::new();
    for (i, c) in controls.iter().enumerate() {
        let cp = format!("{path}[{i}]");
        let n = name_of(c);
        name(p, &join(&cp, "name"), n);
        if !names.insert(n) {
            p.push_named(
                join(&cp, "name"),
                format!(
                    "a second control named `{}`: names must differ",
                    one_line(n)
                ),
            );
        }
        does(c, &join(&cp, "does"), p);
    }
}

/// Each probe's name (a column, once), decimals and caption, and what it reads (`of`, the
/// kind's own check, given its path). Returns the columns.
pub fn probes<P>(
    probes: &[ProbeSpec<P>],
    path: &str,
    p: &mut Problems,
    mut of: impl FnMut(&P, &str, &mut Problems),
) -> BTreeSet<String> {
    let mut columns = BTreeSet::new();
    for (i, pr) in probes.iter().enumerate() {
        let pp = format!("{path}[{i}]");
        name(p, &join(&pp, "name"), &pr.name);
        if !columns.insert(pr.name.clone()) || matches!(pr.name.as_str(), "tick" | "t_s") {
            p.push_named(
                join(&pp, "name"),
                format!(
                    "`{}` is taken (by another probe, or `tick`/`t_s`): name each column once",
                    one_line(&pr.name)
                ),
            );
        }
        of(&pr.of, &join(&pp, "of"), p);
        if pr.decimals > 9 {
            p.push_named(
                join(&pp, "decimals"),
                format!("{} decimals: at most 9", pr.decimals),
            );
        }
        if let Some(g) = &pr.gauge {
            p.one_line_text(&join(&pp, "gauge"), g);
        }
    }
    columns
}

/// The `expect` rows (`path.expect`) against the probes' columns, and the verify run
/// (`path.verify`): its length, and its `set` against the kind's controls; the same for each
/// further run (`path.verify.also[i]`) with its own rows.
pub fn expect_rows(
    expect: &[Expect],
    verify: &VerifyRun,
    columns: &BTreeSet<String>,
    controls: &[ControlDef],
    path: &str,
    p: &mut Problems,
) {
    let vp = join(path, "verify");
    let run = |expect: &[Expect], ep: &str, seconds: f64, set, rp: &str, p: &mut Problems| {
        one_run(expect, ep, seconds, set, rp, columns, controls, p);
    };
    run(
        expect,
        &join(path, "expect"),
        verify.seconds,
        &verify.set,
        &vp,
        p,
    );
    for (i, a) in verify.also.iter().enumerate() {
        let ap = format!("{}[{i}]", join(&vp, "also"));
        if a.expect.is_empty() {
            p.push_named(
                join(&ap, "expect"),
                "a further run measures at least one row",
            );
        }
        run(&a.expect, &join(&ap, "expect"), a.seconds, &a.set, &ap, p);
    }
    if verify.also.len() > 8 {
        p.push_named(join(&vp, "also"), "at most 8 further runs");
    }
}

/// One run's rows (at `ep`) and its length and controls (at `rp.seconds`, `rp.set`).
#[allow(clippy::too_many_arguments)]
fn one_run(
    expect: &[Expect],
    ep: &str,
    seconds: f64,
    set: &std::collections::BTreeMap<String, crate::kind_spec::ControlValue>,
    rp: &str,
    columns: &BTreeSet<String>,
    controls: &[ControlDef],
    p: &mut Problems,
) {
    for (i, e) in expect.iter().enumerate() {
        let ep = format!("{ep}[{i}]");
        row(e, &ep, columns, p);
        if let Some(Quantity::At { t_s, .. }) = e.quantity()
            && *t_s > seconds
        {
            p.push_named(
                join(&join(&ep, "of"), "t_s"),
                format!(
                    "{} s is after the verify run ends ({} s): measure within it, or make its `seconds` longer",
                    num(*t_s),
                    num(seconds)
                ),
            );
        }
    }
    p.range(&join(rp, "seconds"), seconds, 0.1, 120.0, "s");
    for (name, v) in set {
        let sp = join(rp, "set");
        match controls.iter().find(|d| d.name == *name) {
            None => p.push_named(
                sp,
                format!("`{}` is not one of this scene's controls", one_line(name)),
            ),
            Some(d) => {
                if let Err(e) = d.check(v) {
                    // Named as written (`ball_density: Number(0.0)`), then what is wrong.
                    p.push_named(sp, format!("`{}: {v:?}`: {e}", one_line(name)));
                }
            }
        }
    }
}

fn row(e: &Expect, ep: &str, columns: &BTreeSet<String>, p: &mut Problems) {
    let known = |p: &mut Problems, path: String, probe: &str| {
        if !columns.contains(probe) {
            p.unknown(path, probe, "probe");
        }
    };
    let quantity = |p: &mut Problems, q: &Quantity| {
        let qp = join(ep, "of");
        match q {
            Quantity::Value(x)
            | Quantity::Change(x)
            | Quantity::Rise(x)
            | Quantity::Most(x)
            | Quantity::Least(x)
            | Quantity::WhenMost(x)
            | Quantity::WhenLeast(x) => known(p, qp, x),
            Quantity::At { probe, t_s } => {
                known(p, join(&qp, "probe"), probe);
                p.range(&join(&qp, "t_s"), *t_s, 0.0, 120.0, "s");
            }
            Quantity::Slope { of, per } => {
                known(p, join(&qp, "of"), of);
                known(p, join(&qp, "per"), per);
            }
        }
    };
    let (check, source) = match e {
        Expect::Near {
            check,
            of,
            value,
            tolerance_pct,
            source,
        } => {
            quantity(p, of);
            p.range(&join(ep, "value"), *value, -1e9, 1e9, "");
            p.range(&join(ep, "tolerance_pct"), *tolerance_pct, 1e-6, 100.0, "%");
            (check, source)
        }
        Expect::Below {
            check,
            of,
            limit,
            source,
        }
        | Expect::Above {
            check,
            of,
            limit,
            source,
        } => {
            quantity(p, of);
            p.range(&join(ep, "limit"), *limit, -1e9, 1e9, "");
            (check, source)
        }
        Expect::InOrder {
            check,
            probes,
            source,
        } => {
            if probes.len() < 2 {
                p.push_named(join(ep, "probes"), "an order needs at least two probes");
            }
            for (i, x) in probes.iter().enumerate() {
                known(p, format!("{}[{i}]", join(ep, "probes")), x);
            }
            (check, source)
        }
    };
    if check.trim().is_empty() {
        p.push_named(join(ep, "check"), "say in a few words what this row checks");
    }
    if source.trim().is_empty() {
        p.push_named(
            join(ep, "source"),
            "name the reference: the formula and where it comes from",
        );
    }
}

/// A `Parameter`'s numbers at `dp`: at least one path, each a number of `scene` (`examples`
/// shows the kind's paths in the message), `min` below `max`, `default` between them.
pub fn numbers<S: NumberPaths>(n: &Numbers, scene: &S, dp: &str, examples: &str, p: &mut Problems) {
    if n.paths.is_empty() {
        p.push_named(join(dp, "paths"), "name at least one number it sets");
    }
    let mut scratch = scene.clone();
    for (k, path) in n.paths.iter().enumerate() {
        if scratch.number_at(path).is_none() {
            p.push_named(
                format!("{}[{k}]", join(dp, "paths")),
                format!(
                    "`{}` is no number of this scene: write {examples}, … (the reference lists them)",
                    one_line(path)
                ),
            );
        }
    }
    if !(n.min.is_finite() && n.max.is_finite() && n.min < n.max) {
        p.push_named(join(dp, "max"), "`min` must be below `max`");
    } else if !(n.min..=n.max).contains(&n.default) {
        p.push_named(
            join(dp, "default"),
            format!(
                "{} is outside {}–{}",
                num(n.default),
                num(n.min),
                num(n.max)
            ),
        );
    }
}

/// Each dial keeps the scene valid at both ends of its range: `check_at(name, numbers, x,
/// q)` checks the scene with dial `name` at `x`; its first problem is reported at the
/// control (`controls_path[i].does`). Run on a scene valid as written, so that one problem
/// is not reported once more per end.
pub fn dials_hold<'a>(
    dials: impl IntoIterator<Item = (usize, &'a str, &'a Numbers)>,
    controls_path: &str,
    p: &mut Problems,
    mut check_at: impl FnMut(&str, &Numbers, f64, &mut Problems),
) {
    for (i, name, n) in dials {
        if !(n.min.is_finite() && n.max.is_finite() && n.min < n.max) {
            continue;
        }
        for x in [n.min, n.max] {
            let mut q = Problems::default();
            check_at(name, n, x, &mut q);
            if let Some(first) = q.items.first() {
                p.push_named(
                    format!("{controls_path}[{i}].does"),
                    format!("at {} the scene is not valid: {}", num(x), first.message),
                );
            }
        }
    }
}

/// [`dials_hold`] for a scene that checks itself again: `recheck` gets the scene with the dial
/// at each end of its range written in (the kind strips what the end cannot break, as its
/// probes and rows, before checking it).
pub fn dials_keep_valid<'a, S: NumberPaths>(
    s: &S,
    dials: impl IntoIterator<Item = (usize, &'a str, &'a Numbers)>,
    controls_path: &str,
    p: &mut Problems,
    mut recheck: impl FnMut(S, &mut Problems),
) {
    dials_hold(dials, controls_path, p, |name, n, x, q| {
        let mut moved = s.clone();
        let values = [(name.to_string(), crate::kind_spec::ControlValue::Number(x))].into();
        super::write_numbers(&mut moved, s, [(name, n)], &values);
        recheck(moved, q);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_8_to_most_cells_each_way() {
        let mut p = Problems::default();
        assert!(cells_each_way(&mut p, "kind.field", [8, 1024], 0.01, 1024));
        assert!(p.items.is_empty());
        assert!(!cells_each_way(
            &mut p,
            "kind.field",
            [64, 1025],
            0.002,
            1024
        ));
        assert!(!cells_each_way(&mut p, "kind.field", [7, 64], 0.5, 2048));
        let said: Vec<(&str, &str)> = p
            .items
            .iter()
            .map(|d| (d.path.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert_eq!(said[0].0, "kind.field.size_m[1]");
        assert!(said[0].1.contains("1025 cells of 0.002 m"), "{said:?}");
        assert_eq!(said[1].0, "kind.field.size_m[0]");
        assert!(said[1].1.contains("8 to 2048 cells each way"), "{said:?}");
    }
}
