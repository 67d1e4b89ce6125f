fn walk(v: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                walk(
                    x,
                    if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    },
                    out,
                )
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{path}.{i}"), out)
            }
        }
        serde_json::Value::Number(n) => out.push((path, n.to_string())),
        serde_json::Value::Bool(b) => out.push((path, b.to_string())),
        _ => {}
    }
}
fn main() {
    let cat = caravan::pack::Catalogue::load(&caravan::pack::builtin_packs());
    for id in [
        "bernoulli_cups",
        "music_turntable",
        "airflow_obstacle",
        "pendulums",
        "double_cone",
        "brachistochrone",
        "vr_tour",
    ] {
        let (_, d) = cat.find(id).unwrap();
        let v = serde_json::to_value(d).unwrap();
        let mut out = Vec::new();
        walk(&v, String::new(), &mut out);
        for (p, x) in out {
            println!("{id}\t{p}\t{x}");
        }
    }
}
