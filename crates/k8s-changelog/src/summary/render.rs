//! The Markdown post: Jekyll front matter and the sections of an LWKD post, each left out when
//! it would be empty.

use super::{PostNote, Summary, VersionUpdate};
use std::fmt::Write;

/// Writes `summary` as a post in the shape of LWKD's `_posts/YYYY-MM-DD-update.md`.
pub fn render_markdown(summary: &Summary) -> String {
    let mut out = String::new();
    front_matter(&mut out, summary);
    developer_news(&mut out, summary);
    schedule(&mut out, summary);
    featured(&mut out, summary);
    out.push_str(KEP_OF_THE_WEEK);
    other(&mut out, summary);
    promotions(&mut out, summary);
    deprecated(&mut out, summary);
    versions(&mut out, summary);
    out.push_str(SHOUTOUTS);
    footer(&mut out, summary);
    out
}

/// What only an editor can write, left as HTML comments where LWKD puts it.
const KEP_OF_THE_WEEK: &str =
    "<!-- KEP of the Week: an editor picks a KEP and writes about it here. -->\n\n";
const SHOUTOUTS: &str =
    "<!-- Shoutouts: an editor thanks contributors here (#shoutouts on Slack). -->\n\n";

fn front_matter(out: &mut String, s: &Summary) {
    out.push_str("---\nlayout: post\n");
    let _ = writeln!(out, "title: {}", s.title);
    if let Some(date) = s.post_date {
        let _ = writeln!(out, "date: {} 08:00:00 -0000", date.format("%Y-%m-%d"));
    }
    let _ = writeln!(out, "slug: {}", s.slug);
    out.push_str("---\n");
}

/// "v1.17.3, v1.16.7, and v1.15.10"
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

fn developer_news(out: &mut String, s: &Summary) {
    if s.security.is_empty() && s.action_required.is_empty() {
        return;
    }
    out.push_str("## Developer News\n\n");
    security(out, s);
    if !s.action_required.is_empty() {
        out.push_str("These changes require action from users:\n\n");
        for n in &s.action_required {
            bullet(out, n);
        }
        out.push('\n');
    }
}

fn security(out: &mut String, s: &Summary) {
    if s.security.is_empty() {
        return;
    }
    let count = s.security.len();
    let by = match s.security.iter().filter(|f| f.releases.is_empty()).count() {
        0 => "This week's releases fix",
        n if n == count => "This week's merges fix",
        _ => "This week's releases and merges fix",
    };
    let _ = writeln!(
        out,
        "{by} {}:\n",
        if count == 1 {
            "a security issue".to_string()
        } else {
            format!("{count} security issues")
        }
    );
    for fix in &s.security {
        let cvss = match (&fix.cvss_rating, fix.cvss_score) {
            (Some(r), Some(score)) => format!(" (CVSS {r}, {score})"),
            (Some(r), None) => format!(" (CVSS {r})"),
            _ => String::new(),
        };
        let before = match &fix.first_released {
            Some((tags, date)) => format!(
                ", not new: first released in {} on {}",
                list(tags),
                date.format("%B %-d, %Y")
            ),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "* [{}: {}]({}){cvss}{before}",
            fix.id, fix.title, fix.url
        );
    }
    // One sentence per distinct set of releases.
    let mut sets: Vec<&Vec<String>> = Vec::new();
    for fix in &s.security {
        if !sets.contains(&&fix.releases) {
            sets.push(&fix.releases);
        }
    }
    for set in sets.into_iter().filter(|set| !set.is_empty()) {
        let ids: Vec<String> = s
            .security
            .iter()
            .filter(|f| &f.releases == set)
            .map(|f| f.id.clone())
            .collect();
        let what = if s.security.len() == ids.len() {
            if ids.len() == 1 {
                "This fix is".to_string()
            } else {
                "These fixes are".to_string()
            }
        } else {
            format!(
                "The fix{} for {} {}",
                if ids.len() == 1 { "" } else { "es" },
                list(&ids),
                if ids.len() == 1 { "is" } else { "are" }
            )
        };
        let _ = writeln!(out, "\n{what} released as {}.", list(set));
    }
    out.push('\n');
}

