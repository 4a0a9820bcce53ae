//! Special Interest Group names: the official lower-case label names and their display forms.

/// Every SIG (and SIG-like label) that the changelogs and the official JSON use, current and
/// retired, as the lower-case names of the `sig/*` labels.
pub const KNOWN_SIGS: &[&str] = &[
    "api-machinery",
    "apps",
    "architecture",
    "auth",
    "autoscaling",
    "aws",
    "azure",
    "big-data",
    "cli",
    "cloud-provider",
    "cluster-lifecycle",
    "cluster-ops",
    "contributor-experience",
    "docs",
    "etcd",
    "federation",
    "gcp",
    "ibmcloud",
    "instrumentation",
    "k8s-infra",
    "multicluster",
    "network",
    "node",
    "on-premise",
    "openstack",
    "release",
    "scalability",
    "scheduling",
    "security",
    "service-catalog",
    "storage",
    "testing",
    "ui",
    "usability",
    "vmware",
    "windows",
];

/// Turns a display name as the changelog writes it (`API Machinery`, `SIG Node`, `**Storage**`,
/// `vSphere`, `Networking`) into its label name (`api-machinery`), if it names a known SIG.
pub fn sig_from_label(name: &str) -> Option<&'static str> {
    let trimmed = name
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == ':')
        .trim();
    let has_prefix = trimmed
        .as_bytes()
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"sig ") || p.eq_ignore_ascii_case(b"sig-"));
    let bare = if has_prefix { &trimmed[4..] } else { trimmed }.trim();
    // Compared as the slug it would become (lower case, `-` for spaces and underscores), without
    // building it: this runs for every SIG of every note.
    let is = |slug: &str| {
        bare.len() == slug.len()
            && bare.bytes().zip(slug.bytes()).all(|(b, s)| {
                let b = b.to_ascii_lowercase();
                s == if b == b' ' || b == b'_' { b'-' } else { b }
            })
    };
    const ALIASES: &[(&str, &str)] = &[
        ("networking", "network"),
        ("vsphere", "vmware"),
        ("gce", "gcp"),
        ("google-cloud", "gcp"),
        ("volumes", "storage"),
        ("api-machinary", "api-machinery"),
        ("contribex", "contributor-experience"),
        ("documentation", "docs"),
        ("ibm-cloud", "ibmcloud"),
    ];
    match ALIASES.iter().find(|(alias, _)| is(alias)) {
        Some((_, sig)) => Some(sig),
        None => KNOWN_SIGS.iter().copied().find(|s| is(s)),
    }
}

/// The display form krel writes in `[SIG …]` suffixes: title case, acronyms upper-cased.
pub fn sig_display_name(label: &str) -> String {
    match label {
        "api-machinery" => "API Machinery".into(),
        "cli" => "CLI".into(),
        "aws" => "AWS".into(),
        "gcp" => "GCP".into(),
        "ui" => "UI".into(),
        "vmware" => "VMware".into(),
        "openstack" => "OpenStack".into(),
        "ibmcloud" => "IBMCloud".into(),
        "k8s-infra" => "K8s Infra".into(),
        other => other
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_map_back_to_labels() {
        for (input, want) in [
            ("API Machinery", Some("api-machinery")),
            ("SIG Node", Some("node")),
            ("**Storage**", Some("storage")),
            ("CLuster Lifecycle", Some("cluster-lifecycle")),
            ("vSphere", Some("vmware")),
            ("Cloud Provider", Some("cloud-provider")),
            ("kubectl", None),
            ("Bug or Regression", None),
        ] {
            assert_eq!(sig_from_label(input), want, "{input}");
        }
        for sig in KNOWN_SIGS {
            assert_eq!(sig_from_label(&sig_display_name(sig)), Some(*sig), "{sig}");
        }
    }
}
