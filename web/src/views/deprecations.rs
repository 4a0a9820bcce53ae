//! The deprecations view: the core's deprecation timeline as the index carries it
//! (`DeprecatedItem`s): per item, when it was deprecated and removed, its removal plan (the
//! core's `removal_plan_text`, a plan that passed unrecorded marked) and every statement with
//! the release that first carried it, its PR, its sentence and, for a statement about many
//! APIs, why it applies (`via`).

use super::{input_value, release_link, MainProps};
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
    let event = |e: &StatusEvent| {
        html! {
            <li class="event"><span class={classes!("status", e.status.label())}>{ e.status.label() }</span>
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
                    if !i.components.is_empty() { <span class="components">{ format!(" ({})", i.components.join(", ")) }</span> }</td>
                <td>{ i.kind.label() }</td>
                <td>{ minor(&i.deprecated_in) }</td>
                <td>{ minor(&i.removed_in) }</td>
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
        </section>
    }
}
