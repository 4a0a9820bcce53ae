use super::*;

/// A history: each entry is a tag and its bug-fix notes as (PR, text).
fn history(releases: &[(&str, &[(u64, &str)])]) -> History {
    let mut text = String::new();
    for (tag, notes) in releases {
        text.push_str(&format!(
            "# {tag}\n\n## Changes by Kind\n\n### Bug or Regression\n\n"
        ));
        for (pr, note) in *notes {
            text.push_str(&format!(
                "- {note} ([#{pr}](https://github.com/kubernetes/kubernetes/pull/{pr}), [@a](https://github.com/a)) [SIG Node]\n"
            ));
        }
        text.push('\n');
    }
    History::new(crate::parse(&text, "t.md"))
}

fn notes(path: &UpgradePath) -> Vec<(u64, Vec<String>)> {
    path.notes()
        .map(|n| (n.note.prs[0], n.releases.clone()))
        .collect()
}

const CHERRY: &str = "Fix a race in the informer's relist when the watch times out";

fn graph() -> History {
    history(&[
        (
            "v1.20.0",
            &[(1, "Old cycle note that the user already runs")],
        ),
        (
            "v1.20.1",
            &[(2, "A patch the user already has on the old line")],
        ),
        ("v1.20.2", &[(3, CHERRY)]),
        (
            "v1.21.0-rc.0",
            &[(4, "A release candidate note, curated into v1.21.0 later")],
        ),
        (
            "v1.21.0",
            &[
                (5, CHERRY),
                (6, "New in the 1.21 cycle: a feature of some size"),
            ],
        ),
        (
            "v1.21.1",
            &[(7, "A patch on the new line that the path crosses")],
        ),
        (
            "v1.21.2",
            &[(8, "A patch released after the target, out of the path")],
        ),
        (
            "v1.22.0-alpha.1",
            &[(
                9,
                "The next cycle's first alpha, only for pre-release paths",
            )],
        ),
    ])
}

#[test]
fn the_path_crosses_the_release_graph() {
    let h = graph();
    let path = compare(&h, "v1.20.1", "v1.21.1").unwrap();
    assert_eq!(path.releases, ["v1.21.0", "v1.21.1"]);
    // The cherry-pick (#5 in 1.21.0, #3 backported to v1.20.2) counts once and lists the
    // backport; v1.20.2's other notes, if any, would not be on the path.
    let want: Vec<(u64, Vec<String>)> = vec![
        (5, vec!["v1.21.0".into(), "v1.20.2".into()]),
        (6, vec!["v1.21.0".into()]),
        (7, vec!["v1.21.1".into()]),
    ];
    assert_eq!(notes(&path), want);

    // From v1.20.2 the cherry-pick is already installed.
    let path = compare(&h, "v1.20.2", "v1.21.0").unwrap();
    assert_eq!(notes(&path), vec![(6, vec!["v1.21.0".to_string()])]);
    assert_eq!(path.already_included, 1);

    // Same line: just the patches in between.
    assert_eq!(
        compare(&h, "v1.21.0", "v1.21.2").unwrap().releases,
        ["v1.21.1", "v1.21.2"]
    );
    // A pre-release target crosses pre-releases of its own cycle only; v1.21.2 (on the
    // start's line) is not crossed.
    let pre = compare(&h, "v1.21.1", "v1.22.0-alpha.1").unwrap();
    assert_eq!(pre.releases, ["v1.22.0-alpha.1"]);
}

#[test]
fn bad_requests_say_what_is_wrong() {
    let h = graph();
    assert_eq!(
        compare(&h, "v1.21.1", "v1.20.0").unwrap_err().to_string(),
        "inverted range: v1.21.1 is newer than v1.20.0"
    );
    assert_eq!(
        compare(&h, "v1.20.0", "v1.99.0").unwrap_err().to_string(),
        "no such release v1.99.0; nearest: v1.22.0-alpha.1"
    );
    let gap = compare(
        &history(&[("v1.19.0", &[]), ("v1.21.0", &[])]),
        "v1.19.0",
        "v1.21.0",
    )
    .unwrap();
    assert_eq!(gap.missing, ["v1.20.0"]);
}

#[test]
fn groups_put_urgent_first() {
    let text = "# v1.1.0\n\n## Urgent Upgrade Notes\n\n- Remove the old flag ([#2](https://github.com/kubernetes/kubernetes/pull/2))\n\n## Changes by Kind\n\n### Bug or Regression\n\n- A fix ([#1](https://github.com/kubernetes/kubernetes/pull/1))\n\n# v1.0.0\n";
    let h = History::new(crate::parse(text, "t.md"));
    let path = compare(&h, "v1.0.0", "v1.1.0").unwrap();
    let groups: Vec<Group> = path.groups.iter().map(|g| g.group).collect();
    assert_eq!(groups, [Group::Urgent, Group::BugFixes]);
}

#[test]
fn dependencies_net_out_over_the_path() {
    let text = "\
# v1.2.0\n\n## Dependencies\n\n### Added\n- example.com/new: v0.2.0\n\n### Changed\n- golang.org/x/net: v0.2.0 → v0.3.0\n- example.com/gone: v1.0.0 → v1.1.0\n\n### Removed\n- example.com/old: v0.9.0\n\n\
# v1.1.0\n\n## Dependencies\n\n### Added\n_Nothing has changed._\n\n### Changed\n- golang.org/x/net: v0.1.0 → v0.2.0\n\n### Removed\n_Nothing has changed._\n\n\
# v1.0.0\n";
    let h = History::new(crate::parse(text, "t.md"));
    let deps = compare(&h, "v1.0.0", "v1.2.0").unwrap().dependencies;
    let show = |v: &[NetChange]| -> Vec<String> {
        v.iter()
            .map(|c| format!("{} {:?} {}", c.module, c.from, c.to))
            .collect()
    };
    assert_eq!(
        show(&deps.changed),
        [
            "example.com/gone Some(\"v1.0.0\") v1.1.0",
            "golang.org/x/net Some(\"v0.1.0\") v0.3.0"
        ]
    );
    assert_eq!(show(&deps.added), ["example.com/new None v0.2.0"]);
    assert_eq!(
        show(&deps.removed),
        ["example.com/old Some(\"v0.9.0\") v0.9.0"]
    );
}

