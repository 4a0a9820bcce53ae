//! Release artifacts: downloadable archives with their hashes, and container images.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    /// `kubernetes-server-linux-amd64.tar.gz`.
    pub name: String,
    pub url: String,
    /// The strongest hash the table gives, without backticks.
    pub hash: String,
    /// `sha512`, `sha256` or `sha1`, from the table header.
    pub algorithm: String,
    /// Further hashes of older tables (`md5`), as `algorithm:hex`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_hashes: Vec<String>,
    /// The sub-heading the table sits under (`Client Binaries`), if any.
    pub group: Option<String>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// `registry.k8s.io/kube-apiserver:v1.22.2`.
    pub name: String,
    pub architectures: Vec<String>,
    pub line: u32,
}
