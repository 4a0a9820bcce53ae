//! Kubernetes vocabulary: the names the notes use for components, binaries and key
//! dependencies, with their canonical and display forms. The parser, the timelines, the
//! summaries, the CLI and the web explorer all read these tables; nothing else lists them.

/// Key components (dependencies the notes name in prose): each word that names one, lower-case,
/// and its canonical name. The prose patterns are built from these words
/// ([`key_component_pattern`]), so a new spelling is added here only.
pub const KEY_COMPONENT_WORDS: &[(&str, &str)] = &[
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

/// Go modules that are also key components: module path → canonical name.
pub const MODULE_COMPONENTS: &[(&str, &str)] = &[
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

/// The key components an upgrader looks at first, in the order they are shown: the CLI's
/// `deps` default and the explorer's dependency chart picker.
pub const HEADLINE_DEPENDENCIES: &[&str] =
    &["go", "etcd", "coredns", "containerd", "cri-tools", "cni"];

/// Kubernetes binaries as the notes name them (lower-case word → binary), for telling which
/// component a flag or a change belongs to.
pub const BINARIES: &[(&str, &str)] = &[
    ("kube-apiserver", "kube-apiserver"),
    ("apiserver", "kube-apiserver"),
    ("kube-controller-manager", "kube-controller-manager"),
    ("cloud-controller-manager", "cloud-controller-manager"),
    ("controller-manager", "kube-controller-manager"),
    ("kube-scheduler", "kube-scheduler"),
    ("scheduler", "kube-scheduler"),
    ("kube-proxy", "kube-proxy"),
    ("kubelet", "kubelet"),
    ("kubectl", "kubectl"),
    ("kubeadm", "kubeadm"),
    ("hyperkube", "hyperkube"),
];

/// Components that older x.y.0 notes group under headings of their own (`#### kubectl`).
pub const COMPONENT_HEADINGS: &[&str] = &[
    "kubeadm",
    "kubectl",
    "kubelet",
    "kube-apiserver",
    "kube-scheduler",
    "kube-controller-manager",
    "kube-proxy",
    "cloud-controller-manager",
    "client-go",
    "federation",
    "kubefed",
    "hyperkube",
];

/// Resource kinds (`Deployment`, `PodSecurityPolicy`) the changelogs deprecate or remove under
/// some group/version.
pub const RESOURCE_KINDS: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ControllerRevision",
    "CronJob",
    "CSIDriver",
    "CSINode",
    "CSIStorageCapacity",
    "CustomResourceDefinition",
    "DaemonSet",
    "Deployment",
    "EndpointSlice",
    "FlowSchema",
    "HorizontalPodAutoscaler",
    "Ingress",
    "IngressClass",
    "Lease",
    "Job",
    "LocalSubjectAccessReview",
    "MutatingWebhookConfiguration",
    "NetworkPolicy",
    "PodDisruptionBudget",
    "PodPreset",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "ReplicaSet",
    "RoleBinding",
    "RuntimeClass",
    "ScheduledJob",
    "SelfSubjectAccessReview",
    "SelfSubjectRulesReview",
    "StatefulSet",
    "StorageClass",
    "SubjectAccessReview",
    "ThirdPartyResource",
    "TokenReview",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// The canonical key component a word names (`Golang` → `go`, `crictl` → `cri-tools`).
pub fn key_component(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    KEY_COMPONENT_WORDS
        .iter()
        .find(|(k, _)| *k == w)
        .map(|(_, c)| *c)
}

/// The key component a Go module is, if any (`github.com/google/cadvisor` → `cadvisor`).
pub fn module_component(module: &str) -> Option<&'static str> {
    MODULE_COMPONENTS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, c)| *c)
}

/// A regex alternation of every [`KEY_COMPONENT_WORDS`] word, longest first (so `golang` wins
/// over `go`, `cni plugins` over `cni`), for the dependency sentence patterns.
pub fn key_component_pattern() -> String {
    let mut words: Vec<&str> = KEY_COMPONENT_WORDS.iter().map(|(w, _)| *w).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// How people write a key component's name (`go` → `Go`, `coredns` → `CoreDNS`); other names
/// as they are.
pub fn display_name(component: &str) -> String {
    match component {
        "go" => "Go".into(),
        "coredns" => "CoreDNS".into(),
        "cni" => "CNI plugins".into(),
        "cadvisor" => "cAdvisor".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_name_components() {
        assert_eq!(key_component("Golang"), Some("go"));
        assert_eq!(key_component("CNI plugins"), Some("cni"));
        assert_eq!(key_component("kubelet"), None);
        assert_eq!(module_component("k8s.io/klog/v2"), Some("klog"));
        assert_eq!(display_name("coredns"), "CoreDNS");
        let pattern = regex::Regex::new(&format!("^(?:{})$", key_component_pattern())).unwrap();
        for (word, _) in KEY_COMPONENT_WORDS {
            assert!(pattern.is_match(word), "{word}");
        }
        let leftmost = regex::Regex::new(&key_component_pattern()).unwrap();
        assert_eq!(leftmost.find("golang 1.16").unwrap().as_str(), "golang");
        assert_eq!(
            leftmost.find("cni plugins v0.8").unwrap().as_str(),
            "cni plugins"
        );
        for name in HEADLINE_DEPENDENCIES {
            assert!(KEY_COMPONENT_WORDS.iter().any(|(_, c)| c == name), "{name}");
        }
    }
}
