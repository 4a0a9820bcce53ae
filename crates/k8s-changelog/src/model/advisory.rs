//! Security advisories from `## Important Security Information`.

use serde::{Deserialize, Serialize};

/// One `### CVE-…` block of a release's `## Important Security Information` section (patch
/// releases from April 2021 on: v1.18.18, v1.19.10, v1.20.6, v1.21.5, v1.22.2, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// `CVE-2021-25741`.
    pub id: String,
    /// The heading text after the id, e.g. `Symlink Exchange Can Allow Host Filesystem Access`.
    pub title: String,
    /// The advisory's prose, Markdown, without the structured parts below.
    pub description: String,
    /// `Low`, `Medium`, `High` or `Critical`, as written.
    pub cvss_rating: Option<String>,
    /// The CVSS base score, 0.0 to 10.0 (`8.8`); `None` when the advisory gives none.
    pub cvss_score: Option<f32>,
    /// `CVSS:3.1/AV:N/…`.
    pub cvss_vector: Option<String>,
    /// The `**Affected Versions**` list items, as written (`kubelet v1.22.0 - v1.22.1`).
    pub affected: Vec<String>,
    /// The `**Fixed Versions**` list items, as written.
    pub fixed: Vec<String>,
    /// 1-based line of the `### CVE-…` heading.
    pub line: u32,
    /// 1-based last non-blank line of the advisory, inclusive.
    pub end_line: u32,
}
