use super::*;
use crate::timeline::Status;

fn event(status: Status, since: &str, pr: u64) -> StatusEvent {
    StatusEvent {
        status,
        since: since.into(),
        first: format!("v{since}.0"),
        releases: vec![format!("v{since}.0")],
        pr: Some(pr),
        text: format!("{} in {since}", status.label()),
        removal_planned: None,
        via: None,
        scope: None,
    }
}

fn api(
    name: &str,
    kind: Option<&str>,
    dep: Option<&str>,
    rem: Option<(Status, &str)>,
) -> DeprecatedItem {
    let mut events = Vec::new();
    if let Some(d) = dep {
        events.push(event(Status::Deprecated, d, 1));
    }
    if let Some((s, r)) = rem {
        events.push(event(s, r, 2));
    }
    DeprecatedItem {
        kind: ItemKind::ApiVersion,
        name: name.into(),
        resource: kind.map(str::to_string),
        components: vec![],
        deprecated_in: dep.map(str::to_string),
        removed_in: rem.map(|(_, r)| r.to_string()),
        removal_planned: None,
        removal_planned_pr: None,
        removal_overdue: false,
        replacement: None,
        events,
    }
}

fn timeline() -> DeprecationTimeline {
    let mut psp = api("PodSecurityPolicy", None, Some("1.21"), None);
    psp.kind = ItemKind::Resource;
    psp.removal_planned = Some("1.25".into());
    DeprecationTimeline {
        items: vec![
            // Per kind: deprecated 1.9, no longer served 1.16.
            api(
                "extensions/v1beta1",
                Some("Deployment"),
                Some("1.9"),
                Some((Status::NoLongerServed, "1.16")),
            ),
            // The group/version as a whole: deprecated 1.14 (no kind named).
            api("extensions/v1beta1", None, Some("1.14"), None),
            // The changelogs say removed 1.19; the guide says 1.25.
            api(
                "events.k8s.io/v1beta1",
                Some("Event"),
                None,
                Some((Status::Removed, "1.19")),
            ),
            // Deprecated 1.19 in the changelogs; the guide dates the removal (1.22).
            api(
                "networking.k8s.io/v1beta1",
                Some("Ingress"),
                Some("1.19"),
                None,
            ),
            // A flag of the same name is never an API.
            DeprecatedItem {
                kind: ItemKind::Flag,
                ..api(
                    "batch/v1beta1",
                    None,
                    Some("1.1"),
                    Some((Status::Removed, "1.2")),
                )
            },
            psp,
        ],
    }
}

fn entry(api_version: &str, kind: &str, removed_in: &str, replacement: &str) -> GuideEntry {
    GuideEntry {
        api_version: api_version.into(),
        kind: kind.into(),
        removed_in: removed_in.into(),
        replacement: Some(replacement.into()),
        replacement_since: None,
        notable_changes: vec![],
        file: "guide.md".into(),
        line: 10,
        sentence: format!("no longer served as of v{removed_in}"),
    }
}