fn schedule(out: &mut String, s: &Summary) {
    out.push_str("## Release Schedule\n\n");
    // HOOK: the release calendar, when one is given; else the next dated release.
    let upcoming: Vec<&(chrono::NaiveDate, String)> = s
        .schedule
        .iter()
        .flat_map(|h| &h.deadlines)
        .filter(|(d, _)| s.until.is_none_or(|u| *d > u))
        .collect();
    if let Some((date, what)) = upcoming.first() {
        let _ = writeln!(
            out,
            "**Next Deadline: {what}, {}**\n",
            date.format("%B %-d")
        );
    } else if let Some((next, planned)) = &s.next_release {
        // Without a calendar the next dated release is all that is known: a release, not the
        // cycle's next deadline (a nearer freeze or pre-release may come first).
        if let Some(date) = next.date {
            let when = if *planned { "planned for" } else { "released" };
            let _ = writeln!(
                out,
                "**Next release: {}, {when} {}** (no release calendar read: the cycle's \
                 deadlines need `--schedule DIR`)\n",
                next.version,
                date.format("%B %-d")
            );
        }
    }
    if let Some(phase) = s.schedule.as_ref().and_then(|h| h.phase.as_deref()) {
        let _ = writeln!(out, "{phase}\n");
    }
    if upcoming.len() > 1 {
        out.push_str("Coming up:\n\n");
        for (date, what) in upcoming.iter().skip(1).take(3) {
            let _ = writeln!(out, "* {what}: {}", date.format("%B %-d"));
        }
        out.push('\n');
    }
    if s.releases.is_empty() {
        out.push_str(if s.since.is_some() {
            "No release was published this week.\n"
        } else {
            "No release is covered.\n"
        });
    }
    let heading = if s.since.is_some() {
        "Released this week"
    } else {
        "Releases covered"
    };
    if !s.releases.is_empty() {
        let _ = writeln!(out, "{heading}:\n");
    }
    for r in &s.releases {
        match r.date {
            Some(d) => {
                let _ = writeln!(out, "* {} ({})", r.version, d.format("%B %-d"));
            }
            None => {
                let _ = writeln!(out, "* {}", r.version);
            }
        }
    }
    if !s.excluded.is_empty() {
        out.push_str("\nNot counted:\n\n");
        for e in &s.excluded {
            let _ = writeln!(out, "* {}: {}", e.version, e.reason);
        }
    }
    out.push('\n');
}

fn link(n: &PostNote, text: &str) -> String {
    match (&n.url, n.pr) {
        (Some(url), Some(pr)) => format!("[#{pr}: {text}]({url})"),
        _ => text.to_string(),
    }
}

fn featured(out: &mut String, s: &Summary) {
    let notes = s.merges.as_ref().map_or(&s.featured, |m| &m.featured);
    if notes.is_empty() {
        return;
    }
    out.push_str("## Featured PRs\n\n");
    for n in notes {
        let _ = writeln!(out, "### {}\n", link(n, &n.title));
        let _ = writeln!(out, "{}\n", n.text.trim());
    }
}

fn bullet(out: &mut String, n: &PostNote) {
    match (&n.url, n.pr) {
        (Some(url), Some(pr)) => {
            let _ = writeln!(out, "* {} ([#{pr}]({url}))", n.title);
        }
        _ => {
            let _ = writeln!(out, "* {}", n.title);
        }
    }
}

