//! The explorer's state: what the user is looking at, every filter, as plain Rust. One
//! `Action` enum and a reducer (`State::reduce`), and the round trip to the URL query string
//! (`State::to_query` / `State::from_query`), so every view is a permalink. No web APIs here:
//! the tests run natively.

use k8s_changelog::{History, Kind, Query};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Notes,
    Compare,
    Release,
    Deprecations,
    Gates,
    Check,
    Charts,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Notes,
        View::Compare,
        View::Release,
        View::Deprecations,
        View::Gates,
        View::Check,
        View::Charts,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            View::Notes => "notes",
            View::Compare => "compare",
            View::Release => "release",
            View::Deprecations => "deprecations",
            View::Gates => "gates",
            View::Check => "check",
            View::Charts => "charts",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Notes => "Notes",
            View::Compare => "Compare",
            View::Release => "Release",
            View::Deprecations => "Deprecations",
            View::Gates => "Feature gates",
            View::Check => "Check",
            View::Charts => "Charts",
        }
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }

    /// Whether the view reads the index's details (timelines, the guide's entries, releases'
    /// dependencies and prose), which the explorer fetches when such a view first opens: every
    /// view but the notes.
    pub fn needs_details(self) -> bool {
        self != View::Notes
    }
}

/// How many note cards a page shows; "show more" adds as many.
pub const PAGE: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    pub view: View,
    /// Instant search text.
    pub text: String,
    pub kinds: Vec<Kind>,
    pub sigs: Vec<String>,
    pub components: Vec<String>,
    pub action_required: bool,
    pub has_cve: bool,
    pub prereleases: bool,
    /// Notes: the lower end of the version range. Compare: the release you run.
    pub from: String,
    /// Notes: the upper end of the version range. Compare: the release you upgrade to.
    pub to: String,
    /// The release page's tag.
    pub release: String,
    /// The dependency the chart follows.
    pub dep: String,
    /// How many pages of notes are shown.
    pub pages: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetView(View),
    SetText(String),
    ToggleKind(Kind),
    ToggleSig(String),
    ToggleComponent(String),
    ToggleActionRequired,
    ToggleCve,
    TogglePrereleases,
    SetFrom(String),
    SetTo(String),
    /// One release: both ends of the range.
    SingleRelease(String),
    /// Open a release's page.
    OpenRelease(String),
    SetDep(String),
    ShowMore,
    ClearFilters,
    /// Replace the whole state (back/forward, a pasted link).
    Restore(State),
}

fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if let Some(i) = list.iter().position(|v| *v == value) {
        list.remove(i);
    } else {
        list.push(value);
    }
}

impl State {
    /// The state after `action`. Changing a filter goes back to the first page.
    pub fn reduce(&self, action: Action) -> State {
        let mut next = self.clone();
        let filter_change = !matches!(
            action,
            Action::SetView(_) | Action::ShowMore | Action::OpenRelease(_) | Action::SetDep(_)
        );
        match action {
            Action::SetView(view) => next.view = view,
            Action::SetText(text) => next.text = text,
            Action::ToggleKind(kind) => {
                toggle(&mut next.kinds, kind);
                next.view = View::Notes;
            }
            Action::ToggleSig(sig) => {
                toggle(&mut next.sigs, sig);
                next.view = View::Notes;
            }
            Action::ToggleComponent(c) => {
                toggle(&mut next.components, c.to_ascii_lowercase());
                next.view = View::Notes;
            }
            Action::ToggleActionRequired => next.action_required = !next.action_required,
            Action::ToggleCve => next.has_cve = !next.has_cve,
            Action::TogglePrereleases => next.prereleases = !next.prereleases,
            Action::SetFrom(v) => next.from = v.trim().to_string(),
            Action::SetTo(v) => next.to = v.trim().to_string(),
            Action::SingleRelease(v) => {
                next.from = v.clone();
                next.to = v;
                next.view = View::Notes;
            }
            Action::OpenRelease(v) => {
                next.release = v;
                next.view = View::Release;
            }
            Action::SetDep(d) => next.dep = d,
            Action::ShowMore => next.pages = next.pages.max(1) + 1,
            Action::ClearFilters => {
                next = State {
                    view: self.view,
                    release: self.release.clone(),
                    dep: self.dep.clone(),
                    ..State::default()
                }
            }
            Action::Restore(state) => return state,
        }
        if filter_change {
            next.pages = 1;
        }
        next
    }

