//! The compare view: the core's `UpgradePath`, led by what an upgrader must act on. The
//! groups come in the core's `Group` order (urgent, deprecations and removals, API changes,
//! security); the path's advisories sit with the security fixes, before the other groups;
//! the net dependency change comes last, collapsed.

use super::{advisory, cards_of, release_link, text_input, versions_datalist, MainProps};
use k8s_changelog::links;
use k8s_changelog::query::compare_with;
use k8s_changelog::query::{AffectedTarget, Group, NetChange, NetDependencies};
use k8s_changelog::timeline::{GateChange, ItemChange, Status};
use k8s_changelog::Advisory;
use k8s_changelog_web::card;
use k8s_changelog_web::state::Action;
use yew::prelude::*;

/// The compare view (`View::Compare`).
#[function_component(CompareView)]
pub(super) fn compare_view(props: &MainProps) -> Html {
    let state = &props.state;
    let d = &props.dispatch;
    let data = &props.data;
    let send = |f: fn(String) -> Action| {
        let d = d.clone();
        Callback::from(move |v: String| d.emit(f(v)))
    };
    let form = html! {
        <div class="range compare-form">
            { text_input("cmp-from", "From (you run)", &state.from, Some("versions"), send(Action::SetFrom)) }
            { text_input("cmp-to", "To (you upgrade to)", &state.to, Some("versions"), send(Action::SetTo)) }
            { versions_datalist(data) }
        </div>
    };
    if state.from.is_empty() || state.to.is_empty() {
        return html! { <section class="compare">{ form }<p>{ "Pick two releases to see the upgrade path." }</p></section> };
    }
    let path = match compare_with(
        &data.0.history,
        &state.from,
        &state.to,
        &data.0.feature_gates,
        &data.0.deprecations,
    ) {
        Ok(path) => path,
        Err(e) => {
            return html! { <section class="compare">{ form }<p class="error" role="alert">{ e.to_string() }</p></section> }
        }
    };
    // The advisories go with the security fixes: before the first group after API changes.
    let advisories_at = path
        .groups
        .iter()
        .position(|g| g.group > Group::ApiChanges)
        .unwrap_or(path.groups.len());
    // The gates changing stage follow the urgent notes, as in the CLI's compare.
    let urgent_end = path
        .groups
        .iter()
        .position(|g| g.group > Group::Urgent)
        .unwrap_or(path.groups.len())
        .min(advisories_at);
    let group = |g: &k8s_changelog::query::NoteGroup| {
        html! {
            <details class="group" open={g.group <= Group::DeprecationsAndRemovals}>
                <summary><h3>{ format!("{} ({})", g.title, g.notes.len()) }</h3></summary>
                { cards_of(g.notes.iter().map(|n| card::card_html(&n.note, &n.releases)), d) }
            </details>
        }
    };
    html! {
        <section class="compare" id="compare">
            { form }
            <h2>{ format!("Upgrading from {} to {}", path.from, path.to) }</h2>
            <p>{ format!("{} releases crossed, {} notes ({} already shipped in {}'s line left out).",
                path.releases.len(), path.notes().count(), path.already_included, path.from) }</p>
            if !path.missing.is_empty() {
                <p class="warning">{ format!("The history lacks {}, so those notes are missing.", path.missing.join(", ")) }</p>
            }
            { for path.target_affected.iter().map(|a| target_affected(&path.to, a)) }
            { for path.groups[..urgent_end].iter().map(group) }
            { deprecations(&path.deprecations, d) }
            { feature_gates(&path.feature_gates) }
            { for path.groups[urgent_end..advisories_at].iter().map(group) }
            { advisories(&path.security) }
            { for path.groups[advisories_at..].iter().map(group) }
            { net_dependencies(&path.dependencies) }
        </section>
    }
}

/// A warning that the target still has an advisory's flaw: the affected range that covers it
/// and the fixed version on its line (the core's `AffectedTarget`).
fn target_affected(to: &str, t: &AffectedTarget) -> Html {
    let a = &t.advisory;
    let fixed = match (&t.fixed, k8s_changelog::parse_tag(to)) {
        (Some(f), _) => format!("; fixed in {f}"),
        (None, Ok(v)) => format!(
            "; the advisory names no fixed version on the {}.{} line",
            v.major, v.minor
        ),
        (None, Err(_)) => String::new(),
    };
    html! {
        <p class="warning target-affected" role="alert">
            { format!("{to} is affected by ") }
            <a href={links::cve_url(&a.id)} rel="noopener noreferrer">{ a.id.clone() }</a>
            { format!(" ({}): {}{fixed}", a.title, t.affected) }
        </p>
    }
}

