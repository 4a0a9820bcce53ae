//! Changelog text for unit tests, written the way the generator writes it, so that tests state
//! only what differs: the tags and the notes.

/// A note bullet with its reference in the changelog's style:
/// `- {text} ([#pr](…), [@author](…)) [SIG {sig}]`.
pub(crate) fn note(text: &str, pr: u64, author: &str, sig: &str) -> String {
    let reference = crate::links::reference(&[pr], &[author.to_string()], &[sig.to_string()]);
    format!("- {text} {reference}")
}

/// One `# {tag}` release with `## Changes by Kind` sections: `(kind heading, bullets)`, then
/// `extra` Markdown (a Dependencies section, say) as it is.
pub(crate) fn release(tag: &str, kinds: &[(&str, &[String])], extra: &str) -> String {
    let mut out = format!("# {tag}\n\n## Changes by Kind\n\n");
    for (heading, bullets) in kinds {
        out.push_str(&format!("### {heading}\n\n"));
        for bullet in *bullets {
            out.push_str(bullet);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(extra);
    out
}
