//! The exhibit kinds a descriptor can name: one variant each, with its typed parameters. What a
//! kind offers (name, controls, sound events, checks) comes from its parameters'
//! [`KindSpec`](crate::kind_spec::KindSpec) in `model/`; its Bevy side from `exhibits/`.

pub use crate::kind_spec::{ControlDef, ControlType, ControlValue, FileUse, KindSpec, PackFile};
use crate::model::airflow::AirflowParams;
use crate::model::bernoulli::BernoulliParams;
use crate::model::flow::FlowParams;
use crate::model::mechanics::MechanicsParams;
use crate::model::optics::OpticsParams;
use crate::model::panorama::PanoramaParams;
use crate::model::turntable::TurntableParams;
use crate::model::waves::WavesParams;
use crate::problems::Problems;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindParams {
    BernoulliCups(BernoulliParams),
    MusicTurntable(TurntableParams),
    AirflowObstacle(AirflowParams),
    Mechanics(MechanicsParams),
    Optics(OpticsParams),
    Waves(WavesParams),
    Flow(FlowParams),
    Panorama(PanoramaParams),
}

/// Evaluates `$body` with `$k` bound to the parameters of whatever kind `$params` is: the one
/// list of kinds that every dispatch goes through (here and in `exhibits::registration`), so a
/// new variant without its arm does not compile.
#[macro_export]
macro_rules! with_kind {
    ($params:expr, $k:ident => $body:expr) => {
        match $params {
            $crate::descriptor::kinds::KindParams::BernoulliCups($k) => $body,
            $crate::descriptor::kinds::KindParams::MusicTurntable($k) => $body,
            $crate::descriptor::kinds::KindParams::AirflowObstacle($k) => $body,
            $crate::descriptor::kinds::KindParams::Mechanics($k) => $body,
            $crate::descriptor::kinds::KindParams::Optics($k) => $body,
            $crate::descriptor::kinds::KindParams::Waves($k) => $body,
            $crate::descriptor::kinds::KindParams::Flow($k) => $body,
            $crate::descriptor::kinds::KindParams::Panorama($k) => $body,
        }
    };
}

fn name_of<K: KindSpec>(_: &K) -> &'static str {
    K::NAME
}

impl KindParams {
    /// The name used in descriptors, `caravan list` and the README.
    pub fn name(&self) -> &'static str {
        with_kind!(self, k => name_of(k))
    }

    pub fn check(&self, path: &str, p: &mut Problems) {
        with_kind!(self, k => k.check(path, p))
    }

    pub fn controls(&self) -> Vec<ControlDef> {
        with_kind!(self, k => k.controls())
    }

    /// Sound events the kind can play (`sounds[].on`).
    pub fn sound_events(&self) -> Vec<String> {
        with_kind!(self, k => k.sound_events())
    }

    /// Files of the pack the parameters name.
    pub fn files(&self) -> Vec<PackFile> {
        with_kind!(self, k => k.files())
    }

    /// A data kind's `expect` rows, measured (`caravan verify --pack`); none for a kind
    /// written in Rust, whose checks are `caravan verify`'s own. Every variant is named: a
    /// new data kind's rows cannot be left out by a catch-all.
    pub fn expect_rows(&self) -> Vec<crate::model::scene::expect::Outcome> {
        use crate::model::scene::DataKind;
        match self {
            KindParams::Mechanics(k) => k.verify(),
            KindParams::Optics(k) => k.verify(),
            KindParams::Waves(k) => k.verify(),
            KindParams::Flow(k) => k.verify(),
            KindParams::BernoulliCups(_)
            | KindParams::MusicTurntable(_)
            | KindParams::AirflowObstacle(_)
            | KindParams::Panorama(_) => Vec::new(),
        }
    }
}

impl KindParams {
    /// One of each kind, with default parameters: what registers every kind's systems. A test
    /// holds this list to the variants serde knows.
    pub fn every() -> Vec<KindParams> {
        vec![
            KindParams::BernoulliCups(Default::default()),
            KindParams::MusicTurntable(Default::default()),
            KindParams::AirflowObstacle(Default::default()),
            KindParams::Mechanics(Default::default()),
            KindParams::Optics(Default::default()),
            KindParams::Waves(Default::default()),
            KindParams::Flow(Default::default()),
            KindParams::Panorama(Default::default()),
        ]
    }
}
