//! The deprecations view: the core's deprecation timeline as the index carries it
//! (`IndexDeprecation`): per item, when it was deprecated and removed, its removal plan (the
//! core's text: `1.20 (#84758), not recorded since`) and every statement with the release
//! that first carried it and its PR.

use super::{input_value, release_link, MainProps};
use k8s_changelog::index::IndexDeprecation;
use k8s_changelog::links;
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
    let items: Vec<&IndexDeprecation> = props
        .data
        .0
        .deprecations
        .iter()
        .filter(|i| needle.is_empty() || i.key.to_lowercase().contains(&needle))
        .collect();
    let overdue = items.iter().filter(|i| is_overdue(i)).count();
    let minor = |v: &Option<String>| match v {
        Some(v) => html! { <span class="minor">{ v.clone() }</span> },
        None => html! { "—" },
    };
    let row = |i: &&IndexDeprecation| {
        let late = is_overdue(i);
        // The core's plan text; its "not recorded since" shows as the badge.
        let plan = match i.removal_planned.as_deref() {
            Some(p) if late => p
                .trim_end_matches(OVERDUE)
                .trim_end_matches([',', ' '])
                .to_string(),
            Some(p) => p.to_string(),
            None => "—".to_string(),
        };
        html! {
            <tr class={classes!("item", late.then_some("overdue"))}>
                <td><code>{ i.key.clone() }</code>
                    if !i.components.is_empty() { <span class="components">{ format!(" ({})", i.components.join(", ")) }</span> }</td>
                <td>{ i.kind.clone() }</td>
                <td>{ minor(&i.deprecated_in) }</td>
                <td>{ minor(&i.removed_in) }</td>
                <td class="plan">{ plan }
                    if late { { " " }<span class="badge overdue" title="The planned release passed with no statement of removal">{ OVERDUE }</span> }</td>
                <td class="events"><ul>{ for i.events.iter().map(|(status, minor, first, pr)| html! {
                    <li class="event"><span class={classes!("status", status.clone())}>{ status.clone() }</span>
                        { format!(" {minor}, in ") }
                        <button class="link" onclick={release_link(d, first)}>{ first.clone() }</button>
                        { for pr.map(|p| html! { <>{ " " }<a class="pr" href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
                    </li>
                }) }</ul></td>
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
        </section>
    }
}

/// Whether the core wrote the item's plan as passed with no statement of removal.
fn is_overdue(item: &IndexDeprecation) -> bool {
    item.removal_planned
        .as_deref()
        .is_some_and(|p| p.ends_with(OVERDUE))
}
