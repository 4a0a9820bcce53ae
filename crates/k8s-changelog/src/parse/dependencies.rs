//! Dependency facts: `module: vA → vB` lines of the go.mod lists, and sentences such as
//! "The default Go version was updated to 1.12.1" or "CoreDNS updated to 1.6.7".

use super::section::ListKind;
use crate::model::{AddedOrRemoved, Dependencies, DependencyChange, DependencySource};
use regex::Regex;
use std::sync::LazyLock;

static MODULE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[-*]\s+([A-Za-z0-9][\w.~+/-]*):\s+(?:\[([^\]]+)\]\([^)]*\)|(\S+(?:\s*(?:→|->)\s*\S+)?))\s*$")
        .expect("module line regex")
});

/// Recognised key components: the words that name them in prose, and their canonical names.
const COMPONENTS: &[(&str, &str)] = &[
    ("golang", "go"),
    ("go", "go"),
    ("etcd", "etcd"),
    ("coredns", "coredns"),
    ("containerd", "containerd"),
    ("cri-tools", "cri-tools"),
    ("crictl", "cri-tools"),
    ("cni plugins", "cni"),
    ("cni-plugins", "cni"),
    ("cni", "cni"),
    ("docker", "docker"),
    ("runc", "runc"),
    ("cadvisor", "cadvisor"),
    ("kube-dns", "kube-dns"),
    ("dashboard", "dashboard"),
    ("heapster", "heapster"),
    ("cluster autoscaler", "cluster-autoscaler"),
    ("cluster-autoscaler", "cluster-autoscaler"),
    ("metrics-server", "metrics-server"),
    ("metrics server", "metrics-server"),
    ("addon-manager", "addon-manager"),
    ("klog", "klog"),
    ("kustomize", "kustomize"),
    ("csi", "csi"),
    ("pause", "pause"),
    ("debian-base", "debian-base"),
    ("debian-iptables", "debian-iptables"),
    ("fluentd-gcp", "fluentd-gcp"),
    ("ingress-gce", "ingress-gce"),
    ("glbc", "ingress-gce"),
];

/// Go modules that are also key components.
const MODULE_COMPONENTS: &[(&str, &str)] = &[
    ("github.com/google/cadvisor", "cadvisor"),
    ("sigs.k8s.io/kustomize", "kustomize"),
    ("sigs.k8s.io/kustomize/kustomize/v4", "kustomize"),
    ("sigs.k8s.io/kustomize/kustomize/v5", "kustomize"),
    ("github.com/containerd/containerd", "containerd"),
    ("github.com/opencontainers/runc", "runc"),
    (
        "github.com/coredns/corefile-migration",
        "corefile-migration",
    ),
    ("k8s.io/klog/v2", "klog"),
    ("k8s.io/klog", "klog"),
];

const VER: &str = r"v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)";

static PROSE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let comp = r"(golang|go|etcd(?: server)?|coredns|containerd|cri-tools|crictl|cni(?:[ -]plugins)?|docker|runc|cadvisor|kube-dns|dashboard(?: add-on)?|heapster|cluster[ -]autoscaler|metrics[ -]server|addon-manager|klog|kustomize|csi|pause|debian-base|debian-iptables|fluentd-gcp|ingress-gce|glbc)";
    [
        // "The default Go version was updated to 1.12.1", "CoreDNS has been updated to v1.6.7",
        // "etcd server version is v3.1.12", "Default etcd server version is v3.1.12".
        format!(r"(?i)\b{comp}(?: server| client| image| binary)?(?: version)?(?: has been| have been| was| were| is| are)?(?: now)?(?: (?:updated|upgraded|bumped|moved|changed|set|raised))?(?: from {VER})? (?:to|is|at|:) {VER}"),
        // "Update etcd to 3.5.1", "Bumped CoreDNS version from 1.6.2 to 1.6.5"
        format!(r"(?i)\b(?:update|upgrade|bump|move)(?:s|d|ed)?(?: the)?(?: default)? {comp}(?: server| client| image| binary)?(?: version)?(?: from {VER})? to {VER}"),
        // "built with Golang 1.16.8", "update to go1.15.5"
        format!(r"(?i)\b(?:built with|build with|update to|updated to|upgrade to|bump to)()() (?:go|golang) ?{VER}"),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("dependency prose regex"))
    .collect()
});

fn canonical(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches(" server").trim_end_matches(" add-on");
    COMPONENTS.iter().find(|(k, _)| *k == w).map(|(_, c)| *c)
}

fn module_component(module: &str) -> Option<String> {
    MODULE_COMPONENTS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, c)| c.to_string())
}

