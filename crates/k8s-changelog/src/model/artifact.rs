//! Release artifacts: downloadable archives with their hashes, and container images.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// One row of a `## Downloads for vX.Y.Z` table: an archive and its checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    /// `kubernetes-server-linux-amd64.tar.gz`.
    pub name: String,
    /// The full download address, e.g. `https://dl.k8s.io/v1.22.2/kubernetes-server-linux-amd64.tar.gz`.
    pub url: String,
    /// The strongest hash the table gives, without backticks.
    pub hash: String,
    /// `sha512`, `sha256` or `sha1`, from the table header. A static string for the usual names
    /// (no allocation per row); serialized as a plain string.
    pub algorithm: Cow<'static, str>,
    /// Further hashes of older tables (`md5`), as `algorithm:hex`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_hashes: Vec<String>,
    /// The sub-heading the table sits under (`Client Binaries`), if any. Shared by the rows of
    /// one table; serialized as a plain string.
    pub group: Option<Arc<str>>,
    /// 1-based line of the table row.
    pub line: u32,
}

/// One row of a `### Container Images` table (newer changelogs; releases up to v1.24.0-alpha.1
/// have none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// `registry.k8s.io/kube-apiserver:v1.22.2`.
    pub name: String,
    /// The platforms the image is built for, as written (`amd64`, `arm64`, `s390x`, …).
    pub architectures: Vec<String>,
    /// 1-based line of the table row.
    pub line: u32,
}