fn guide() -> ApiGuide {
    ApiGuide {
        entries: vec![
            entry("extensions/v1beta1", "Deployment", "1.16", "apps/v1"),
            entry("events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"),
            entry(
                "networking.k8s.io/v1beta1",
                "Ingress",
                "1.22",
                "networking.k8s.io/v1",
            ),
            entry(
                "extensions/v1beta1",
                "Ingress",
                "1.22",
                "networking.k8s.io/v1",
            ),
            entry("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
        ],
        diagnostics: vec![],
    }
}

fn object(api_version: &str, kind: &str) -> ManifestObject {
    ManifestObject {
        file: "m.yaml".into(),
        line: 1,
        api_version: api_version.into(),
        kind: kind.into(),
        name: Some("x".into()),
        namespace: None,
    }
}

/// (object, target, with the guide) → (status, since, replacement) or no finding.
#[test]
fn statuses_follow_the_rules() {
    use FindingStatus::*;
    type Case<'a> = (
        (&'a str, &'a str),
        &'a str,
        bool,
        Option<(FindingStatus, Option<&'a str>, Option<&'a str>)>,
    );
    let cases: &[Case] = &[
        // Per kind, from the changelogs alone.
        (("extensions/v1beta1", "Deployment"), "v1.8", false, None),
        (
            ("extensions/v1beta1", "Deployment"),
            "v1.9",
            false,
            Some((Deprecated, Some("1.9"), None)),
        ),
        (
            ("extensions/v1beta1", "Deployment"),
            "v1.15.3",
            false,
            Some((Deprecated, Some("1.9"), None)),
        ),
        (
            ("extensions/v1beta1", "Deployment"),
            "v1.16",
            false,
            Some((Removed, Some("1.16"), None)),
        ),
        (
            ("extensions/v1beta1", "Deployment"),
            "1.22.0-rc.0",
            false,
            Some((Removed, Some("1.16"), None)),
        ),
        // Any case.
        (
            ("Extensions/v1beta1", "deployment"),
            "v1.16",
            false,
            Some((Removed, Some("1.16"), None)),
        ),
        // The guide gives the replacement.
        (
            ("extensions/v1beta1", "Deployment"),
            "v1.16",
            true,
            Some((Removed, Some("1.16"), Some("apps/v1"))),
        ),
        // A kind the notes do not name: the group/version as a whole.
        (
            ("extensions/v1beta1", "DaemonSet"),
            "v1.14",
            false,
            Some((Deprecated, Some("1.14"), None)),
        ),
        (("extensions/v1beta1", "DaemonSet"), "v1.13", false, None),
        // The guide wins the removal; the group's deprecation still dates the deprecation.
        (
            ("extensions/v1beta1", "Ingress"),
            "v1.21",
            true,
            Some((Deprecated, Some("1.14"), Some("networking.k8s.io/v1"))),
        ),
        (
            ("extensions/v1beta1", "Ingress"),
            "v1.22",
            true,
            Some((Removed, Some("1.22"), Some("networking.k8s.io/v1"))),
        ),
        (
            ("networking.k8s.io/v1beta1", "Ingress"),
            "v1.21",
            false,
            Some((Deprecated, Some("1.19"), None)),
        ),
        (
            ("networking.k8s.io/v1beta1", "Ingress"),
            "v1.22",
            false,
            Some((Deprecated, Some("1.19"), None)),
        ),
        (
            ("networking.k8s.io/v1beta1", "Ingress"),
            "v1.22",
            true,
            Some((Removed, Some("1.22"), Some("networking.k8s.io/v1"))),
        ),
        // The changelogs say removed 1.19, the guide 1.25: deprecated, undated, until 1.25.
        (
            ("events.k8s.io/v1beta1", "Event"),
            "v1.19",
            false,
            Some((Removed, Some("1.19"), None)),
        ),
        (("events.k8s.io/v1beta1", "Event"), "v1.18", true, None),
        (
            ("events.k8s.io/v1beta1", "Event"),
            "v1.22",
            true,
            Some((Deprecated, None, Some("events.k8s.io/v1"))),
        ),
        (
            ("events.k8s.io/v1beta1", "Event"),
            "v1.25",
            true,
            Some((Removed, Some("1.25"), Some("events.k8s.io/v1"))),
        ),
        // The guide alone, before its removal: no dated statement, no finding.
        (("batch/v1beta1", "CronJob"), "v1.22", true, None),
        (
            ("batch/v1beta1", "CronJob"),
            "v1.25",
            true,
            Some((Removed, Some("1.25"), Some("batch/v1"))),
        ),
        // A resource named without a version applies to every group/version of it.
        (
            ("policy/v1beta1", "PodSecurityPolicy"),
            "v1.21",
            false,
            Some((Deprecated, Some("1.21"), None)),
        ),
        // Nothing said: never a finding.
        (("apps/v1", "Deployment"), "v1.30", true, None),
        (("v1", "ConfigMap"), "v1.30", true, None),
    ];
    let (timeline, guide) = (timeline(), guide());
    for ((api_version, kind), target, with_guide, expected) in cases {
        let g = with_guide.then_some(&guide);
        let report = check(&[object(api_version, kind)], &timeline, g, target, None).unwrap();
        let got = report
            .findings
            .first()
            .map(|f| (f.status, f.since.as_deref(), f.replacement.as_deref()));
        assert_eq!(
            got, *expected,
            "{api_version} {kind} at {target}, guide: {with_guide}"
        );
    }
}

