//! The synthetic full-size history the benchmarks measure: the corpus's files repeated with
//! their minors renumbered parse into the same releases and notes, one minor higher per copy.

use k8s_changelog_tests::{changelog_dir, renumbered_corpus};

#[test]
fn copies_parse_like_the_original_with_renumbered_minors() {
    let Some(dir) = changelog_dir() else { return };
    let files = renumbered_corpus(&dir, 2);
    let originals = k8s_changelog_tests::changelog_files(&dir);
    assert_eq!(files.len(), 2 * originals.len());
    let span = originals.last().unwrap().minor - originals[0].minor + 1;
    let last = originals.last().unwrap();
    let copy = files
        .iter()
        .find(|f| f.name == format!("CHANGELOG-1.{}.md", last.minor + span))
        .expect("the second copy of the newest file");
    let original = k8s_changelog::parse(&last.text, &last.name);
    let renumbered = k8s_changelog::parse(&copy.text, &copy.name);
    assert_eq!(renumbered.releases.len(), original.releases.len());
    for (a, b) in original.releases.iter().zip(&renumbered.releases) {
        assert_eq!(
            b.semver.minor,
            a.semver.minor + u64::from(span),
            "{}",
            b.version
        );
        assert_eq!(b.notes.len(), a.notes.len(), "{}", b.version);
        assert_eq!(
            b.notes.first().map(|n| &n.prs),
            a.notes.first().map(|n| &n.prs)
        );
    }
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    let corpus: usize = originals.iter().map(|f| f.text.len()).sum();
    assert!(
        bytes.abs_diff(2 * corpus) < corpus / 100,
        "{bytes} vs 2 × {corpus}"
    );
}