    /// The number of note cards to show.
    pub fn shown(&self) -> usize {
        self.pages.max(1) * PAGE
    }

    /// The core query for the notes view (AND across categories, OR within), or why the
    /// version range is not one of `history`'s (the core's message, as the CLI gives it).
    pub fn query(&self, history: &History) -> Result<Query, String> {
        let mut query = Query::new().prereleases(self.prereleases);
        query.kinds = self.kinds.clone();
        query.sigs = self.sigs.clone();
        query.components = self.components.clone();
        if self.action_required {
            query.action_required = Some(true);
        }
        if self.has_cve {
            query.has_cve = Some(true);
        }
        if !self.text.trim().is_empty() {
            query.text = Some(self.text.trim().to_string());
        }
        fn end(tag: &str) -> Option<&str> {
            Some(tag.trim()).filter(|t| !t.is_empty())
        }
        query.range = history
            .range(end(&self.from), end(&self.to))
            .map_err(|e| e.to_string())?
            .version_range();
        Ok(query)
    }

    /// The URL query string (without `?`) that restores this state; defaults are left out.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.view != View::Notes {
            pairs.push(("view", self.view.slug().to_string()));
        }
        let mut put = |key: &'static str, value: String| {
            if !value.is_empty() {
                pairs.push((key, value));
            }
        };
        put("q", self.text.clone());
        put(
            "kind",
            self.kinds
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(","),
        );
        put("sig", self.sigs.join(","));
        put("component", self.components.join(","));
        put("action", flag(self.action_required));
        put("cve", flag(self.has_cve));
        put("pre", flag(self.prereleases));
        put("from", self.from.clone());
        put("to", self.to.clone());
        put("release", self.release.clone());
        put("dep", self.dep.clone());
        if self.pages > 1 {
            put("pages", self.pages.to_string());
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The state a URL query string (with or without `?`) describes; unknown keys and values
    /// are ignored.
    pub fn from_query(query: &str) -> State {
        let mut state = State::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            let list = || {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            match key {
                "view" => state.view = View::from_slug(&value).unwrap_or_default(),
                "q" => state.text = value.clone(),
                "kind" => {
                    state.kinds = list()
                        .iter()
                        .filter_map(|k| k8s_changelog::query::parse_kind(k).ok())
                        .collect()
                }
                "sig" => state.sigs = list(),
                "component" => {
                    state.components = list().iter().map(|c| c.to_ascii_lowercase()).collect()
                }
                "action" => state.action_required = value == "1",
                "cve" => state.has_cve = value == "1",
                "pre" => state.prereleases = value == "1",
                "from" => state.from = value.clone(),
                "to" => state.to = value.clone(),
                "release" => state.release = value.clone(),
                "dep" => state.dep = value.clone(),
                "pages" => state.pages = value.parse().unwrap_or(1).clamp(1, 1000),
                _ => {}
            }
        }
        state
    }

    /// Whether going from `self` to `next` deserves a new history entry (typing in the search
    /// box replaces the current one instead).
    pub fn is_new_entry(&self, next: &State) -> bool {
        let mut a = self.clone();
        a.text.clear();
        let mut b = next.clone();
        b.text.clear();
        a != b || self.text.is_empty() != next.text.is_empty()
    }
}

fn flag(on: bool) -> String {
    if on { "1" } else { "" }.to_string()
}

