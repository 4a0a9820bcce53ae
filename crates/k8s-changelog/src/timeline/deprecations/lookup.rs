//! Questions asked of a resolved timeline: which event dates an item's deprecation or removal,
//! and which items a user's names (`--api`, `--flag`, `--feature-gate`) ask for.

use super::{DeprecatedItem, DeprecationTimeline, ItemKind, Status, StatusEvent};

impl DeprecatedItem {
    fn event_of(&self, minor: Option<&str>, removal: bool) -> Option<&StatusEvent> {
        let minor = minor?;
        self.events.iter().find(|e| {
            e.since == minor && (e.status != Status::Deprecated) == removal && e.scope.is_none()
        })
    }

    /// The event that dates [`deprecated_in`](Self::deprecated_in): its first tag, PR and
    /// sentence.
    pub fn deprecation_event(&self) -> Option<&StatusEvent> {
        self.event_of(self.deprecated_in.as_deref(), false)
    }

    /// The event that dates [`removed_in`](Self::removed_in); `None` when the item was removed
    /// with its group/version as a whole, or not at all.
    pub fn removal_event(&self) -> Option<&StatusEvent> {
        self.event_of(self.removed_in.as_deref(), true)
    }

    /// Its removals from one of kubeadm's commands ([`StatusEvent::scope`]), oldest first: they
    /// leave the flag on the other commands, so none dates [`removed_in`](Self::removed_in).
    pub fn scoped_removals(&self) -> impl Iterator<Item = &StatusEvent> {
        self.events.iter().filter(|e| e.scope.is_some())
    }

    /// Its removals from one of kubeadm's commands in words, each dated by `when`:
    /// `from kubeadm upgrade apply: 1.17`, several joined with `; `. `None` when there is none.
    /// The command's table, its CSV and the explorer all say it this way; `when` gives `1.17`
    /// or, with evidence, `1.17 (v1.17.0-beta.2 #85044)`.
    pub fn scoped_removals_text(&self, when: impl Fn(&StatusEvent) -> String) -> Option<String> {
        let parts: Vec<String> = self
            .scoped_removals()
            .map(|e| {
                format!(
                    "from {}: {}",
                    e.scope.as_deref().unwrap_or_default(),
                    when(e)
                )
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// The plan in words, with its evidence: `1.25 (#99290)`, or `1.20 (#84758), not recorded
    /// since` when the planned release passed with no statement of removal. `None` without a
    /// plan (or once removed).
    pub fn removal_plan_text(&self) -> Option<String> {
        let planned = self.removal_planned.as_deref()?;
        let mut text = planned.trim_start_matches('v').to_string();
        if let Some(pr) = self.removal_planned_pr {
            text.push_str(&format!(" (#{pr})"));
        }
        if self.removal_overdue {
            text.push_str(", not recorded since");
        }
        Some(text)
    }

    /// How the item went away: [`Status::Removed`] or [`Status::NoLongerServed`] as its removal
    /// event says ([`Status::Removed`] when removed with its group); `None` while not removed.
    pub fn removal_status(&self) -> Option<Status> {
        self.removed_in.as_ref()?;
        Some(self.removal_event().map_or(Status::Removed, |e| e.status))
    }
}

/// The items a user asks about by name; an empty lookup asks for every item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemLookup {
    /// API group/versions (`extensions/v1beta1`), optionally with a kind
    /// (`extensions/v1beta1 Deployment`), or resource kinds (`PodSecurityPolicy`; a kind also
    /// finds the kind in any group/version, and a group/version as a whole whose statement names
    /// it: `RuntimeClass` finds `node.k8s.io/v1beta1`); any case.
    pub apis: Vec<String>,
    /// Command-line flags, with or without leading dashes (`--basic-auth-file`).
    pub flags: Vec<String>,
    /// Feature gates (`DynamicKubeletConfig`), any case.
    pub feature_gates: Vec<String>,
}

impl ItemLookup {
    /// Whether the lookup names nothing (and so asks for everything).
    pub fn is_empty(&self) -> bool {
        self.apis.is_empty() && self.flags.is_empty() && self.feature_gates.is_empty()
    }

    /// Whether `item` is one the lookup names (any of its names).
    pub fn matches(&self, item: &DeprecatedItem) -> bool {
        if self.is_empty() {
            return true;
        }
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        match item.kind {
            ItemKind::ApiVersion | ItemKind::Resource => self
                .apis
                .iter()
                .any(|a| same(a, &item.name) || same(a, &item.key()) || names_the_kind(item, a)),
            ItemKind::Flag => self
                .flags
                .iter()
                .any(|f| same(f.trim_start_matches('-'), item.name.trim_start_matches('-'))),
            ItemKind::FeatureGate => self.feature_gates.iter().any(|g| same(g, &item.name)),
            _ => false,
        }
    }
}

/// `true` when `query` is a resource kind (`RuntimeClass`, any case) and `item` that kind in a
/// group/version (`extensions/v1beta1 Ingress`), or a group/version as a whole one of whose
/// statements names that kind as a word: "RuntimeClass feature graduates
/// … Promote `node.k8s.io` API groups from `v1beta1` to `v1`. `v1beta1` is now deprecated"
/// (#95718), "Ingress and IngressClass types in the `extensions/v1beta1` and
/// `networking.k8s.io/v1beta1` API versions are deprecated" (#89778). Only the kind's own name
/// counts: "ingress" in prose does not.
fn names_the_kind(item: &DeprecatedItem, query: &str) -> bool {
    let Some(kind) = crate::vocabulary::RESOURCE_KINDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(query.trim()))
    else {
        return false;
    };
    if item.kind != ItemKind::ApiVersion {
        return false;
    }
    if let Some(resource) = &item.resource {
        return resource == kind;
    }
    item.events.iter().any(|e| {
        e.text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == *kind)
    })
}