fn other(out: &mut String, s: &Summary) {
    if let Some(m) = &s.merges {
        if m.other.is_empty() {
            return;
        }
        out.push_str("## Other Merges\n\n");
        for l in &m.other {
            let lead = if l.lead.is_empty() {
                String::new()
            } else {
                format!("{} ", l.lead)
            };
            let _ = writeln!(out, "* {lead}[{}]({})", l.linked, l.url);
        }
        if m.more > 0 {
            let _ = writeln!(out, "* … and {} more merges", m.more);
        }
        out.push('\n');
        return;
    }
    if s.other.is_empty() {
        return;
    }
    out.push_str("## Other Merges\n\n");
    for group in &s.other {
        let _ = writeln!(out, "### {}\n", group.heading);
        for n in &group.notes {
            bullet(out, n);
        }
        if group.more > 0 {
            let _ = writeln!(out, "* … and {} more; see the CHANGELOG", group.more);
        }
        out.push('\n');
    }
}

fn promotions(out: &mut String, s: &Summary) {
    if s.promotions.is_empty() {
        return;
    }
    out.push_str("## Promotions\n\n");
    for p in &s.promotions {
        let stage = match p.stage {
            crate::timeline::Stage::Stable => "GA",
            crate::timeline::Stage::Beta => "Beta",
            _ => "Alpha",
        };
        let _ = writeln!(out, "* [{} to {stage}]({})", p.name, p.url);
    }
    out.push('\n');
}

fn deprecated(out: &mut String, s: &Summary) {
    let notes = s.merges.as_ref().map_or(&s.deprecated, |m| &m.deprecated);
    if notes.is_empty() {
        return;
    }
    out.push_str("## Deprecated\n\n");
    for n in notes {
        bullet(out, n);
    }
    out.push('\n');
}

fn versions(out: &mut String, s: &Summary) {
    if s.version_updates.is_empty() {
        return;
    }
    out.push_str("## Version Updates\n\n");
    for u in &s.version_updates {
        let _ = version_line(out, u);
    }
    if s.other_module_updates > 0 {
        let _ = writeln!(
            out,
            "* and {} more Go module updates",
            s.other_module_updates
        );
    }
    out.push('\n');
}

/// One bump of Version Updates: linked to its PR, or each release to its own when the lines
/// got it by different PRs.
pub(super) fn version_line(out: &mut String, u: &VersionUpdate) -> std::fmt::Result {
    // Each release with the PR that brought the bump to it, newest first.
    let mut on: Vec<(&str, Option<u64>)> = vec![(u.release.as_str(), u.pr)];
    on.extend(u.also_in.iter().map(|a| (a.release.as_str(), a.pr)));
    on.sort_by_key(|(tag, _)| std::cmp::Reverse(crate::parse_tag(tag).ok()));
    // One PR for every release (or one release): the bump links it; several PRs: each
    // release links its own.
    let one_pr = on.iter().all(|(_, pr)| *pr == u.pr);
    let tags: Vec<String> = on
        .iter()
        .map(|(tag, pr)| match pr {
            Some(pr) if !one_pr => format!("[{tag}]({})", crate::links::pr_url(*pr)),
            _ => tag.to_string(),
        })
        .collect();
    let on = if u.several_lines {
        format!(" (in {})", list(&tags))
    } else {
        String::new()
    };
    match (u.pr.filter(|_| one_pr), &u.from) {
        (Some(pr), _) => writeln!(
            out,
            "* [{} to {}]({}){on}",
            u.name,
            u.to,
            crate::links::pr_url(pr)
        ),
        (None, Some(from)) => writeln!(out, "* {} {from} → {}{on}", u.name, u.to),
        (None, None) => writeln!(out, "* {} to {}{on}", u.name, u.to),
    }
}

fn footer(out: &mut String, s: &Summary) {
    let tags: Vec<String> = s.releases.iter().map(|r| r.version.clone()).collect();
    let mut sources = Vec::new();
    if !tags.is_empty() {
        sources.push(format!("the CHANGELOG entries of {}", list(&tags)));
    }
    if let Some(m) = &s.merges {
        sources.push(format!("{} PRs merged this week ({})", m.count, m.source));
    }
    let from = if sources.is_empty() {
        " (no release this week, no merge source given)".to_string()
    } else {
        format!(" from {}", list(&sources))
    };
    let _ = writeln!(
        out,
        "---\n\n_Drafted by k8s-changelog{from}: `{}`._",
        s.command
    );
}
