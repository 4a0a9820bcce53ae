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
        // A heading of v1.22.0's major themes (CHANGELOG-1.22.md:889).
        ("etcd moves to version 3.5.0", false, "etcd", None, "3.5.0"),
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
        ("update `CoreDNS` to 1.8.4", true),
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

/// The facts `prose_facts` reads in `text`, as (module, to).
fn facts(text: &str, any_component: bool) -> Vec<(String, String)> {
    let mut deps = Dependencies::default();
    prose_facts(text, 1, any_component, &mut deps);
    deps.changed.into_iter().map(|d| (d.module, d.to)).collect()
}

fn fact(module: &str, to: &str) -> Vec<(String, String)> {
    vec![(module.to_string(), to.to_string())]
}

/// A code span reads as its text: CHANGELOG-1.22 L1108 (v1.22.0), CHANGELOG-1.21 L1402 (for
/// Linux too, so the pause version).
#[test]
fn code_spans_read_as_their_text() {
    assert_eq!(
        facts(
            "Kubeadm: update `CoreDNS` to 1.8.4. Grant `CoreDNS` permissions to \"list\" and \"watch\" `EndpointSlice` objects to accommodate dual-stack support. ([#102466](x), [@pacoxu](x))",
            false
        ),
        fact("coredns", "1.8.4")
    );
    assert_eq!(
        facts(
            "The pause image upgraded to `v3.4.1` in kubelet and kubeadm for both Linux and Windows. ([#98205](x))",
            false
        ),
        fact("pause", "3.4.1")
    );
}

/// A link reads as its text: CHANGELOG-1.20 L2370, CHANGELOG-1.21 L1580.
#[test]
fn links_read_as_their_text() {
    assert_eq!(
        facts(
            "Update cri-tools to [v1.19.0](https://github.com/kubernetes-sigs/cri-tools/releases/tag/v1.19.0) ([#94307](x), [@xmudrii](x)) [SIG Cloud Provider]",
            false
        ),
        fact("cri-tools", "1.19.0")
    );
}

/// CHANGELOG-1.22 L1365: "to version 3.5".
#[test]
fn updated_to_version() {
    assert_eq!(
        facts(
            "Updated pause image to version 3.5, which now runs per default as pseudo user and group `65535:65535`. ([#100292](x))",
            false
        ),
        fact("pause", "3.5")
    );
}

/// CHANGELOG-1.20 L2355: the Windows pause image is an image of its own (1.4.0 while the Linux
/// one was 3.2), not the pause version.
#[test]
fn a_windows_only_version_is_no_fact() {
    let text = "Kubeadm: update the default pause image version to 1.4.0 on Windows. With this update the image supports Windows versions 1809 (2019LTS), 1903, 1909, 2004 ([#95419](x))";
    assert_eq!(facts(text, true), []);
    assert_eq!(facts(text, false), []);
}

/// CHANGELOG-1.8 L2066, L2078: items of a list of validated Docker versions, each a release of
/// Docker with its known issues, are not the Docker version; a bare line with "version" or a
/// colon states one (CHANGELOG-1.5 L753).
#[test]
fn a_bare_line_states_a_version_only_with_version_or_a_colon() {
    assert_eq!(facts("- Docker 1.12.6", true), []);
    assert_eq!(facts("- Docker 1.11.2", true), []);
    assert_eq!(facts("* etcd version 2.2.1", true), fact("etcd", "2.2.1"));
    assert_eq!(facts("- etcd: 2.2.1", true), fact("etcd", "2.2.1"));
    // CHANGELOG-1.9 L1740: so does one with a verb, about a key component; "Upgrade to
    // azure-sdk v40.2.0" (a PR title) is not read as a component "to azure-sdk".
    assert_eq!(
        facts("Update kube-dns 1.14.7", true),
        fact("kube-dns", "1.14.7")
    );
    assert_eq!(facts("Upgrade to azure-sdk v40.2.0", true), []);
}

/// CHANGELOG-1.12 L1494, CHANGELOG-1.10 L2230: the first of a list of versions is no version.
#[test]
fn the_first_of_a_list_of_versions_is_no_version() {
    for text in [
        "The list of validated docker versions was updated to 1.11.1, 1.12.1, 1.13.1, 17.03, 17.06, 17.09, 18.06. ([#68495](x))",
        "The validated docker versions were updated to 1.11.2 to 1.13.1 and 17.03.x",
        "Docker version is 1.12.6 and 1.13.1",
    ] {
        assert_eq!(facts(text, true), [], "{text}");
    }
    // A sentence that goes on is still one.
    assert_eq!(
        facts("Update etcd to 3.5.1, and the client to 3.5.1", false),
        fact("etcd", "3.5.1")
    );
    assert_eq!(
        facts("CoreDNS has been updated to v1.6.7, to fix a bug", false),
        fact("coredns", "1.6.7")
    );
}