/// What the path removes and deprecates (APIs, flags, gates, plugins), removals first, each
/// with the release and PR of the statement that says so.
fn deprecations(changes: &[ItemChange], d: &Callback<Action>) -> Html {
    if changes.is_empty() {
        return html! {};
    }
    let removed = changes
        .iter()
        .filter(|c| c.status != Status::Deprecated)
        .count();
    let row = |c: &ItemChange| {
        let event = c.evidence.as_ref();
        html! {
            <tr class={classes!("item-change", c.status.label())}>
            <td><code>{ c.item.label() }</code>{ format!(" ({})", c.item.kind.label()) }</td>
            <td><span class={classes!("status", c.status.label())}>{ c.label() }</span>{ format!(" in {}", c.since) }
                { for c.item.removal_plan_text().filter(|_| c.status == Status::Deprecated).map(|p| html! { <><br />{ format!("removal planned: {p}") }</> }) }</td>
            <td>{ for event.map(|e| html! { <>
                <button class="link" onclick={release_link(d, &e.first)}>{ e.first.clone() }</button>
                { for e.pr.map(|p| html! { <>{ " " }<a href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
                <details class="sentence"><summary>{ "statement" }</summary><q>{ e.text.clone() }</q></details>
            </> }) }</td></tr>
        }
    };
    html! {
        <details class="group item-changes" id="cmp-deprecations" open=true>
            <summary><h3>{ format!("Removed and deprecated on the path ({removed} removed, {} deprecated)", changes.len() - removed) }</h3></summary>
            <div class="table-scroll">
                <table><thead><tr><th>{ "What" }</th><th>{ "Change" }</th><th>{ "Said in" }</th></tr></thead>
                <tbody>{ for changes.iter().map(row) }</tbody></table>
            </div>
        </details>
    }
}

/// The feature gates whose stage changes on the path, each with the statement that says so.
fn feature_gates(changes: &[GateChange]) -> Html {
    if changes.is_empty() {
        return html! {};
    }
    let row = |c: &GateChange| {
        let last = c.events.last();
        html! {
            <tr><td><code>{ c.name.clone() }</code>
                if let Some(component) = &c.component { <span class="components">{ format!(" ({component})") }</span> }
            </td>
            <td>{ c.from.map(|s| s.to_string()).unwrap_or_else(|| "—".into()) }</td>
            <td>{ c.to.to_string() }</td>
            <td>{ for last.map(|e| html! { <>{ e.release.clone() }
                { for e.pr.map(|p| html! { <>{ " " }<a href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }</> }) }</td></tr>
        }
    };
    html! {
        <details class="group gates" id="cmp-gates" open=true>
            <summary><h3>{ format!("Feature gates changing stage ({})", changes.len()) }</h3></summary>
            <div class="table-scroll">
                <table><thead><tr><th>{ "Gate" }</th><th>{ "From" }</th><th>{ "To" }</th><th>{ "Said in" }</th></tr></thead>
                <tbody>{ for changes.iter().map(row) }</tbody></table>
            </div>
        </details>
    }
}

fn advisories(list: &[Advisory]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! {
        <details class="group advisories" id="cmp-advisories" open=true>
            <summary><h3>{ format!("Security advisories ({})", list.len()) }</h3></summary>
            { for list.iter().map(advisory) }
        </details>
    }
}

/// The net dependency change, closed: one table, changed then added then removed.
fn net_dependencies(deps: &NetDependencies) -> Html {
    let total = deps.changed.len() + deps.added.len() + deps.removed.len();
    if total == 0 {
        return html! { <p id="net-deps">{ "No dependency changes are listed on this path." }</p> };
    }
    let row = |change: &'static str, c: &NetChange| {
        let (from, to) = match change {
            "added" => (String::new(), c.to.clone()),
            "removed" => (c.to.clone(), String::new()),
            _ => (c.from.clone().unwrap_or_else(|| "?".into()), c.to.clone()),
        };
        html! {
            <tr><td>{ change }</td>
            <td>{ c.component.as_ref().map(|k| format!("{} ({k})", c.module)).unwrap_or_else(|| c.module.clone()) }</td>
            <td>{ from }</td><td>{ to }</td></tr>
        }
    };
    html! {
        <details class="group net-deps" id="net-deps">
            <summary><h3>{ format!("Net dependency change: {total} modules ({} changed, {} added, {} removed)",
                deps.changed.len(), deps.added.len(), deps.removed.len()) }</h3></summary>
            <div class="table-scroll">
                <table class="deps"><thead><tr><th>{ "Change" }</th><th>{ "Module" }</th><th>{ "From" }</th><th>{ "To" }</th></tr></thead><tbody>
                { for deps.changed.iter().map(|c| row("changed", c)) }
                { for deps.added.iter().map(|c| row("added", c)) }
                { for deps.removed.iter().map(|c| row("removed", c)) }
                </tbody></table>
            </div>
        </details>
    }
}
