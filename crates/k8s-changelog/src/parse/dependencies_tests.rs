use super::*;

#[test]
fn prose_sentences() {
    // (text, a dependencies section?, module, from, to)
    let cases: &[(&str, bool, &str, Option<&str>, &str)] = &[
        (
            "The default Go version was updated to 1.12.5.",
            false,
            "go",
            None,
            "1.12.5",
        ),
        (
            "Default etcd server version is v3.1.12",
            false,
            "etcd",
            None,
            "3.1.12",
        ),
        (
            "CoreDNS has been updated to v1.6.7",
            false,
            "coredns",
            None,
            "1.6.7",
        ),
        ("CoreDNS updated to 1.6.7", false, "coredns", None, "1.6.7"),
        (
            "CoreDNS is now version 1.3.1 ([#73610](x))",
            false,
            "coredns",
            None,
            "1.3.1",
        ),
        (
            "cri-tools has been updated to v1.14.0.",
            false,
            "cri-tools",
            None,
            "1.14.0",
        ),
        (
            "Kubernetes is now built with Golang 1.16.8",
            false,
            "go",
            None,
            "1.16.8",
        ),
        ("Update etcd to 3.5.1", false, "etcd", None, "3.5.1"),
        (
            "Bumped CoreDNS version from 1.6.2 to 1.6.5",
            false,
            "coredns",
            Some("1.6.2"),
            "1.6.5",
        ),
        (
            "Cluster Autoscaler has been updated to v1.15.0.",
            false,
            "cluster-autoscaler",
            None,
            "1.15.0",
        ),
        (
            "Default etcd server and client have been updated to v3.3.10.",
            false,
            "etcd",
            None,
            "3.3.10",
        ),
        (
            "The supported etcd server version is 3.1.12, as compared to 3.1.10 in v1.9",
            false,
            "etcd",
            Some("3.1.10"),
            "3.1.12",
        ),
        (
            "The Go version is go1.9.3, as compared to go1.9.2 in v1.9.",
            false,
            "go",
            Some("1.9.2"),
            "1.9.3",
        ),
        (
            "Kibana has been upgraded to v6.6.1.",
            true,
            "kibana",
            None,
            "6.6.1",
        ),
        (
            "Update Calico to v3.8.4 ([#84163](x))",
            true,
            "calico",
            None,
            "3.8.4",
        ),
        (
            "Update aws-sdk-go dependency to v1.28.2",
            true,
            "aws-sdk-go",
            None,
            "1.28.2",
        ),
        ("etcd version 3.0.17", true, "etcd", None, "3.0.17"),
        (
            "Kubernetes is now built using go1.15.5",
            false,
            "go",
            None,
            "1.15.5",
        ),
        // CHANGELOG-1.14.md L470: "to use" between the verb and Go.
        (
            "Update to use go 1.12.9 ([#81489](https://github.com/kubernetes/kubernetes/pull/81489), [@BenTheElder](https://github.com/BenTheElder))",
            false,
            "go",
            None,
            "1.12.9",
        ),
        (
            "The etcd client has been updated to 3.5.0",
            false,
            "etcd client",
            None,
            "3.5.0",
        ),
        // "version of" names the component.
        (
            "The default version of CoreDNS is now 1.8.0",
            false,
            "coredns",
            None,
            "1.8.0",
        ),
        // CHANGELOG-1.16 L2013, in a dependencies section: not "kube-up".
        (
            "CoreDNS for kubeadm and kube-up has been updated to v1.6.2 ([#82127](x))",
            true,
            "coredns",
            None,
            "1.6.2",
        ),
        // CHANGELOG-1.15 L1607, L1679, L1390.
        (
            "Revert the CoreDNS version to 1.3.1 ([#78691](x))",
            false,
            "coredns",
            None,
            "1.3.1",
        ),
        (
            "kubeadm: revert the CoreDNS version to 1.3.1",
            false,
            "coredns",
            None,
            "1.3.1",
        ),
        (
            "Reverted the CoreDNS version to 1.3.1 for kubeadm",
            true,
            "coredns",
            None,
            "1.3.1",
        ),
        // CHANGELOG-1.17 L2661, CHANGELOG-1.23 L800.
        (
            "Kubeadm now includes CoreDNS version 1.6.5 ([#85109](x))",
            false,
            "coredns",
            None,
            "1.6.5",
        ),
        (
            "Kube-up now includes CoreDNS version v1.8.6",
            true,
            "coredns",
            None,
            "1.8.6",
        ),
        (
            "Bump up GLBC version from 0.9.0-beta to 0.9.1",
            false,
            "ingress-gce",
            Some("0.9.0-beta"),
            "0.9.1",
        ),
    ];
    for (text, any, module, from, to) in cases {
        let mut deps = Dependencies::default();
        prose_facts(text, 1, *any, &mut deps);
        assert_eq!(deps.changed.len(), 1, "one fact in {text:?}: {deps:?}");
        let got = deps
            .changed
            .first()
            .unwrap_or_else(|| panic!("nothing in {text:?}"));
        assert_eq!(
            (got.module.as_str(), got.from.as_deref(), got.to.as_str()),
            (*module, *from, *to),
            "{text}"
        );
    }
    let mut deps = Dependencies::default();
    prose_facts("CNI remains unchanged at v0.7.5.", 1, true, &mut deps);
    // A name after "and", "for", "of", "with" is the tail of a longer subject.
    for text in [
        "Metrics for kubelet and kube-proxy have been updated to v1.2.3",
        "The dashboard of kube-up was updated to v2.0.0",
        "Compatibility with containerd has been updated to 1.4.1",
        // CHANGELOG-1.14 L1303, 1.8 L1877: fluentd's version, cri-containerd's version.
        "Fluentd in fluentd-elasticsearch has been upgraded to v1.3.3",
        "CRI implementation for containerd is now v1.0.0-alpha.0, [[@Random-Liu](x)]",
    ] {
        prose_facts(text, 1, true, &mut deps);
    }
    prose_facts("Fix a goroutine leak to 1.2.3 nodes", 1, false, &mut deps);
    prose_facts("Kibana has been upgraded to v6.6.1.", 1, false, &mut deps);
    prose_facts("requires etcd version 3.2 or later", 1, false, &mut deps);
    // A minimum is a floor, not the version built or validated with (CHANGELOG-1.10 L1272,
    // 1.12 L1496, 1.15 L1389, 1.17 L2155, 1.19 L2133).
    for text in [
        "The minimum supported version of Docker is now 1.11; if you are using Docker 1.10 or below, upgrade",
        "The minimum supported Go version was updated to 1.10.2 ([#63412](x))",
        "kubeadm: Bumped the minimum supported Docker version to 1.13.1 ([#77051](x))",
        "Bumps the minimum version of Go required for building Kubernetes to 1.12.4. ([#83596](x))",
        "Go1.14.4 is now the minimum version required for building Kubernetes ([#92438](x))",
    ] {
        prose_facts(text, 1, true, &mut deps);
    }
    assert!(deps.changed.is_empty(), "{deps:?}");
}

#[test]
fn key_component_words_after_a_boundary() {
    for (line, want) in [
        ("etcd 3.4.1", true),
        ("(etcd 3.4.1)", true),
        ("Updated to go1.15.5", true),
        ("Golang 1.16.8", true),
        ("GO\u{a0}1.16", true),
        ("CNI plugins v0.8.6", true),
        ("ago 1.2", false),
        ("Google 1.2", false),
        ("etcd, 3.4", false),
        ("etcdctl 3.4", false),
        ("go", false),
        ("etcd", false),
        ("", false),
    ] {
        assert_eq!(names_key_component(line), want, "{line:?}");
    }
}