/// What happens to an item on an upgrade path: it is deprecated, or removed (no longer
/// served), in a minor the path crosses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ItemChange {
    /// The item (`api extensions/v1beta1 Ingress`, `flag --basic-auth-file`).
    pub item: DeprecatedItem,
    /// [`Status::Deprecated`], [`Status::Removed`] or [`Status::NoLongerServed`].
    pub status: Status,
    /// The minor it happens in (`1.22`).
    pub since: String,
    /// The statement that dates it: the item's own, else (an API kind removed with its
    /// group/version as a whole) that of its group/version; `None` only when neither has one.
    pub evidence: Option<StatusEvent>,
}

impl ItemChange {
    /// What happens, in words: the status (`removed`, `no longer served`, `deprecated`), or
    /// `removed from kubeadm upgrade apply` for a removal from one of kubeadm's commands.
    pub fn label(&self) -> String {
        match &self.evidence {
            Some(e) if e.scope.is_some() => e.label(),
            _ => self.status.label().to_string(),
        }
    }
}

/// `(1, 22)` for `1.22`.
fn minor(version: &str) -> Option<(u64, u64)> {
    super::minor_of(version)
}

impl DeprecationTimeline {
    /// What an upgrade from minor `from` to minor `to` (`1.21` → `1.23`) crosses: every item
    /// removed in a minor after `from` up to `to`, then every item deprecated there and not
    /// removed by `to`; removals first, each group in timeline order. The evidence is the
    /// item's [`deprecation_event`](DeprecatedItem::deprecation_event) or
    /// [`removal_event`](DeprecatedItem::removal_event), or its group/version's. A flag
    /// removed from one of kubeadm's commands on the path is a removal too, with that event
    /// ([`ItemChange::label`]: `removed from kubeadm upgrade apply`).
    pub fn changes_between(&self, from: &str, to: &str) -> Vec<ItemChange> {
        let (Some(from), Some(to)) = (minor(from), minor(to)) else {
            return Vec::new();
        };
        let crossed = |m: Option<&str>| m.and_then(minor).is_some_and(|m| from < m && m <= to);
        let removed_by_to = |i: &DeprecatedItem| {
            i.removed_in
                .as_deref()
                .and_then(minor)
                .is_some_and(|m| m <= to)
        };
        let evidence = |i: &DeprecatedItem, removal: bool| {
            let of = |i: &DeprecatedItem| match removal {
                true => i.removal_event().cloned(),
                false => i.deprecation_event().cloned(),
            };
            of(i).or_else(|| {
                let group = self.get(&i.name, None).filter(|_| i.resource.is_some())?;
                let minor = if removal {
                    &i.removed_in
                } else {
                    &i.deprecated_in
                };
                of(group).filter(|e| Some(&e.since) == minor.as_ref())
            })
        };
        let removals = self.items.iter().flat_map(|i| {
            let own = crossed(i.removed_in.as_deref()).then(|| ItemChange {
                status: i.removal_status().unwrap_or(Status::Removed),
                since: i.removed_in.clone().unwrap_or_default(),
                evidence: evidence(i, true),
                item: i.clone(),
            });
            let scoped = i
                .scoped_removals()
                .filter(|e| crossed(Some(&e.since)))
                .map(|e| ItemChange {
                    status: e.status,
                    since: e.since.clone(),
                    evidence: Some(e.clone()),
                    item: i.clone(),
                });
            own.into_iter().chain(scoped).collect::<Vec<_>>()
        });
        let deprecations = self
            .items
            .iter()
            .filter(|i| crossed(i.deprecated_in.as_deref()) && !removed_by_to(i))
            .map(|i| ItemChange {
                status: Status::Deprecated,
                since: i.deprecated_in.clone().unwrap_or_default(),
                evidence: evidence(i, false),
                item: i.clone(),
            });
        removals.chain(deprecations).collect()
    }