/// A deprecation whose planned removal is at or before the target is flagged as due: the
/// plan says 1.25, no source records the removal (the changelogs read end before it).
#[test]
fn a_planned_removal_by_the_target_is_due() {
    let timeline = timeline();
    let psp = [object("policy/v1beta1", "PodSecurityPolicy")];
    let due = |target: &str| {
        let report = check(&psp, &timeline, None, target, None).unwrap();
        let f = &report.findings[0];
        assert_eq!(f.status, FindingStatus::Deprecated, "{target}");
        assert_eq!(report.removals_due(), usize::from(f.removal_due));
        f.removal_due
    };
    assert!(!due("v1.24"));
    assert!(due("v1.25"));
    assert!(due("v1.26.3"));
    let json = serde_json::to_value(
        check(&psp, &timeline, None, "v1.24", None)
            .unwrap()
            .findings[0]
            .clone(),
    )
    .unwrap();
    assert!(json.get("removal_due").is_none(), "{json}");
    assert!(past_history("v1.25", "v1.24.0-alpha.1"));
    assert!(!past_history("v1.24", "v1.24.0-alpha.1"));
    assert!(!past_history("v1.22.3", "v1.24.0"));
}

#[test]
fn evidence_names_both_sources_and_their_disagreement() {
    let (timeline, guide) = (timeline(), guide());
    let objects = [object("events.k8s.io/v1beta1", "Event")];
    let report = check(&objects, &timeline, Some(&guide), "v1.25.1", None).unwrap();
    let f = &report.findings[0];
    assert_eq!(report.target, "v1.25.1");
    assert_eq!(
        f.disagreement.as_deref(),
        Some("changelog says 1.19, guide says 1.25")
    );
    let cl = f.evidence.changelog.as_ref().unwrap();
    assert_eq!(
        (cl.status.as_str(), cl.since.as_str(), cl.pr),
        ("removed", "1.19", Some(2))
    );
    assert_eq!(cl.item, "events.k8s.io/v1beta1 Event");
    let g = f.evidence.guide.as_ref().unwrap();
    assert_eq!(
        (g.file.as_str(), g.line, g.removed_in.as_str()),
        ("guide.md", 10, "1.25")
    );

    // Agreement: no disagreement; a deprecation names its planned removal.
    let objects = [
        object("extensions/v1beta1", "Deployment"),
        object("networking.k8s.io/v1beta1", "Ingress"),
    ];
    let report = check(&objects, &timeline, Some(&guide), "v1.20", None).unwrap();
    assert_eq!(report.findings.len(), 2);
    assert_eq!(report.findings[0].disagreement, None);
    assert_eq!(report.findings[1].removal_planned.as_deref(), Some("1.22"));
    assert_eq!(
        report.findings[1]
            .evidence
            .changelog
            .as_ref()
            .unwrap()
            .status,
        "deprecated"
    );
    assert!(report.any_removed());
    assert_eq!(report.count(FindingStatus::Removed), 1);
    assert_eq!(report.count(FindingStatus::Deprecated), 1);
}

#[test]
fn from_marks_what_is_new_on_the_path() {
    let (timeline, guide) = (timeline(), guide());
    let objects = [
        object("extensions/v1beta1", "Deployment"), // removed 1.16: already at 1.16
        object("networking.k8s.io/v1beta1", "Ingress"), // deprecated 1.19, removed 1.22
        object("extensions/v1beta1", "DaemonSet"),  // deprecated 1.14: the same at both ends
    ];
    let report = check(&objects, &timeline, Some(&guide), "v1.22", Some("v1.16")).unwrap();
    let new: Vec<_> = report.findings.iter().map(|f| f.new_on_path).collect();
    assert_eq!(new, [Some(false), Some(true), Some(false)]);
    assert_eq!(report.from.as_deref(), Some("v1.16"));
    let without = check(&objects, &timeline, Some(&guide), "v1.22", None).unwrap();
    assert!(without.findings.iter().all(|f| f.new_on_path.is_none()));
}

