//! The deprecations view: the core's deprecation timeline as the index carries it
//! (`DeprecatedItem`s): per item, when it was deprecated and removed, its removal plan (the
//! core's `removal_plan_text`, a plan that passed unrecorded marked) and every statement with
//! the release that first carried it, its PR, its sentence and, for a statement about many
//! APIs, why it applies (`via`).

use super::{input_value, release_link, MainProps};
use k8s_changelog::check::{Agreement, Checker, GuideFact};
use k8s_changelog::links;
use k8s_changelog::timeline::{DeprecatedItem, StatusEvent};
use k8s_changelog_web::state::Action;
use yew::prelude::*;

/// The core's words for a plan whose release passed with no statement of removal.
const OVERDUE: &str = "not recorded since";

/// The deprecations view (`View::Deprecations`).
#[function_component(DeprecationsView)]
pub(super) fn deprecations_view(props: &MainProps) -> Html {
    let needle = props.state.text.to_lowercase();
    let d = &props.dispatch;
    let on_text = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| d.emit(Action::SetText(input_value(&e))))
    };
    let items: Vec<&DeprecatedItem> = props
        .data
        .0
        .deprecations
        .items
        .iter()
        .filter(|i| needle.is_empty() || i.key().to_lowercase().contains(&needle))
        .collect();
    let overdue = items.iter().filter(|i| i.removal_overdue).count();
    let minor = |v: &Option<String>| match v {
        Some(v) => html! { <span class="minor">{ v.clone() }</span> },
        None => html! { "—" },
    };
    // The removal minor; for a flag removed only from one of kubeadm's commands, where and when
    // (the core's `scoped_removals`), as the CLI's table says it.
    let removed = |i: &DeprecatedItem| {
        if i.removed_in.is_some() {
            return minor(&i.removed_in);
        }
        match i.scoped_removals_text(|e| e.since.clone()) {
            Some(text) => html! { <span class="scoped">{ text }</span> },
            None => minor(&None),
        }
    };
    let event = |e: &StatusEvent| {
        html! {
            <li class="event"><span class={classes!("status", e.status.label())}>{ e.label() }</span>
                { format!(" {}, in ", e.since) }
                <button class="link" onclick={release_link(d, &e.first)}>{ e.first.clone() }</button>
                { for e.pr.map(|p| html! { <>{ " " }<a class="pr" href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
                <details class="sentence"><summary>{ "statement" }</summary>
                    <q>{ e.text.clone() }</q>
                    { for e.via.as_ref().map(|v| html! { <p class="via">{ format!("Applies because {v}.") }</p> }) }
                </details>
            </li>
        }
    };
    let row = |i: &&DeprecatedItem| {
        // The core's plan text; its "not recorded since" shows as the badge.
        let plan = match i.removal_plan_text() {
            Some(p) if i.removal_overdue => p
                .trim_end_matches(OVERDUE)
                .trim_end_matches([',', ' '])
                .to_string(),
            Some(p) => p,
            None => "—".to_string(),
        };
        html! {
            <tr class={classes!("item", i.removal_overdue.then_some("overdue"))}>
                <td><code>{ i.key() }</code>
                    if !i.components.is_empty() { <span class="components">{ format!(" ({})", i.components.join(", ")) }</span> }
                    { for i.replacement.as_ref().map(|r| html! { <p class="replacement">{ "use " }<code>{ r.api_version.clone() }</code>{ format!(" ({})", r.release) }</p> }) }</td>
                <td>{ i.kind.label() }</td>
                <td>{ minor(&i.deprecated_in) }</td>
                <td>{ removed(i) }</td>
                <td class="plan">{ plan }
                    if i.removal_overdue { { " " }<span class="badge overdue" title="The planned release passed with no statement of removal">{ OVERDUE }</span> }</td>
                <td class="events"><ul>{ for i.events.iter().map(event) }</ul></td>
            </tr>
        }
    };
    html! {
        <section class="deprecations" id="deprecations">
            <label class="field search"><span>{ "Filter" }<kbd>{ "/" }</kbd></span>
                <input id="search" type="search" value={props.state.text.clone()} oninput={on_text} placeholder="extensions/v1beta1, --flag, FeatureGate" /></label>
            <p class="summary">{ format!("{} deprecated or removed APIs, flags, feature gates and plugins; {overdue} with a removal plan that passed unrecorded", items.len()) }</p>
            <div class="table-scroll"><table class="deprecation-table"><thead><tr><th>{ "What" }</th><th>{ "Kind" }</th><th>{ "Deprecated in" }</th><th>{ "Removed in" }</th><th>{ "Removal planned" }</th><th>{ "Statements (release, PR)" }</th></tr></thead><tbody>
            { for items.iter().map(row) }
            </tbody></table></div>
            { guide_facts(&props.data.0.deprecations.items, &props.data.0.api_guide, &needle) }
        </section>
    }
}

/// The guide's removals beside what the changelogs say (the core's `Checker::guide_facts`),
/// disagreements marked; nothing when the index was built without the guide.
fn guide_facts(
    items: &[DeprecatedItem],
    guide: &[k8s_changelog::guide::GuideEntry],
    needle: &str,
) -> Html {
    if guide.is_empty() {
        return html! {};
    }
    let facts = Checker::from_parts(items, guide).guide_facts(guide);
    let shown: Vec<&GuideFact> = facts
        .iter()
        .filter(|f| {
            needle.is_empty()
                || format!("{} {}", f.api_version, f.kind)
                    .to_lowercase()
                    .contains(needle)
        })
        .collect();
    let differ = shown
        .iter()
        .filter(|f| f.agreement == Agreement::Differs)
        .count();
    let row = |f: &&GuideFact| {
        html! {
            <tr class={classes!("guide-fact", f.agreement.label())}>
                <td><code>{ format!("{} {}", f.api_version, f.kind) }</code></td>
                <td><span class="minor">{ f.removed_in.clone() }</span></td>
                <td>{ f.replacement.clone().map(|r| html! { <code>{ r }</code> }).unwrap_or_else(|| html! { "—" }) }</td>
                <td>{ f.changelogs.clone().unwrap_or_else(|| "not stated".into()) }
                    { for f.changelog.as_ref().and_then(|c| c.pr).map(|p| html! { <>{ " " }<a class="pr" href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
                    if f.agreement == Agreement::Differs { { " " }<span class="badge disagreement">{ "differs" }</span> }</td>
                <td class="source"><q>{ f.guide.sentence.clone() }</q>{ format!(" ({}:{})", f.guide.file, f.guide.line) }</td>
            </tr>
        }
    };
    html! {
        <section class="guide-facts" id="guide-facts">
            <h2>{ "Deprecated API Migration Guide" }</h2>
            <p class="summary">{ format!("{} API versions the guide lists as no longer served; {differ} where the changelogs say otherwise", shown.len()) }</p>
            <div class="table-scroll"><table class="deprecation-table"><thead><tr><th>{ "API" }</th><th>{ "No longer served" }</th><th>{ "Replacement" }</th><th>{ "Changelogs say" }</th><th>{ "Guide says" }</th></tr></thead><tbody>
            { for shown.iter().map(row) }
            </tbody></table></div>
        </section>
    }
}