    /// The items `lookup` names, in timeline order.
    pub fn lookup(self, lookup: &ItemLookup) -> DeprecationTimeline {
        DeprecationTimeline {
            items: self
                .items
                .into_iter()
                .filter(|i| lookup.matches(i))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: ItemKind, name: &str, resource: Option<&str>) -> DeprecatedItem {
        let event = |status, since: &str, first: &str, pr| StatusEvent {
            status,
            since: since.into(),
            first: first.into(),
            releases: vec![first.into()],
            pr: Some(pr),
            text: String::new(),
            removal_planned: None,
            via: None,
            scope: None,
        };
        DeprecatedItem {
            kind,
            name: name.into(),
            resource: resource.map(str::to_string),
            components: vec![],
            deprecated_in: Some("1.8".into()),
            removed_in: Some("1.16".into()),
            removal_planned: None,
            removal_planned_pr: None,
            removal_overdue: false,
            replacement: None,
            events: vec![
                event(Status::Deprecated, "1.8", "v1.8.0-beta.1", 51828),
                event(Status::NoLongerServed, "1.16", "v1.16.0-alpha.1", 70672),
            ],
        }
    }

    #[test]
    fn events_date_the_resolved_minors() {
        let i = item(
            ItemKind::ApiVersion,
            "extensions/v1beta1",
            Some("Deployment"),
        );
        assert_eq!(i.deprecation_event().unwrap().pr, Some(51828));
        assert_eq!(i.removal_event().unwrap().first, "v1.16.0-alpha.1");
        assert_eq!(i.removal_status(), Some(Status::NoLongerServed));
        let mut with_group = i.clone();
        with_group.removed_in = Some("1.17".into());
        assert!(with_group.removal_event().is_none());
        assert_eq!(with_group.removal_status(), Some(Status::Removed));
        with_group.removed_in = None;
        assert_eq!(with_group.removal_status(), None);
        // A plan, and a plan that passed with no statement of removal.
        with_group.removal_planned = Some("1.20".into());
        with_group.removal_planned_pr = Some(84758);
        assert_eq!(with_group.removal_plan_text().unwrap(), "1.20 (#84758)");
        with_group.removal_overdue = true;
        assert_eq!(
            with_group.removal_plan_text().unwrap(),
            "1.20 (#84758), not recorded since"
        );
    }

    #[test]
    fn changes_between_two_minors() {
        let removed = item(
            ItemKind::ApiVersion,
            "extensions/v1beta1",
            Some("Deployment"),
        );
        let mut deprecated = item(ItemKind::Flag, "--basic-auth-file", None);
        deprecated.removed_in = None;
        let timeline = DeprecationTimeline {
            items: vec![removed, deprecated],
        };
        let changes = |from, to| {
            timeline
                .changes_between(from, to)
                .into_iter()
                .map(|c| format!("{} {} {}", c.item.key(), c.status.label(), c.since))
                .collect::<Vec<_>>()
        };
        // (from, to, changes)
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "1.7",
                "1.16",
                &[
                    "extensions/v1beta1 Deployment no-longer-served 1.16",
                    "--basic-auth-file deprecated 1.8",
                ],
            ),
            ("1.8", "1.15", &[]),
            (
                "1.15",
                "1.16",
                &["extensions/v1beta1 Deployment no-longer-served 1.16"],
            ),
            (
                "1.7",
                "1.8",
                &[
                    "extensions/v1beta1 Deployment deprecated 1.8",
                    "--basic-auth-file deprecated 1.8",
                ],
            ),
            ("1.16", "1.30", &[]),
            ("banana", "1.30", &[]),
        ];
        for (from, to, want) in cases {
            assert_eq!(changes(from, to), *want, "{from} -> {to}");
        }
        // Each change carries its statement; a kind removed with its group/version as a whole
        // carries the group/version's.
        let group = item(ItemKind::ApiVersion, "extensions/v1beta1", None);
        let mut daemon_set = item(
            ItemKind::ApiVersion,
            "extensions/v1beta1",
            Some("DaemonSet"),
        );
        daemon_set.events.retain(|e| e.status == Status::Deprecated);
        let timeline = DeprecationTimeline {
            items: vec![group, daemon_set],
        };
        let evidence: Vec<(String, Option<u64>)> = timeline
            .changes_between("1.15", "1.16")
            .into_iter()
            .map(|c| (c.item.key(), c.evidence.and_then(|e| e.pr)))
            .collect();
        assert_eq!(
            evidence,
            [
                ("extensions/v1beta1".to_string(), Some(70672)),
                ("extensions/v1beta1 DaemonSet".to_string(), Some(70672)),
            ]
        );
    }

    #[test]
    fn lookups_match_by_any_name_in_any_case() {
        let api = item(
            ItemKind::ApiVersion,
            "extensions/v1beta1",
            Some("Deployment"),
        );
        let flag = item(ItemKind::Flag, "--basic-auth-file", None);
        let gate = item(ItemKind::FeatureGate, "DynamicKubeletConfig", None);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // (lookup, matches api, flag, gate)
        let cases = [
            (ItemLookup::default(), [true, true, true]),
            (
                ItemLookup {
                    apis: s(&["Extensions/v1beta1"]),
                    ..Default::default()
                },
                [true, false, false],
            ),
            (
                ItemLookup {
                    apis: s(&["extensions/v1beta1 deployment"]),
                    ..Default::default()
                },
                [true, false, false],
            ),
            (
                ItemLookup {
                    apis: s(&["apps/v1beta1"]),
                    ..Default::default()
                },
                [false, false, false],
            ),
            (
                ItemLookup {
                    flags: s(&["basic-auth-file"]),
                    ..Default::default()
                },
                [false, true, false],
            ),
            (
                ItemLookup {
                    feature_gates: s(&["dynamickubeletconfig"]),
                    ..Default::default()
                },
                [false, false, true],
            ),
        ];
        for (lookup, expected) in cases {
            let got = [&api, &flag, &gate].map(|i| lookup.matches(i));
            assert_eq!(got, expected, "{lookup:?}");
        }
    }

    #[test]
    fn a_kind_finds_its_group_versions() {
        // #95718: the group/version as a whole, its statement naming the kind.
        let mut node = item(ItemKind::ApiVersion, "node.k8s.io/v1beta1", None);
        node.events[0].text = "RuntimeClass feature graduates to General Availability. Promote `node.k8s.io` API groups from `v1beta1` to `v1`. `v1beta1` is now deprecated".into();
        let ingress = item(ItemKind::ApiVersion, "extensions/v1beta1", Some("Ingress"));
        let mut prose = item(ItemKind::ApiVersion, "networking.k8s.io/v1beta1", None);
        prose.events[0].text = "ingress controllers must move to IngressClass".into();
        let kind = |q: &str| ItemLookup {
            apis: vec![q.to_string()],
            ..Default::default()
        };
        // (query, matches node, ingress, prose)
        let cases = [
            ("RuntimeClass", [true, false, false]),
            ("runtimeclass", [true, false, false]),
            // The kind in a group/version; "ingress" in prose, or inside "IngressClass", is not
            // the kind.
            ("Ingress", [false, true, false]),
            ("IngressClass", [false, false, true]),
            // Not a kind: no word of the text counts.
            ("feature", [false, false, false]),
        ];
        for (query, expected) in cases {
            let got = [&node, &ingress, &prose].map(|i| kind(query).matches(i));
            assert_eq!(got, expected, "{query}");
        }
    }
}
