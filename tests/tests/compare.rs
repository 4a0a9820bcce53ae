//! `compare` over the real corpus: the path's releases, cherry-pick de-duplication, groups and
//! the net dependency change, checked against what the CHANGELOG files say.

use k8s_changelog::compare;
use k8s_changelog_tests::corpus_history;

#[test]
fn a_cherry_pick_on_several_lines_counts_once() {
    let Some(h) = corpus_history() else { return };
    let path = compare(h, "v1.17.3", "v1.18.2").unwrap();
    // The path: v1.18.0, v1.18.1, v1.18.2; v1.17.x patches only as backports of its notes.
    assert_eq!(path.releases, ["v1.18.0", "v1.18.1", "v1.18.2"]);
    assert_eq!(path.releases.last().map(String::as_str), Some("v1.18.2"));
    // The informer fix shipped as #89976 in v1.17.5 and as #89975 in v1.18.2 (and as #89652 on
    // master): one entry, both releases.
    let informer: Vec<_> = path
        .notes()
        .filter(|n| {
            n.note
                .text
                .contains("informers falling back to full list requests")
        })
        .collect();
    assert_eq!(informer.len(), 1, "{informer:#?}");
    assert_eq!(informer[0].releases, ["v1.18.2", "v1.17.5"]);
    // The AWS security-groups fix: #88689 in v1.17.4, #83446 in v1.18.0.
    let aws: Vec<_> = path
        .notes()
        .filter(|n| {
            n.note
                .text
                .starts_with("Fix handling of aws-load-balancer-security-groups")
        })
        .collect();
    assert_eq!(aws.len(), 1, "{aws:#?}");
    assert_eq!(aws[0].releases, ["v1.18.0", "v1.17.4"]);
    // v1.17.9 (July 2020, after v1.18.2) fixed CVE-2020-8559 on the 1.17 line only: not on
    // this path.
    assert!(!path.notes().any(|n| n.note.text.contains("CVE-2020-8559")));
}

#[test]
fn upgrading_1_21_to_1_23() {
    let Some(h) = corpus_history() else { return };
    let path = compare(h, "v1.21.0", "v1.23.0").unwrap();
    assert!(path.missing.is_empty());
    assert!(path
        .releases
        .ends_with(&["v1.22.0".to_string(), "v1.23.0".to_string()]));
    let urgent = &path.groups[0];
    assert_eq!(urgent.title, "Urgent: action required");
    // v1.22.0's urgent note on the audit log file mode (#95387).
    assert!(
        urgent.notes.iter().any(|n| n.note.prs[0] == 95387),
        "{:#?}",
        urgent.notes
    );
    // No note is listed twice.
    let mut prs: Vec<u64> = path.notes().filter_map(|n| n.note.pr()).collect();
    let total = prs.len();
    prs.sort_unstable();
    prs.dedup();
    assert_eq!(prs.len(), total);
    // Net dependency change: etcd ends at 3.5.1 (v1.23.0 "Upgrade etcd to 3.5.1"), Go at 1.17.3,
    // one line each.
    let net = |m: &str| {
        path.dependencies
            .changed
            .iter()
            .filter(|c| c.module == m)
            .collect::<Vec<_>>()
    };
    assert_eq!(net("etcd").len(), 1);
    assert_eq!(net("etcd")[0].to, "3.5.1");
    assert_eq!(net("go")[0].to, "1.17.3");
    assert_eq!(
        net("github.com/google/cadvisor")[0].from.as_deref(),
        Some("v0.39.0")
    );
    // CVE-2021-25741 was fixed in v1.21.5, on the path.
    assert!(path.security.iter().any(|a| a.id == "CVE-2021-25741"));
}

/// The net versions of key components are the dependency timeline's (what `deps` says), not
/// the last sentence of the path's `x.y.0` notes in file order.
#[test]
fn key_components_end_where_deps_says() {
    let Some(h) = corpus_history() else { return };
    let net = |from: &str, to: &str| -> Vec<String> {
        compare(h, from, to)
            .unwrap()
            .dependencies
            .changed
            .iter()
            .filter(|c| ["etcd", "coredns", "cri-tools", "go"].contains(&c.module.as_str()))
            .map(|c| {
                format!(
                    "{} {} -> {}",
                    c.module,
                    c.from.as_deref().unwrap_or("?"),
                    c.to
                )
            })
            .collect()
    };
    // v1.22.0's notes state etcd 3.5.0-beta.3 (CHANGELOG-1.22.md:1161, #102062) before kubeadm's
    // 3.4.13-3 (:1315, #100612), and its major themes "etcd moves to version 3.5.0" (:889);
    // CoreDNS 1.8.4 (:1108); cri-tools v1.21.0 (:1361); v1.15.3 is built with Go 1.12.9
    // (CHANGELOG-1.15.md:802, #81489).
    assert_eq!(
        net("v1.15.3", "v1.22.1"),
        [
            "coredns 1.3.1 -> 1.8.4",
            "cri-tools 1.14.0 -> 1.21.0",
            "etcd 3.3.10 -> 3.5.0",
            "go 1.12.9 -> 1.16.7"
        ]
    );
    // v1.19.0 is built with Go 1.15.0-rc.1 (CHANGELOG-1.19.md:2140), not 1.13.9 (a parent
    // bullet of its cycle, :2239).
    assert!(net("v1.19.0", "v1.23.0").contains(&"go 1.15.0-rc.1 -> 1.17.3".to_string()));
}

#[test]
fn unknown_and_inverted_requests_fail_clearly() {
    let Some(h) = corpus_history() else { return };
    assert_eq!(
        compare(h, "v1.21.0", "v1.99.0").unwrap_err().to_string(),
        "no such release v1.99.0; nearest: v1.24.0-alpha.1"
    );
    assert!(compare(h, "v1.23.0", "v1.21.0")
        .unwrap_err()
        .to_string()
        .starts_with("inverted range"));
}

/// Advisories: one that affects the start and is fixed by a release on the path is listed
/// (CVE-2021-25735, "fixed in kube-apiserver v1.21.0", whose advisory sits in v1.20.6's notes);
/// one whose affected range covers the target is the target's (CVE-2021-25741 for v1.22.1).
#[test]
fn advisories_fixed_on_the_path_and_still_affecting_the_target() {
    let Some(h) = corpus_history() else { return };
    let path = compare(h, "v1.15.3", "v1.22.1").unwrap();
    let ids = |list: &[k8s_changelog::Advisory]| -> Vec<String> {
        list.iter().map(|a| a.id.clone()).collect()
    };
    assert_eq!(ids(&path.security), ["CVE-2021-25735"]);
    let affected: Vec<k8s_changelog::Advisory> = path
        .target_affected
        .iter()
        .map(|t| t.advisory.clone())
        .collect();
    assert_eq!(ids(&affected), ["CVE-2021-25741"]);
    assert_eq!(
        path.target_affected[0].affected,
        "kubelet v1.22.0 - v1.22.1"
    );
    assert_eq!(
        path.target_affected[0].fixed.as_deref(),
        Some("kubelet v1.22.2")
    );
    let fixed = compare(h, "v1.15.3", "v1.22.2").unwrap();
    assert!(fixed.target_affected.is_empty());
}