/// Percent-encodes everything but unreserved characters (and `,`, our list separator).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_notes_view_opens_without_the_details() {
        let lazy: Vec<View> = View::ALL
            .into_iter()
            .filter(|v| !v.needs_details())
            .collect();
        assert_eq!(lazy, [View::Notes]);
    }

    #[test]
    fn toggling_a_facet_twice_removes_it_and_resets_paging() {
        let s = State::default().reduce(Action::ShowMore);
        assert_eq!(s.pages, 2);
        let s = s.reduce(Action::ToggleKind(Kind::Bug));
        assert_eq!(s.kinds, [Kind::Bug]);
        assert_eq!(s.pages, 1);
        let s = s.reduce(Action::ToggleKind(Kind::Feature));
        assert_eq!(s.kinds, [Kind::Bug, Kind::Feature]);
        let s = s.reduce(Action::ToggleKind(Kind::Bug));
        assert_eq!(s.kinds, [Kind::Feature]);
    }

    #[test]
    fn a_badge_click_filters_from_any_view() {
        let s = State {
            view: View::Compare,
            ..State::default()
        }
        .reduce(Action::ToggleSig("node".into()));
        assert_eq!(s.view, View::Notes);
        assert_eq!(s.sigs, ["node"]);
    }

    #[test]
    fn the_query_is_the_cores() {
        let s = State::default()
            .reduce(Action::ToggleKind(Kind::Deprecation))
            .reduce(Action::ToggleSig("node".into()))
            .reduce(Action::ToggleActionRequired)
            .reduce(Action::SetText("  kubelet ".into()))
            .reduce(Action::SetFrom("v1.21.0".into()))
            .reduce(Action::SetTo("v1.23.0".into()));
        let history = History::new(k8s_changelog::parse(
            "# v1.21.0\n\n# v1.23.0\n\n# v1.30.0\n",
            "t.md",
        ));
        let q = s.query(&history).unwrap();
        assert_eq!(q.kinds, [Kind::Deprecation]);
        assert_eq!(q.sigs, ["node"]);
        assert_eq!(q.action_required, Some(true));
        assert_eq!(q.has_cve, None);
        assert_eq!(q.text.as_deref(), Some("kubelet"));
        assert!(q.range.is_some());
        assert!(!q.prereleases);
        let bad = s.reduce(Action::SetFrom("v1.30.0".into()));
        assert!(bad.query(&history).unwrap_err().contains("inverted"));
        let bad = s.reduce(Action::SetFrom("banana".into()));
        assert!(bad.query(&history).is_err());
        // A tag the history lacks is an error naming the nearest, as in the CLI, not an empty
        // result.
        let typo = s.reduce(Action::SetFrom("v1.22.0".into()));
        assert_eq!(
            typo.query(&history).unwrap_err(),
            "no such release v1.22.0; nearest: v1.21.0"
        );
    }

    #[test]
    fn single_release_and_open_release() {
        let s = State::default().reduce(Action::SingleRelease("v1.22.3".into()));
        assert_eq!((s.from.as_str(), s.to.as_str()), ("v1.22.3", "v1.22.3"));
        let s = s.reduce(Action::OpenRelease("v1.22.3".into()));
        assert_eq!(s.view, View::Release);
        assert_eq!(s.release, "v1.22.3");
    }

    #[test]
    fn clear_keeps_the_view() {
        let s = State::default()
            .reduce(Action::SetView(View::Charts))
            .reduce(Action::SetDep("etcd".into()))
            .reduce(Action::ToggleCve)
            .reduce(Action::ClearFilters);
        assert_eq!(s.view, View::Charts);
        assert_eq!(s.dep, "etcd");
        assert!(!s.has_cve);
    }

    #[test]
    fn url_round_trip() {
        let s = State {
            view: View::Compare,
            text: "audit log & more/100%".into(),
            kinds: vec![Kind::Deprecation, Kind::ApiChange],
            sigs: vec!["node".into(), "api-machinery".into()],
            components: vec!["kubeadm".into()],
            action_required: true,
            has_cve: true,
            prereleases: true,
            from: "v1.21.0".into(),
            to: "v1.23.0".into(),
            release: "v1.22.0-rc.0".into(),
            dep: "etcd".into(),
            pages: 3,
        };
        let url = s.to_query();
        assert!(!url.contains(' ') && !url.contains("&more"), "{url}");
        assert_eq!(State::from_query(&url), s);
        assert_eq!(State::from_query(&format!("?{url}")), s);
        assert_eq!(State::default().to_query(), "");
        assert_eq!(State::from_query(""), State::default());
    }

    #[test]
    fn hostile_or_broken_urls_give_a_state() {
        let s = State::from_query("view=nope&kind=bogus,bug&pages=99999999&q=%ZZ%&x=1&&=");
        assert_eq!(s.view, View::Notes);
        assert_eq!(s.kinds, [Kind::Bug]);
        assert_eq!(s.pages, 1000);
        assert_eq!(s.text, "%ZZ%");
    }

    #[test]
    fn typing_replaces_the_history_entry() {
        let a = State::default().reduce(Action::SetText("k".into()));
        let b = a.reduce(Action::SetText("ku".into()));
        assert!(!a.is_new_entry(&b));
        assert!(State::default().is_new_entry(&a));
        assert!(b.is_new_entry(&b.reduce(Action::ToggleCve)));
    }
}