#[test]
fn a_pre_release_start_already_runs_its_lines_pre_releases() {
    let h = history(&[
        ("v1.21.0-alpha.1", &[(1, "An alpha change")]),
        ("v1.21.0-rc.0", &[(2, "A release candidate fix")]),
        (
            "v1.21.0-rc.1",
            &[(3, "A fix after the candidate the user runs")],
        ),
        (
            "v1.21.0",
            &[
                (1, "An alpha change"),
                (2, "A release candidate fix"),
                (3, "A fix after the candidate the user runs"),
            ],
        ),
    ]);
    let path = compare(&h, "v1.21.0-rc.0", "v1.21.0").unwrap();
    // #1 and #2 shipped in the alpha and in rc.0, which the user runs; only #3 is new.
    assert_eq!(path.already_included, 2);
    assert_eq!(notes(&path), vec![(3, vec!["v1.21.0".to_string()])]);
}

/// An `x.y.0` gathers its cycle's bumps in no reliable order (v1.22.0 says etcd 3.5.0-beta.3,
/// then kubeadm's 3.4.13-3, CHANGELOG-1.22.md lines 1161 and 1315): the net change of a key
/// component is the dependency timeline's, which reads the pre-releases in order, as `deps`
/// does; not the path's last sentence in file order.
#[test]
fn a_key_components_net_change_is_the_timelines() {
    let h = history(&[
        ("v1.21.0", &[(1, "Update etcd to 3.4.13")]),
        ("v1.22.0-alpha.2", &[(2, "Update etcd to 3.4.13-3")]),
        ("v1.22.0-beta.0", &[(3, "Update etcd to 3.5.0-beta.3")]),
        (
            "v1.22.0",
            &[
                (3, "Update etcd to 3.5.0-beta.3"),
                (2, "Update etcd to 3.4.13-3"),
            ],
        ),
    ]);
    let path = compare(&h, "v1.21.0", "v1.22.0").unwrap();
    let etcd: Vec<String> = path
        .dependencies
        .changed
        .iter()
        .map(|c| format!("{} {:?} -> {}", c.module, c.from, c.to))
        .collect();
    assert_eq!(etcd, ["etcd Some(\"3.4.13\") -> 3.5.0-beta.3"]);
    let timeline = crate::timeline::dependencies(&h, "etcd");
    assert_eq!(
        timeline.at(h.find("v1.22.0").unwrap()),
        Some("3.5.0-beta.3")
    );
}

/// CHANGELOG-1.15.md L1521, CHANGELOG-1.16.md L2026 and L2199, CHANGELOG-1.17.md L2399 and
/// L2231/L2316: klog's sentences and its go.mod rows are one library (they agree on 0.4.0 in
/// v1.16.0, and no other module ends in `klog`); etcd's server sentence and the two etcd
/// client modules are not.
#[test]
fn a_prose_name_tied_to_its_go_module_is_listed_once() {
    let dep = |rows: &str| format!("## Dependencies\n\n### Changed\n{rows}\n\n");
    let text = format!(
        "# v1.17.0\n\n## Changelog\n\n\
- Update default etcd server version to 3.4.3 ([#84329](https://github.com/kubernetes/kubernetes/pull/84329), [@jingyih](https://github.com/jingyih))\n\n{}\
# v1.16.0\n\n## Changelog\n\n\
- klog has been updated to v0.4.0 ([#81164](https://github.com/kubernetes/kubernetes/pull/81164))\n\n{}\
# v1.15.0\n\n## Changelog\n\n\
- klog has been updated to 0.3.0 ([#76474](https://github.com/kubernetes/kubernetes/pull/76474))\n\n\
# v1.14.0\n",
        dep("- k8s.io/klog: v0.4.0 → v1.0.0\n- go.etcd.io/etcd: 3cf2f69\n- github.com/coreos/etcd: v3.3.15+incompatible → v3.3.10+incompatible"),
        dep("- k8s.io/klog: v0.3.1 → v0.4.0"),
    );
    let h = History::new(crate::parse(&text, "t.md"));
    let path = compare(&h, "v1.14.0", "v1.17.0").unwrap();
    let changed: Vec<(&str, Option<&str>, &str)> = path
        .dependencies
        .changed
        .iter()
        .map(|c| (c.module.as_str(), c.from.as_deref(), c.to.as_str()))
        .collect();
    assert!(
        changed.contains(&("k8s.io/klog", Some("v0.3.1"), "v1.0.0")),
        "{changed:?}"
    );
    assert!(!changed.iter().any(|c| c.0 == "klog"), "{changed:?}");
    assert!(changed.iter().any(|c| c.0 == "etcd"), "{changed:?}");
    // Where only the sentences speak (no go.mod list on the path), the prose name stays.
    let early = compare(&h, "v1.14.0", "v1.15.0").unwrap();
    assert_eq!(early.dependencies.changed[0].module, "klog");
    assert_eq!(ties::lineage_root("k8s.io/klog/v2"), "k8s.io/klog");
    assert_eq!(ties::lineage_root("k8s.io/api"), "k8s.io/api");
}
