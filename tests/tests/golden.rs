//! Golden snapshots: one release from each format era, rendered as a compact digest (not the
//! full JSON) so a reviewer can check it against the Markdown line by line.
//!
//! Adding a case is adding a row to the `golden!` table. Review changed snapshots by eye
//! (`INSTA_UPDATE=always`, or `cargo insta review`).

use k8s_changelog::parse;
use k8s_changelog_tests::digest::{digest, Deps};
use k8s_changelog_tests::{changelog_dir, read, require};

macro_rules! golden {
    ($($test:ident: $file:literal, $version:literal, $deps:ident;)*) => {
        $(
            #[test]
            fn $test() {
                check($file, $version, Deps::$deps);
            }
        )*
    };
}

golden! {
    v1_2_4: "CHANGELOG-1.2.md", "v1.2.4", Summary;
    v1_6_0: "CHANGELOG-1.6.md", "v1.6.0", Summary;
    v1_10_0: "CHANGELOG-1.10.md", "v1.10.0", Summary;
    v1_14_0: "CHANGELOG-1.14.md", "v1.14.0", Summary;
    v1_18_0: "CHANGELOG-1.18.md", "v1.18.0", Summary;
    v1_22_2: "CHANGELOG-1.22.md", "v1.22.2", Summary;
    v1_22_6: "CHANGELOG-1.22.md", "v1.22.6", Full;
}

fn check(file: &str, version: &str, deps: Deps) {
    let dir = require!(changelog_dir());
    let text = read(&dir.join(file));
    let log = parse(&text, file);
    let release = log.release(version).unwrap_or_else(|| {
        panic!(
            "{file} has no release {version}; parsed {} releases",
            log.releases.len()
        )
    });
    assert_eq!(release.version, version);
    insta::assert_snapshot!(version, digest(release, deps));
}
