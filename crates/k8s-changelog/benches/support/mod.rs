//! What the benches share: locating the read-only corpus and loading it into a `History`.

use k8s_changelog::{Changelog, History};
use std::path::PathBuf;

/// `$var`, else `<workspace>/../shared/<rest>`.
pub fn shared(var: &str, rest: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared")
            .join(rest)
    })
}

/// Every `CHANGELOG-1.N.md` of the corpus as one `History`, or `None` (with a notice) when
/// there is none.
pub fn history() -> Option<History> {
    let dir = shared("K8S_CHANGELOG_DIR", "corpus/kubernetes");
    let mut log = Changelog::default();
    for minor in 2..=38 {
        let name = format!("CHANGELOG-1.{minor}.md");
        if let Ok(text) = std::fs::read_to_string(dir.join(&name)) {
            log.merge(k8s_changelog::parse(&text, &name));
        }
    }
    if log.releases.is_empty() {
        eprintln!(
            "no CHANGELOG-1.N.md in {} (set K8S_CHANGELOG_DIR); nothing measured",
            dir.display()
        );
        return None;
    }
    Some(History::new(log))
}