/// CHANGELOG-1.19 L2317, CHANGELOG-1.10 L1761: the etcd client library, never the etcd server.
#[test]
fn an_etcd_client_bump_is_not_the_etcd_version() {
    for text in [
        "Update etcd client side to v3.4.9 ([#92075](x), [@jingyih](x)) [SIG API Machinery, Cloud Provider and Instrumentation]",
        "Upgrade to etcd client 3.2.13 and grpc 1.7.5 to improve HA etcd cluster stability. ([#57480](x))",
        "The etcd client has been updated to 3.5.0; `github.com/golang/protobuf` has been updated",
    ] {
        for any in [true, false] {
            assert!(
                facts(text, any).iter().all(|(m, _)| m != "etcd"),
                "{text}: {:?}",
                facts(text, any)
            );
        }
    }
}

/// A heading states a key component's version too: v1.22.0's major themes say "### etcd moves
/// to version 3.5.0", while its notes stop at 3.5.0-beta.3.
#[test]
fn a_heading_states_a_version() {
    let log = crate::parse(
        "# v1.22.0\n\n## Major Themes\n\n### etcd moves to version 3.5.0\n\nKubernetes' default backend storage, etcd, has a new release.\n\n## Changes by Kind\n\n### Feature\n\n- Update etcd version to 3.5.0-beta.3. ([#102062](https://github.com/kubernetes/kubernetes/pull/102062), [@serathius](https://github.com/serathius))\n",
        "CHANGELOG-1.22.md",
    );
    let changed = &log.releases[0].dependencies.changed;
    let etcd: Vec<(&str, u32)> = changed
        .iter()
        .filter(|c| c.module == "etcd")
        .map(|c| (c.to.as_str(), c.line))
        .collect();
    assert!(etcd.contains(&("3.5.0", 5)), "{etcd:?}");
}

/// The ASCII automata read a lower-cased line without `(?i)` ([`Folded`]): on any ASCII line,
/// in any case, they match the spans the patterns as written match.
#[test]
fn folded_patterns_match_as_case_folding_does() {
    let sentences = [
        "The default Go version was updated to 1.12.5.",
        "Default etcd server version is v3.1.12",
        "Kubernetes is now built with Golang 1.16.12",
        "kubeadm: revert the CoreDNS version to 1.3.1",
        "Update kube-dns to Version 1.14.10. Major changes:",
        "Kube-up now includes CoreDNS version v1.7.0.",
        "- Bump etcd to 3.1.10",
        "etcd version: 3.0.17",
        "Kibana has been upgraded to v6.6.1.",
        "CoreDNS for kubeadm and kube-up has been updated to v1.6.2",
        "Cluster Autoscaler version updated to 1.0.6. Release notes: https://example.com",
        "The supported etcd server version is 3.1.12, as compared to 3.1.10 in v1.9",
        "Updated pause image to version 3.5",
        "Fix a goroutine leak to 1.2.3 nodes",
    ];
    let cased = |s: &str, i: usize| -> String {
        match i {
            0 => s.to_string(),
            1 => s.to_ascii_uppercase(),
            _ => s
                .chars()
                .enumerate()
                .map(|(k, c)| {
                    if k % 2 == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect(),
        }
    };
    let mut matched = 0;
    for set in [&*KEY_SENTENCES, &*ANY_SENTENCES] {
        for (pattern, folded) in set.patterns.iter().zip(&set.ascii.each) {
            let written = RegexBuilder::new(pattern).unicode(false).build().unwrap();
            for sentence in sentences {
                for i in 0..3 {
                    let line = cased(sentence, i);
                    let spans = |re: &Regex, text: &str| -> Vec<Vec<Option<(usize, usize)>>> {
                        re.captures_iter(text)
                            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                            .collect()
                    };
                    let want = spans(&written, &line);
                    matched += want.len();
                    let folded_line = Folded::new(&line);
                    assert!(folded_line.ascii);
                    assert_eq!(
                        spans(folded, &folded_line.text),
                        want,
                        "{pattern} on {line}"
                    );
                }
            }
        }
    }
    assert!(
        matched > 30,
        "the sentences exercise the patterns: {matched} matches"
    );
}

/// A version is kept as written, whatever the case the patterns read it in.
#[test]
fn versions_keep_their_case() {
    assert_eq!(
        facts("Update etcd to 3.5.0-RC.1", false),
        fact("etcd", "3.5.0-RC.1")
    );
}