#[test]
fn targets_are_versions_and_ranges_run_forward() {
    let timeline = timeline();
    for bad in ["", "latest", "v1", "1.x", "v1.22.3.4", "v1.22.x"] {
        assert!(
            matches!(
                check(&[], &timeline, None, bad, None),
                Err(QueryError::BadVersion(_))
            ),
            "{bad:?}"
        );
    }
    assert_eq!(parse_minor(" v1.22.3 ").unwrap(), (1, 22));
    assert_eq!(parse_minor("1.9").unwrap(), (1, 9));
    assert!(parse_minor("v1.10").unwrap() > parse_minor("v1.9").unwrap());
    assert!(matches!(
        check(&[], &timeline, None, "v1.16", Some("v1.22")),
        Err(QueryError::InvertedRange { .. })
    ));
}

#[test]
fn ten_thousand_objects_resolve_each_pair_once() {
    let (timeline, guide) = (timeline(), guide());
    let objects: Vec<_> = (0..10_000)
        .map(|i| match i % 3 {
            0 => object("extensions/v1beta1", "Deployment"),
            1 => object("apps/v1", "Deployment"),
            _ => object("networking.k8s.io/v1beta1", "Ingress"),
        })
        .collect();
    let report = check(&objects, &timeline, Some(&guide), "v1.22", None).unwrap();
    assert_eq!(report.findings.len(), 6667);
}

#[test]
fn parts_read_back_from_json_check_as_the_timeline_does() {
    let guide = guide();
    // Through JSON, as the explorer reads them from the index.
    let items: Vec<DeprecatedItem> =
        serde_json::from_str(&serde_json::to_string(&timeline().items).unwrap()).unwrap();
    let entries: Vec<GuideEntry> =
        serde_json::from_str(&serde_json::to_string(&guide.entries).unwrap()).unwrap();
    let objects: Vec<ManifestObject> = [
        ("extensions/v1beta1", "Deployment"),
        ("extensions/v1beta1", "Ingress"),
        ("policy/v1beta1", "PodSecurityPolicy"),
        ("apps/v1", "Deployment"),
    ]
    .iter()
    .map(|(a, k)| object(a, k))
    .collect();
    let parts = Checker::from_parts(&items, &entries);
    let mut found = 0;
    for target in ["v1.15", "v1.16", "v1.22", "v1.25"] {
        let report = parts.check(&objects, target, Some("v1.9")).unwrap();
        found += report.findings.len();
        assert_eq!(
            report,
            check(&objects, &timeline(), Some(&guide), target, Some("v1.9")).unwrap(),
            "{target}"
        );
    }
    assert!(found > 4, "{found}");
}

#[test]
fn guide_facts_say_where_the_changelogs_agree_and_where_not() {
    let timeline = timeline();
    let mut guide = guide();
    guide
        .entries
        .push(entry("policy/v1beta1", "PodSecurityPolicy", "1.25", "-"));
    let facts = Checker::new(&timeline, Some(&guide)).guide_facts(&guide.entries);
    let seen: Vec<String> = facts
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                f.api_version,
                f.kind,
                f.removed_in,
                f.changelogs.as_deref().unwrap_or("-"),
                f.agreement.label()
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            "extensions/v1beta1 Deployment 1.16 1.16 agrees",
            "events.k8s.io/v1beta1 Event 1.25 1.19 differs",
            "networking.k8s.io/v1beta1 Ingress 1.22 - not-stated",
            "extensions/v1beta1 Ingress 1.22 - not-stated",
            "batch/v1beta1 CronJob 1.25 - not-stated",
            "policy/v1beta1 PodSecurityPolicy 1.25 planned 1.25 agrees",
        ]
    );
    // Each fact cites both sources where both speak.
    assert_eq!(facts[0].guide.line, 10);
    assert_eq!(facts[1].changelog.as_ref().unwrap().pr, Some(2));
    assert!(facts[2].changelog.is_none());
}

