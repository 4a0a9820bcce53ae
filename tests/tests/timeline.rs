//! Timelines over the whole corpus: deprecations and removals, dependency versions, CVEs.
//! Golden snapshots of the compact renderings, plus asserts of facts checked in the Markdown.

use k8s_changelog::cves;
use k8s_changelog::timeline::{dependencies, deprecations, DeprecationTimeline, ItemKind, Status};
use k8s_changelog_tests::{corpus_history, require};
use std::fmt::Write as _;
use std::sync::OnceLock;

fn timeline() -> Option<&'static DeprecationTimeline> {
    static TIMELINE: OnceLock<DeprecationTimeline> = OnceLock::new();
    let history = corpus_history()?;
    Some(TIMELINE.get_or_init(|| deprecations(history)))
}

#[test]
fn deprecations_golden() {
    let timeline = require!(timeline());
    insta::assert_snapshot!("deprecations", timeline.to_string());
}

#[test]
fn dump_for_review() {
    // Only on request: `TIMELINE_DUMP=path cargo test … dump_for_review`.
    let Some(path) = std::env::var_os("TIMELINE_DUMP") else {
        return;
    };
    let timeline = require!(timeline());
    std::fs::write(path, serde_json::to_string_pretty(timeline).unwrap()).unwrap();
}

/// etcd and Go from v1.10.0 to the last 1.23 release: the version at every `x.y.0`, then every
/// change on the way (the example).
#[test]
fn dependencies_golden_etcd_and_go_1_10_to_1_23() {
    let history = require!(corpus_history());
    let in_range = |tag: &str| {
        let v = k8s_changelog::parse_tag(tag).unwrap();
        v.major == 1 && (10..=23).contains(&v.minor)
    };
    let mut out = String::new();
    for name in ["etcd", "go"] {
        let timeline = dependencies(history, name);
        let _ = writeln!(out, "## {name}: at each x.y.0");
        for release in history
            .releases()
            .iter()
            .filter(|r| in_range(&r.version) && r.semver.patch == 0 && r.semver.pre.is_empty())
        {
            let _ = writeln!(
                out,
                "{:<8} {}",
                release.version,
                timeline.at(release).unwrap_or("?")
            );
        }
        let _ = writeln!(out, "## {name}: changes");
        for change in timeline.changes().iter().filter(|c| in_range(&c.release)) {
            let _ = writeln!(
                out,
                "{:<16} {} -> {}",
                change.release,
                change.from.as_deref().unwrap_or("?"),
                change.to.as_deref().unwrap_or("(removed)")
            );
        }
        let _ = writeln!(out);
    }
    insta::assert_snapshot!("dependencies_etcd_go", out);
}

