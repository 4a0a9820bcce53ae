//! Security advisories from `## Important Security Information`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// `CVE-2021-25741`.
    pub id: String,
    pub title: String,
    /// The advisory's prose, Markdown, without the structured parts below.
    pub description: String,
    /// `Low`, `Medium`, `High` or `Critical`, as written.
    pub cvss_rating: Option<String>,
    pub cvss_score: Option<f32>,
    /// `CVSS:3.1/AV:N/…`.
    pub cvss_vector: Option<String>,
    /// The `**Affected Versions**` list items, as written (`kubelet v1.22.0 - v1.22.1`).
    pub affected: Vec<String>,
    /// The `**Fixed Versions**` list items, as written.
    pub fixed: Vec<String>,
    pub line: u32,
    pub end_line: u32,
}
