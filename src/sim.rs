//! The headless app: the kiosk's exhibit systems with no window, GPU or audio device, stepped
//! one fixed 60 Hz tick per `update()`. `caravan simulate`, `verify`, `bench` and the tests use it.

use crate::descriptor::{Input, ScriptEvent};
use crate::engine;
use crate::exhibits::{self, ActiveExhibit, PendingInputs, Telemetry, Voice};
use crate::model::TICK_S;
use bevy::ecs::schedule::SingleThreadedExecutor;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;

pub fn headless_app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, TransformPlugin));
    app.insert_resource(TimeUpdateStrategy::FixedTimesteps(1));
    engine::rapier::plugin(&mut app);
    exhibits::plugin(&mut app);
    app.finish();
    app.cleanup();
    single_threaded(&mut app);
    // Start-up systems (rapier's context among them) run here, before any exhibit exists.
    app.update();
    app
}

/// Runs every schedule of `app` on the calling thread. One exhibit's systems are a handful:
/// handing them to worker threads costs more than they do (10× on 2 cores, measured with
/// `bench`), and a single thread keeps the order of everything fixed.
pub fn single_threaded(app: &mut App) {
    for (_, schedule) in app.world_mut().resource_mut::<Schedules>().iter_mut() {
        schedule.set_executor(SingleThreadedExecutor::new());
    }
}

/// Exhibit `id` of the built-in packs with the `--set` overrides `sets`: the reference runs of
/// `verify`, `bench` and the tests. Panics if either is wrong: they are the program's own.
pub fn builtin_exhibit(id: &str, sets: &[&str]) -> ActiveExhibit {
    let pack = crate::pack::Catalogue::load(&crate::pack::builtin_packs());
    let (p, d) = pack
        .find(id)
        .unwrap_or_else(|| panic!("a built-in pack has `{id}`"));
    let mut d = d.clone();
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let asset = |rel: &str, u| crate::pack::check_asset(&p.dir, rel, u);
    let held = crate::descriptor::overrides::apply(&mut d, &sets, &asset)
        .unwrap_or_else(|e| panic!("valid overrides {sets:?}: {e:?}"))
        .held;
    ActiveExhibit::new(d, p.dir.clone(), held)
}

pub struct Simulation {
    pub app: App,
    script: std::collections::VecDeque<ScriptEvent>,
    ticks: u64,
    columns: Vec<String>,
    voice: fn(&World) -> Option<Voice>,
}

impl Simulation {
    pub fn new(exhibit: ActiveExhibit, script: Vec<ScriptEvent>) -> Self {
        let reg = exhibits::registration(&exhibit.descriptor.kind);
        let columns = (reg.columns)(&exhibit.descriptor.kind);
        let mut app = headless_app();
        exhibits::load(app.world_mut(), exhibit);
        Self {
            app,
            script: script.into(),
            ticks: 0,
            columns,
            voice: reg.voice,
        }
    }

    /// [`builtin_exhibit`] run without a script.
    pub fn builtin(id: &str, sets: &[&str]) -> Self {
        Self::new(builtin_exhibit(id, sets), Vec::new())
    }

    pub fn header(&self) -> String {
        let mut h = String::from("tick,t_s");
        for c in &self.columns {
            h.push(',');
            h.push_str(c);
        }
        h
    }

    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    /// Runs one tick; script events due by its start are applied first.
    pub fn step(&mut self) -> &[String] {
        let now = self.ticks as f64 * TICK_S;
        while self.script.front().is_some_and(|e| e.t_s <= now + 1e-9) {
            let e = self.script.pop_front().expect("checked");
            self.push_input(e.input);
        }
        let before = self.app.world().resource::<ActiveExhibit>().tick;
        self.app.update();
        let after = self.app.world().resource::<ActiveExhibit>().tick;
        assert_eq!(
            after,
            before + 1,
            "one update must run exactly one fixed tick"
        );
        self.ticks += 1;
        &self.app.world().resource::<Telemetry>().values
    }

    pub fn push_input(&mut self, input: Input) {
        self.app
            .world_mut()
            .resource_mut::<PendingInputs>()
            .0
            .push_back(input);
    }

    /// The CSV row of the last tick.
    pub fn row(&self) -> String {
        let mut r = format!("{},{:.6}", self.ticks, self.ticks as f64 * TICK_S);
        for v in &self.app.world().resource::<Telemetry>().values {
            r.push(',');
            r.push_str(v);
        }
        r
    }

    /// Value of a column in the last tick.
    pub fn value(&self, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| *c == column)?;
        self.app
            .world()
            .resource::<Telemetry>()
            .values
            .get(i)
            .map(|s| s.as_str())
    }

    pub fn number(&self, column: &str) -> f64 {
        self.value(column)
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    }

    pub fn voice(&self) -> Option<Voice> {
        (self.voice)(self.app.world())
    }
}