/// Reads one line of a go.mod list. Returns false if the line is not a module entry.
pub(crate) fn module_line(
    line: &str,
    list: Option<ListKind>,
    n: u32,
    deps: &mut Dependencies,
) -> bool {
    let Some(caps) = MODULE_LINE.captures(line) else {
        return false;
    };
    let module = caps[1].to_string();
    let value = caps.get(2).or(caps.get(3)).map_or("", |m| m.as_str());
    let (from, to) = match value.split_once('→').or_else(|| value.split_once("->")) {
        Some((a, b)) => (Some(a.trim().to_string()), b.trim().to_string()),
        None => (None, value.trim().to_string()),
    };
    if to.is_empty() || to.contains(' ') {
        return false;
    }
    let component = module_component(&module);
    match (list, from) {
        (Some(ListKind::Added), None) => deps.added.push(AddedOrRemoved {
            module,
            version: to,
            component,
            line: n,
        }),
        (Some(ListKind::Removed), None) => deps.removed.push(AddedOrRemoved {
            module,
            version: to,
            component,
            line: n,
        }),
        (_, from) => deps.changed.push(DependencyChange {
            module,
            from,
            to,
            component,
            source: DependencySource::GoMod,
            line: n,
        }),
    }
    true
}

/// Finds "X updated to vY" facts about key components in a sentence.
pub(crate) fn prose_facts(text: &str, n: u32, deps: &mut Dependencies) {
    if text.contains("unchanged") {
        return;
    }
    for (i, re) in PROSE.iter().enumerate() {
        for caps in re.captures_iter(text) {
            let name = if i == 2 {
                Some("go")
            } else {
                caps.get(1).and_then(|m| canonical(m.as_str()))
            };
            let Some(name) = name else { continue };
            let Some(to) = caps
                .get(3)
                .map(|m| m.as_str().trim_end_matches('.').to_string())
            else {
                continue;
            };
            let from = caps
                .get(2)
                .map(|m| m.as_str().to_string())
                .filter(|s| !s.is_empty());
            let duplicate = deps
                .changed
                .iter()
                .any(|d| d.component.as_deref() == Some(name) && d.to == to);
            if !duplicate {
                deps.changed.push(DependencyChange {
                    module: name.to_string(),
                    from,
                    to,
                    component: Some(name.to_string()),
                    source: DependencySource::Prose,
                    line: n,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_lines() {
        let mut deps = Dependencies::default();
        assert!(module_line("- github.com/onsi/ginkgo: [v1.10.1 → v1.11.0](https://github.com/onsi/ginkgo/compare/v1.10.1...v1.11.0)", Some(ListKind::Changed), 1, &mut deps));
        assert!(module_line(
            "- golang.org/x/net: v0.13.0 → v0.14.0",
            Some(ListKind::Changed),
            2,
            &mut deps
        ));
        assert!(module_line(
            "- rsc.io/pdf: v0.1.1",
            Some(ListKind::Added),
            3,
            &mut deps
        ));
        assert!(module_line("- github.com/jessevdk/go-flags: [v1.4.0](https://github.com/jessevdk/go-flags/tree/v1.4.0)", Some(ListKind::Removed), 4, &mut deps));
        assert!(module_line(
            "- k8s.io/utils: 4b05e18 → bdf08cb",
            Some(ListKind::Changed),
            5,
            &mut deps
        ));
        assert!(!module_line(
            "- The default Go version was updated to 1.12.5.",
            Some(ListKind::Changed),
            6,
            &mut deps
        ));
        assert_eq!(deps.changed[0].from.as_deref(), Some("v1.10.1"));
        assert_eq!(deps.changed[0].to, "v1.11.0");
        assert_eq!(deps.changed[2].to, "bdf08cb");
        assert_eq!(deps.added[0].module, "rsc.io/pdf");
        assert_eq!(deps.removed[0].version, "v1.4.0");
    }

    #[test]
    fn prose_sentences() {
        for (text, component, from, to) in [
            (
                "The default Go version was updated to 1.12.5.",
                "go",
                None,
                "1.12.5",
            ),
            (
                "Default etcd server version is v3.1.12",
                "etcd",
                None,
                "3.1.12",
            ),
            (
                "CoreDNS has been updated to v1.6.7",
                "coredns",
                None,
                "1.6.7",
            ),
            (
                "cri-tools has been updated to v1.14.0.",
                "cri-tools",
                None,
                "1.14.0",
            ),
            (
                "Kubernetes is now built with Golang 1.16.8",
                "go",
                None,
                "1.16.8",
            ),
            ("Update etcd to 3.5.1", "etcd", None, "3.5.1"),
            (
                "Bumped CoreDNS version from 1.6.2 to 1.6.5",
                "coredns",
                Some("1.6.2"),
                "1.6.5",
            ),
            (
                "Cluster Autoscaler has been updated to v1.15.0.",
                "cluster-autoscaler",
                None,
                "1.15.0",
            ),
        ] {
            let mut deps = Dependencies::default();
            prose_facts(text, 1, &mut deps);
            let got = deps
                .changed
                .first()
                .unwrap_or_else(|| panic!("nothing in {text:?}"));
            assert_eq!(
                (got.module.as_str(), got.from.as_deref(), got.to.as_str()),
                (component, from, to),
                "{text}"
            );
        }
        let mut deps = Dependencies::default();
        prose_facts("CNI remains unchanged at v0.7.5.", 1, &mut deps);
        prose_facts("Fix a goroutine leak to 1.2.3 nodes", 1, &mut deps);
        assert!(deps.changed.is_empty(), "{deps:?}");
    }
}