#[test]
fn a_replacement_comes_from_the_guide_else_from_the_changelogs() {
    let mut timeline = timeline();
    for item in &mut timeline.items {
        item.replacement = Some(crate::timeline::Replacement {
            api_version: "apps/v1".into(),
            release: "v1.16.0-alpha.1".into(),
            pr: Some(70672),
        });
    }
    let objects = [object("extensions/v1beta1", "Deployment")];
    let without = check(&objects, &timeline, None, "v1.16", None).unwrap();
    assert_eq!(without.findings[0].replacement.as_deref(), Some("apps/v1"));
    assert_eq!(
        without.findings[0].replacement_from.as_deref(),
        Some("v1.16.0-alpha.1 #70672")
    );
    let with = check(&objects, &timeline, Some(&guide()), "v1.16", None).unwrap();
    assert_eq!(with.findings[0].replacement_from.as_deref(), Some("guide"));
}

/// A group/version's replacement in its own API group serves its kinds (the CRD of
/// `apiextensions.k8s.io/v1beta1` moves to `apiextensions.k8s.io/v1`, #90673); one in another
/// group does not (`extensions/v1beta1` → `apps/v1` is no answer for an Ingress).
#[test]
fn a_group_replacement_in_the_same_api_group_serves_its_kinds() {
    let replacement = |api_version: &str| crate::timeline::Replacement {
        api_version: api_version.into(),
        release: "v1.19.0-alpha.3".into(),
        pr: Some(90673),
    };
    let mut crd = api(
        "apiextensions.k8s.io/v1beta1",
        Some("CustomResourceDefinition"),
        Some("1.16"),
        None,
    );
    crd.events.clear();
    let mut group = api("apiextensions.k8s.io/v1beta1", None, Some("1.16"), None);
    group.replacement = Some(replacement("apiextensions.k8s.io/v1"));
    let mut ingress = api("extensions/v1beta1", Some("Ingress"), Some("1.14"), None);
    ingress.events.clear();
    let mut extensions = api("extensions/v1beta1", None, Some("1.14"), None);
    extensions.replacement = Some(replacement("apps/v1"));
    let timeline = DeprecationTimeline {
        items: vec![crd, group, ingress, extensions],
    };
    let objects = [
        object("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"),
        object("extensions/v1beta1", "Ingress"),
    ];
    let report = check(&objects, &timeline, None, "v1.16", None).unwrap();
    let replacements: Vec<(Option<&str>, Option<&str>)> = report
        .findings
        .iter()
        .map(|f| (f.replacement.as_deref(), f.replacement_from.as_deref()))
        .collect();
    assert_eq!(
        replacements,
        [
            (
                Some("apiextensions.k8s.io/v1"),
                Some("v1.19.0-alpha.3 #90673")
            ),
            (None, None)
        ]
    );
}

/// A deprecation at the target cites the deprecation's statement, not a removal released after
/// the target (Ingress in extensions/v1beta1 at 1.16: #74057 of v1.14, not v1.22.0's).
#[test]
fn a_deprecation_cites_its_own_statement() {
    let ingress = api(
        "extensions/v1beta1",
        Some("Ingress"),
        Some("1.14"),
        Some((Status::NoLongerServed, "1.22")),
    );
    let timeline = DeprecationTimeline {
        items: vec![ingress],
    };
    let objects = [object("extensions/v1beta1", "Ingress")];
    let cited = |target: &str| {
        let report = check(&objects, &timeline, None, target, None).unwrap();
        let evidence = report.findings[0].evidence.changelog.clone().unwrap();
        (evidence.status, evidence.pr)
    };
    assert_eq!(cited("v1.16"), ("deprecated".to_string(), Some(1)));
    assert_eq!(cited("v1.22"), ("no-longer-served".to_string(), Some(2)));
}
