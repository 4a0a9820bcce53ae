//! "Promotions": feature gates the week's merges move to alpha, beta or GA. From the gate
//! lifecycle timeline ([`crate::timeline::feature_gates`]) where it dates a stage to the PR,
//! else from the note's sentences read as the timeline reads them, else from a graduation
//! phrase ("graduates to GA", "promoted to beta") in the note or the title.

use super::merged::Joined;
use crate::timeline::{gate_component, gate_label, stages_stated, FeatureGateTimeline, Stage};
use regex::Regex;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// A feature moving to a new stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promotion {
    /// The gate (`PodOverhead`; `DynamicKubeletConfig (kubeadm)` for kubeadm's own gate), or
    /// the PR's title when no gate is named.
    pub name: String,
    /// The stage it reaches: alpha, beta or stable.
    pub stage: Stage,
    /// The PR.
    pub pr: u64,
    /// The PR's address.
    pub url: String,
    /// The sentence that says so.
    pub evidence: String,
    /// How it was found: `timeline`, `note` (a gate and a stage in one sentence) or `phrase`.
    pub found_by: &'static str,
}

static GRADUATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:graduat\w*|promot\w*|mov(?:e|es|ed)|is now|are now)\b(?:\s+\S+){0,3}?\s+(?:to\s+)?(GA|general availability|stable|beta|alpha)\b")
        .expect("graduation regex")
});

/// The promotions of the week's merges, in merge order, once per gate and stage.
pub(super) fn promotions(joined: &[Joined], timeline: &FeatureGateTimeline) -> Vec<Promotion> {
    let known: HashSet<String> = timeline.gates.iter().map(|g| g.name.clone()).collect();
    let is_promotion = |s: &Stage| matches!(s, Stage::Alpha | Stage::Beta | Stage::Stable);
    let mut out: Vec<Promotion> = Vec::new();
    for j in joined {
        let number = j.pr.number;
        let make = |name: String, stage: Stage, evidence: String, found_by| Promotion {
            name,
            stage,
            pr: number,
            url: crate::links::pr_url(number),
            evidence,
            found_by,
        };
        let mut found: Vec<Promotion> = timeline
            .gates
            .iter()
            .flat_map(|g| g.events.iter().map(move |e| (g, e)))
            .filter(|(_, e)| e.pr == Some(number) && is_promotion(&e.stage))
            .map(|(g, e)| make(g.label(), e.stage, e.text.clone(), "timeline"))
            .collect();
        if found.is_empty() {
            // A kubeadm note's gate is kubeadm's own, as the timeline reads it.
            found = stages_stated(&j.note.text, &known)
                .into_iter()
                .filter(|(_, s, _)| is_promotion(s))
                .map(|(n, s, t)| {
                    let component = gate_component(&j.note, &t, false);
                    make(gate_label(&n, component.as_deref()), s, t, "note")
                })
                .collect();
        }
        if found.is_empty() {
            let phrase = [j.pr.title.as_str(), j.note.text.as_str()]
                .into_iter()
                .find_map(|t| {
                    GRADUATES
                        .captures(t)
                        .map(|c| (t, c[1].to_ascii_lowercase()))
                });
            if let Some((text, stage)) = phrase {
                let stage = match stage.as_str() {
                    "alpha" => Stage::Alpha,
                    "beta" => Stage::Beta,
                    _ => Stage::Stable,
                };
                let title = if j.pr.title.is_empty() {
                    crate::sentence::title(&j.note.text, 80)
                } else {
                    j.pr.title.clone()
                };
                found.push(make(
                    title,
                    stage,
                    crate::sentence::title(text, 200),
                    "phrase",
                ));
            }
        }
        for p in found {
            if !out.iter().any(|o| o.name == p.name && o.stage == p.stage) {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merges::MergedPr;
    use crate::timeline::{FeatureGate, GateEvent};

    fn joined(number: u64, title: &str, note: Option<&str>) -> Joined {
        let pr = MergedPr {
            number,
            title: title.into(),
            author: "a".into(),
            merged: "2020-03-17".parse().unwrap(),
            labels: vec!["kind/feature".into()],
            release_note: note.map(str::to_string),
        };
        Joined {
            note: pr.to_note(),
            has_note: note.is_some(),
            pr,
            releases: vec![],
        }
    }

    #[test]
    fn from_the_timeline_the_note_or_a_phrase() {
        let timeline = FeatureGateTimeline {
            gates: vec![
                FeatureGate {
                    name: "PodOverhead".into(),
                    component: None,
                    events: vec![GateEvent {
                        stage: Stage::Beta,
                        since: "1.18".into(),
                        release: "v1.18.0".into(),
                        pr: Some(1),
                        text: "PodOverhead is beta".into(),
                    }],
                    contradicted: vec![],
                },
                FeatureGate {
                    name: "CoreDNS".into(),
                    component: Some("kubeadm".into()),
                    events: vec![GateEvent {
                        stage: Stage::Stable,
                        since: "1.11".into(),
                        release: "v1.11.0".into(),
                        pr: Some(5),
                        text: "CoreDNS is now GA".into(),
                    }],
                    contradicted: vec![],
                },
            ],
        };
        let week = [
            joined(1, "Promote PodOverhead", None),
            joined(
                2,
                "Graduate ServiceTopology",
                Some("The ServiceTopology feature gate graduates to beta."),
            ),
            joined(3, "Endpoint slices promoted to GA", None),
            joined(4, "Fix a leak", Some("Fixes a leak in beta code.")),
            joined(5, "kubeadm: CoreDNS is GA", None),
            // #99294 (v1.21.0-beta.0): a kubeadm note's gate is kubeadm's.
            joined(
                6,
                "kubeadm: promote IPv6DualStack feature gate to Beta",
                Some("Kubeadm: promote IPv6DualStack feature gate to Beta"),
            ),
        ];
        let got: Vec<(String, Stage, &str)> = promotions(&week, &timeline)
            .into_iter()
            .map(|p| (p.name, p.stage, p.found_by))
            .collect();
        assert_eq!(
            got,
            [
                ("PodOverhead".to_string(), Stage::Beta, "timeline"),
                ("ServiceTopology".into(), Stage::Beta, "note"),
                (
                    "Endpoint slices promoted to GA".into(),
                    Stage::Stable,
                    "phrase"
                ),
                ("CoreDNS (kubeadm)".into(), Stage::Stable, "timeline"),
                ("IPv6DualStack (kubeadm)".into(), Stage::Beta, "note"),
            ]
        );
    }
}
