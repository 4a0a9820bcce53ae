//! `## Important Security Information` blocks: one `### CVE-…: title` per advisory.

use crate::model::Advisory;
use regex::Regex;
use std::sync::LazyLock;

static CVSS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\*\*CVSS Rating:?\*\*:?\s*([A-Za-z]+)\s*\(\s*([\d.]+)\s*\)\s*(?:\[([^\]]+)\]\([^)]*\)|(CVSS:[\w./:]+))?")
        .expect("cvss regex")
});
static CVE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(CVE-\d{4}-\d{4,7})\s*[:\-–]?\s*(.*)$").expect("cve heading regex")
});

/// Starts an advisory from its `### CVE-…: title` heading text, or `None` for other headings.
pub(crate) fn start(heading: &str, line: u32) -> Option<Advisory> {
    let caps = CVE_HEADING.captures(heading.trim())?;
    Some(Advisory {
        id: caps[1].to_string(),
        title: caps[2].trim().to_string(),
        description: String::new(),
        cvss_rating: None,
        cvss_score: None,
        cvss_vector: None,
        affected: Vec::new(),
        fixed: Vec::new(),
        line,
        end_line: line,
    })
}

/// Which list the following bullets belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Description,
    Affected,
    Fixed,
}

/// Reads one line of an advisory's body.
pub(crate) fn body_line(advisory: &mut Advisory, field: &mut Field, line: &str, n: u32) {
    // Blank lines are not passed in; a gap in the numbering is a paragraph break.
    let new_paragraph = n > advisory.end_line + 1;
    advisory.end_line = n;
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("**affected versions") {
        *field = Field::Affected;
        return;
    }
    if lower.starts_with("**fixed versions") {
        *field = Field::Fixed;
        return;
    }
    if let Some(caps) = CVSS.captures(t) {
        advisory.cvss_rating = Some(caps[1].to_string());
        advisory.cvss_score = caps[2].parse().ok();
        advisory.cvss_vector = caps.get(3).or(caps.get(4)).map(|m| m.as_str().to_string());
        *field = Field::Description;
        return;
    }
    let item = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "));
    match (*field, item) {
        (Field::Affected, Some(item)) => advisory.affected.push(item.trim().to_string()),
        (Field::Fixed, Some(item)) => advisory.fixed.push(item.trim().to_string()),
        _ => {
            *field = Field::Description;
            if !advisory.description.is_empty() {
                advisory
                    .description
                    .push_str(if new_paragraph { "\n\n" } else { "\n" });
            }
            advisory.description.push_str(line.trim_end());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_krel_advisory() {
        let mut a = start(
            "CVE-2021-25741: Symlink Exchange Can Allow Host Filesystem Access",
            10,
        )
        .unwrap();
        let mut f = Field::Description;
        for (i, l) in [
            "A security issue was discovered.",
            "**Affected Versions**:",
            "  - kubelet v1.22.0 - v1.22.1",
            "**Fixed Versions**:",
            "  - kubelet v1.22.2",
            "This vulnerability was reported by Someone.",
            "**CVSS Rating:** High (8.8) [CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H](https://www.first.org/cvss/calculator/3.0#CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H)",
        ]
        .iter()
        .enumerate()
        {
            body_line(&mut a, &mut f, l, 11 + i as u32);
        }
        assert_eq!(a.id, "CVE-2021-25741");
        assert_eq!(a.title, "Symlink Exchange Can Allow Host Filesystem Access");
        assert_eq!(a.affected, ["kubelet v1.22.0 - v1.22.1"]);
        assert_eq!(a.fixed, ["kubelet v1.22.2"]);
        assert_eq!(a.cvss_rating.as_deref(), Some("High"));
        assert_eq!(a.cvss_score, Some(8.8));
        assert_eq!(
            a.cvss_vector.as_deref(),
            Some("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")
        );
        assert_eq!(
            a.description,
            "A security issue was discovered.\nThis vulnerability was reported by Someone."
        );
        // A blank line between description lines is kept as a paragraph break.
        let mut b = start("CVE-2020-8555: Half-Blind SSRF", 1).unwrap();
        body_line(&mut b, &mut f, "First paragraph.", 2);
        body_line(&mut b, &mut f, "Second paragraph.", 4);
        assert_eq!(b.description, "First paragraph.\n\nSecond paragraph.");
        assert_eq!(a.end_line, 17);
    }
}