/// Every CVE, one line each: id, CVSS, title, releases.
#[test]
fn cves_golden() {
    let history = require!(corpus_history());
    let mut out = String::new();
    for cve in cves(history) {
        let cvss = match (&cve.cvss_rating, cve.cvss_score) {
            (Some(rating), Some(score)) => format!(" [{rating} {score}]"),
            (Some(rating), None) => format!(" [{rating}]"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{}{cvss} {} | {}{}",
            cve.id,
            clip(cve.title.as_deref().unwrap_or("-"), 90),
            cve.releases.join(" "),
            if cve.fixed.is_empty() {
                String::new()
            } else {
                format!(" | fixed: {}", cve.fixed.join(", "))
            }
        );
    }
    insta::assert_snapshot!("cves", out);
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Facts the changelogs state, checked in the Markdown.
#[test]
fn deprecations_match_what_the_changelogs_say() {
    let timeline = require!(timeline());
    let item = |name: &str, resource: Option<&str>| {
        timeline
            .get(name, resource)
            .unwrap_or_else(|| panic!("no item {name} {resource:?}"))
    };
    let minors = |name: &str, resource: Option<&str>| {
        let i = item(name, resource);
        (i.deprecated_in.clone(), i.removed_in.clone())
    };
    let some = |d: Option<&str>, r: Option<&str>| (d.map(String::from), r.map(String::from));

    // CHANGELOG-1.8: "The Deployment, DaemonSet, and ReplicaSet kinds in the extensions/v1beta1
    // group version are now deprecated"; CHANGELOG-1.16 (#70672): "no longer served by default".
    for kind in ["Deployment", "DaemonSet", "ReplicaSet"] {
        assert_eq!(
            minors("extensions/v1beta1", Some(kind)),
            some(Some("1.8"), Some("1.16")),
            "{kind}"
        );
        let served = item("extensions/v1beta1", Some(kind))
            .events
            .iter()
            .find(|e| e.status == Status::NoLongerServed)
            .unwrap();
        assert_eq!(
            (served.since.as_str(), served.first.as_str(), served.pr),
            ("1.16", "v1.16.0-alpha.1", Some(70672))
        );
        assert!(served.releases.contains(&"v1.16.0".to_string()));
    }
    // "All resources under `apps/v1beta1` and `apps/v1beta2`" (1.16), whose Deployments were
    // deprecated in 1.8.
    assert_eq!(minors("apps/v1beta2", None).1.as_deref(), Some("1.16"));
    assert_eq!(minors("apps/v1beta1", None).1.as_deref(), Some("1.16"));
    assert_eq!(
        minors("apps/v1beta1", Some("Deployment")),
        some(Some("1.8"), Some("1.16"))
    );
    // CHANGELOG-1.6: "Remove extensions/v1beta1 Jobs resource".
    assert_eq!(
        minors("extensions/v1beta1", Some("Job")),
        some(Some("1.5"), Some("1.6"))
    );
    // CHANGELOG-1.21: "The PodSecurityPolicy API is deprecated in 1.21, and will no longer be
    // served starting in 1.25."
    let psp = item("PodSecurityPolicy", None);
    assert_eq!(psp.kind, ItemKind::Resource);
    assert_eq!(
        (psp.deprecated_in.as_deref(), psp.removed_in.as_deref()),
        (Some("1.21"), None)
    );
    assert_eq!(psp.removal_planned.as_deref(), Some("1.25"));
    // CHANGELOG-1.16: "kube-apiserver: the `--basic-auth-file` flag and authentication mode is
    // deprecated"; CHANGELOG-1.19 (#89069): "Support for basic authentication via the
    // --basic-auth-file flag has been removed."
    let basic = item("--basic-auth-file", None);
    assert_eq!(basic.kind, ItemKind::Flag);
    assert_eq!(
        (basic.deprecated_in.as_deref(), basic.removed_in.as_deref()),
        (Some("1.16"), Some("1.19"))
    );
    assert_eq!(basic.components, ["kube-apiserver"]);
    let removed = basic
        .events
        .iter()
        .find(|e| e.status == Status::Removed)
        .unwrap();
    assert_eq!(
        (removed.first.as_str(), removed.pr),
        ("v1.19.0", Some(89069))
    );
    // CHANGELOG-1.20: "Docker support in the kubelet is now deprecated"; 1.24.0-alpha.1:
    // "Docker runtime support using dockshim in the kubelet is now completely removed".
    assert_eq!(minors("dockershim", None), some(Some("1.20"), Some("1.24")));
    // CHANGELOG-1.13: "kubeadm: deprecate the DynamicKubeletConfig feature gate": kubeadm's own
    // gate, the only DynamicKubeletConfig item. (1.22's "The feature Dynamic Kubelet
    // Configuration is deprecated" names the kubelet's only in prose, and its flag in a "when …"
    // clause, so neither counts.)
    let dynamic = item("DynamicKubeletConfig", None);
    assert_eq!(dynamic.kind, ItemKind::FeatureGate);
    assert_eq!(dynamic.components, ["kubeadm"]);
    assert_eq!(dynamic.label(), "DynamicKubeletConfig (kubeadm)");
    assert_eq!(dynamic.deprecated_in.as_deref(), Some("1.13"));
    assert_eq!(dynamic.events[0].pr, Some(70849));
    let dynamic_items = timeline
        .items
        .iter()
        .filter(|i| i.name == "DynamicKubeletConfig")
        .count();
    assert_eq!(dynamic_items, 1);
    // CHANGELOG-1.17: "The in-tree GCE PD plugin `kubernetes.io/gce-pd` is now deprecated and
    // will be removed in 1.21."
    for plugin in ["kubernetes.io/gce-pd", "kubernetes.io/aws-ebs"] {
        let p = item(plugin, None);
        assert_eq!(p.deprecated_in.as_deref(), Some("1.17"), "{plugin}");
        assert_eq!(p.removal_planned.as_deref(), Some("1.21"), "{plugin}");
    }
    // CHANGELOG-1.8: "The `batch/v2alpha1.CronJob` is deprecated in favor of `batch/v1beta1`";
    // CHANGELOG-1.21: "The `batch/v2alpha1` CronJob type definitions and clients are deprecated
    // and removed." The replacement is not an item.
    assert_eq!(
        minors("batch/v2alpha1", Some("CronJob")),
        some(Some("1.8"), Some("1.21"))
    );
    assert!(timeline.get("batch/v1beta1", None).is_none());
    assert!(timeline.get("apps/v1", None).is_none());
    // CHANGELOG-1.17 (#85044): "remove the deprecated `--cri-socket` flag for `kubeadm upgrade
    // apply`": a removal from that command, not the flag's.
    let cri_socket = item("--cri-socket", None);
    assert_eq!(cri_socket.removed_in, None);
    assert_eq!(
        cri_socket.scoped_removals_text(|e| format!("{} #{}", e.since, e.pr.unwrap_or(0))),
        Some("from kubeadm upgrade apply: 1.17 #85044".to_string())
    );
}

/// How complete the timeline is: the figures the module docs quote.
#[test]
fn deprecations_cover_every_kind_of_item() {
    let timeline = require!(timeline());
    let count = |kind: ItemKind| timeline.items.iter().filter(|i| i.kind == kind).count();
    let figures = [
        ("api", count(ItemKind::ApiVersion)),
        ("resource", count(ItemKind::Resource)),
        ("flag", count(ItemKind::Flag)),
        ("feature-gate", count(ItemKind::FeatureGate)),
        ("plugin", count(ItemKind::Plugin)),
        ("subsystem", count(ItemKind::Subsystem)),
    ];
    eprintln!("{} items: {figures:?}", timeline.items.len());
    assert!(timeline.items.len() >= 200, "{figures:?}");
    assert!(figures.iter().all(|(_, n)| *n > 0), "{figures:?}");
    for item in &timeline.items {
        // An item removed from one of kubeadm's commands only is neither (`--cri-socket`).
        assert!(
            item.deprecated_in.is_some()
                || item.removed_in.is_some()
                || item.scoped_removals().next().is_some(),
            "{} has no status",
            item.key()
        );
        assert!(!item.events.is_empty());
    }
    let json = serde_json::to_value(timeline).unwrap();
    assert_eq!(
        json["items"].as_array().unwrap().len(),
        timeline.items.len()
    );
}

/// Versions checked in the Markdown.
#[test]
fn dependency_versions_match_the_changelogs() {
    let history = require!(corpus_history());
    let at = |name: &str, tag: &str| {
        dependencies(history, name)
            .at(history.find(tag).unwrap())
            .map(String::from)
    };
    // CHANGELOG-1.20 L2312: "Update default etcd server version to 3.4.13" (v1.20.0).
    assert_eq!(at("etcd", "v1.20.0").as_deref(), Some("3.4.13"));
    // CHANGELOG-1.19: 3.4.4, 3.4.7 then 3.4.9 in v1.19.0; v1.19.1 backports 3.4.13, which does
    // not reach 1.20 through the patch, but 1.20.0-alpha.1 states it itself.
    assert_eq!(at("etcd", "v1.19.0").as_deref(), Some("3.4.9"));
    assert_eq!(at("etcd", "v1.19.1").as_deref(), Some("3.4.13"));
    // CHANGELOG-1.16 L2012: "etcd has been updated to v3.3.15"; 1.17 moves to 3.4.3.
    assert_eq!(at("etcd", "v1.16.0").as_deref(), Some("3.3.15"));
    assert_eq!(at("etcd", "v1.17.0").as_deref(), Some("3.4.3"));
    // CHANGELOG-1.10: 3.2.14 and 3.2.16 in betas, back to 3.1.12 in beta.4 and v1.10.0.
    assert_eq!(at("etcd", "v1.10.0-beta.2").as_deref(), Some("3.2.16"));
    assert_eq!(at("etcd", "v1.10.0").as_deref(), Some("3.1.12"));
    // CHANGELOG-1.12 L1495-1496: "The default Go version was updated to 1.10.4", then "The
    // minimum supported Go version was updated to 1.10.2": the highest is the build's.
    assert_eq!(at("go", "v1.12.0").as_deref(), Some("1.10.4"));
    // CHANGELOG-1.22: Go 1.16.7 in v1.22.1, 1.16.8 in v1.22.2; 1.23 is on 1.17.
    assert_eq!(at("go", "v1.22.2").as_deref(), Some("1.16.8"));
    assert_eq!(at("go", "v1.23.0").as_deref(), Some("1.17.3"));
    // A patch's bump stays on its line: v1.21.5's Go 1.16.8 is not v1.22.0's.
    assert_eq!(at("go", "v1.22.0").as_deref(), Some("1.16.6"));
    // A go module by exact name.
    assert_eq!(
        at("github.com/opencontainers/runc", "v1.22.2").as_deref(),
        Some("v1.0.2")
    );
    let etcd = dependencies(history, "etcd");
    assert_eq!(etcd.versions.len(), history.releases().len());
    assert!(serde_json::to_value(&etcd).is_ok());
}

/// CoreDNS from 1.15 to 1.17, checked in the Markdown (a tester found 1.5.0 throughout: the
/// reverts and "now includes" unread, the 1.16 bump read as a module "kube-up").
#[test]
fn coredns_versions_1_15_to_1_17_match_the_changelogs() {
    let history = require!(corpus_history());
    let coredns = dependencies(history, "coredns");
    let at = |tag: &str| coredns.at(history.find(tag).unwrap());
    let stated = |tag: &str| {
        let s = coredns.statements.iter().find(|s| s.release == tag)?;
        Some((s.version.as_deref(), s.line))
    };
    // CHANGELOG-1.15 L1827 (beta.1): "CoreDNS is now version 1.5.0"; L1679 (beta.2): "kubeadm:
    // revert the CoreDNS version to 1.3.1"; L1607 (rc.1): "Revert the CoreDNS version to
    // 1.3.1"; L1390 (v1.15.0): "Reverted the CoreDNS version to 1.3.1 for kubeadm".
    assert_eq!(stated("v1.15.0-beta.1"), Some((Some("1.5.0"), 1827)));
    assert_eq!(stated("v1.15.0-beta.2"), Some((Some("1.3.1"), 1679)));
    assert_eq!(stated("v1.15.0-rc.1"), Some((Some("1.3.1"), 1607)));
    assert_eq!(stated("v1.15.0"), Some((Some("1.3.1"), 1390)));
    assert_eq!(at("v1.15.0"), Some("1.3.1"));
    // CHANGELOG-1.16 L2013: "CoreDNS for kubeadm and kube-up has been updated to v1.6.2";
    // L2422 (beta.2): "Kubeadm now includes CoreDNS version 1.6.2".
    assert_eq!(stated("v1.16.0"), Some((Some("1.6.2"), 2013)));
    assert_eq!(stated("v1.16.0-beta.2"), Some((Some("1.6.2"), 2422)));
    assert_eq!(at("v1.16.0"), Some("1.6.2"));
    // CHANGELOG-1.17 L2661 (beta.2) and L2038 (v1.17.0): "Kubeadm now includes CoreDNS
    // version 1.6.5".
    assert_eq!(stated("v1.17.0-beta.2"), Some((Some("1.6.5"), 2661)));
    assert_eq!(stated("v1.17.0"), Some((Some("1.6.5"), 2038)));
    assert_eq!(at("v1.17.0"), Some("1.6.5"));
    let changes: Vec<_> = coredns
        .changes()
        .iter()
        .filter(|c| {
            ["v1.15.", "v1.16.", "v1.17."]
                .iter()
                .any(|m| c.release.starts_with(m))
        })
        .map(|c| (c.release.as_str(), c.from.as_deref(), c.to.as_deref()))
        .collect();
    assert_eq!(
        changes,
        [
            ("v1.15.0-beta.1", Some("1.3.1"), Some("1.5.0")),
            ("v1.15.0-beta.2", Some("1.5.0"), Some("1.3.1")),
            ("v1.16.0-beta.2", Some("1.3.1"), Some("1.6.2")),
            ("v1.17.0-beta.2", Some("1.6.2"), Some("1.6.5")),
        ]
    );
    // A key component in any case.
    let v1_17_0 = history.find("v1.17.0").unwrap();
    assert_eq!(dependencies(history, "CoreDNS").at(v1_17_0), Some("1.6.5"));
    // Not a module named from the tail of "CoreDNS for kubeadm and kube-up".
    assert!(!dependencies(history, "kube-up").is_named());
}

/// Advisories and mentions checked in the Markdown.
#[test]
fn cves_match_the_changelogs() {
    let history = require!(corpus_history());
    let all = cves(history);
    let find = |id: &str| all.iter().find(|c| c.id == id).unwrap();
    let symlink = find("CVE-2021-25741");
    assert_eq!(
        symlink.title.as_deref(),
        Some("Symlink Exchange Can Allow Host Filesystem Access")
    );
    assert_eq!(
        (symlink.cvss_rating.as_deref(), symlink.cvss_score),
        (Some("High"), Some(8.8))
    );
    assert_eq!(
        symlink.fixed,
        [
            "kubelet v1.22.2",
            "kubelet v1.21.5",
            "kubelet v1.20.11",
            "kubelet v1.19.15"
        ]
    );
    assert_eq!(symlink.affected.len(), 4);
    assert_eq!(
        symlink.releases,
        ["v1.19.15", "v1.20.11", "v1.21.5", "v1.22.2"]
    );
    let proxy = find("CVE-2018-1002105");
    for line in ["v1.10.", "v1.11.", "v1.12."] {
        assert!(
            proxy.releases.iter().any(|r| r.starts_with(line)),
            "{line}: {:?}",
            proxy.releases
        );
    }
    assert!(proxy.title.as_deref().unwrap().contains("kube-apiserver"));
    // Sorted by year, then number.
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    let pos = |id: &str| ids.iter().position(|i| *i == id).unwrap();
    assert!(pos("CVE-2019-9512") < pos("CVE-2019-11246"));
    assert!(all
        .iter()
        .all(|c| !c.releases.is_empty() && c.title.is_some()));
    assert!(serde_json::to_value(&all).is_ok());
}

#[test]
fn replacements_come_from_the_statements_with_their_release() {
    let timeline = require!(timeline());
    // (API version, kind, replacement), as the corpus notes say.
    for (api, kind, want) in [
        ("extensions/v1beta1", Some("Deployment"), "apps/v1"),
        (
            "extensions/v1beta1",
            Some("PodSecurityPolicy"),
            "policy/v1beta1",
        ),
        (
            "extensions/v1beta1",
            Some("NetworkPolicy"),
            "networking.k8s.io/v1",
        ),
        ("autoscaling/v2beta1", None, "autoscaling/v2beta2"),
        ("batch/v2alpha1", Some("CronJob"), "batch/v1beta1"),
    ] {
        let item = timeline
            .get(api, kind)
            .unwrap_or_else(|| panic!("{api} {kind:?}"));
        let r = item.replacement.as_ref().unwrap_or_else(|| panic!("{api}"));
        assert_eq!(r.api_version, want, "{api} {kind:?}");
        assert!(
            item.events.iter().any(|e| e.first == r.release),
            "the release of one of its statements: {r:?}"
        );
    }
    let named = timeline
        .items
        .iter()
        .filter(|i| i.replacement.is_some())
        .count();
    println!("API versions with a replacement named in the notes: {named}");
    assert!(named >= 15, "{named}");
    // Never for what is not an API version.
    assert!(timeline
        .items
        .iter()
        .all(|i| i.replacement.is_none() || i.kind == ItemKind::ApiVersion));
}
