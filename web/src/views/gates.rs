//! The feature-gates view: the core's feature-gate timeline as the index carries it (as the
//! CLI's `feature-gates` prints it): per gate, each stage (alpha, beta, stable, deprecated,
//! removed) with the minor, the release that first states it, its PR and the sentence; with a
//! release in the "Stage at" field, each gate's stage there (`FeatureGate::stage_at`).
//! kubeadm's own gates are rows apart from the cluster's of the same name, marked "(kubeadm)".
//! Under a gate, a major theme's statement its minor's notes contradict
//! (`FeatureGate::contradicted`, v1.23.0's IPv6DualStack removal): "Not read as a stage: …".

use super::{input_value, release_link, text_input, versions_datalist, MainProps};
use k8s_changelog::links;
use k8s_changelog::timeline::{Contradicted, FeatureGate, GateEvent};
use k8s_changelog_web::state::Action;
use yew::prelude::*;

/// How many gates a page shows before "show more".
const SHOWN: usize = 150;

/// The feature-gates view (`View::Gates`).
#[function_component(GatesView)]
pub(super) fn gates_view(props: &MainProps) -> Html {
    let state = &props.state;
    let d = &props.dispatch;
    let needle = state.text.trim().to_lowercase();
    let on_text = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| d.emit(Action::SetText(input_value(&e))))
    };
    let on_at = {
        let d = d.clone();
        Callback::from(move |v: String| d.emit(Action::SetTo(v)))
    };
    let at = Some(state.to.trim()).filter(|t| !t.is_empty());
    let gates: Vec<&FeatureGate> = props
        .data
        .0
        .feature_gates
        .gates
        .iter()
        .filter(|g| needle.is_empty() || g.label().to_lowercase().contains(&needle))
        .collect();
    let shown = state.pages.max(1) * SHOWN;
    let event = |e: &GateEvent| {
        html! {
            <li class="event" title={e.text.clone()}>
                <span class={classes!("stage", e.stage.label())}>{ e.stage.label() }</span>
                { format!(" {}, in ", e.since) }
                <button class="link" onclick={release_link(d, &e.release)}>{ e.release.clone() }</button>
                { for e.pr.map(|p| html! { <>{ " " }<a class="pr" href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
            </li>
        }
    };
    // A major theme's statement the notes contradict (v1.23.0's IPv6DualStack), worded as the
    // CLI's `feature-gates NAME` prints it; the core keeps it apart from the stages.
    let contradicted = |c: &Contradicted| {
        let by = &c.by;
        html! {
            <p class="contradicted">
                { format!("Not read as a stage: {}'s major themes say \"{}\", but the notes say it went {} in {} (", c.statement.release, c.statement.text, by.stage.label(), by.since) }
                <button class="link" onclick={release_link(d, &by.release)}>{ by.release.clone() }</button>
                { for by.pr.map(|p| html! { <>{ " " }<a class="pr" href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
                { ")." }
            </p>
        }
    };
    let row = |g: &&FeatureGate| {
        let stage_at = at.map(|at| match g.stage_at(at) {
            Some(stage) => html! { <td><span class={classes!("stage", stage.label())}>{ stage.label() }</span></td> },
            None => html! { <td class="unknown" title="No statement in the notes is that old">{ "unknown" }</td> },
        });
        html! {
            <tr class="gate">
                <td><code>{ g.name.clone() }</code>
                    if let Some(c) = &g.component { <span class="components">{ format!(" ({c})") }</span> }
                </td>
                { for stage_at }
                <td class="events"><ul>{ for g.events.iter().map(event) }</ul>
                    { for g.contradicted.iter().map(contradicted) }</td>
            </tr>
        }
    };
    let more = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::ShowMore))
    };
    html! {
        <section class="gates" id="gates">
            <div class="range">
                <label class="field search"><span>{ "Filter" }<kbd>{ "/" }</kbd></span>
                    <input id="search" type="search" value={state.text.clone()} oninput={on_text} placeholder="CSIMigration" /></label>
                { text_input("gates-at", "Stage at (release)", &state.to, Some("versions"), on_at) }
                { versions_datalist(&props.data) }
            </div>
            <p class="summary">{ format!("{} feature gates with a stage the notes state; hover a stage for its sentence", gates.len()) }</p>
            <div class="table-scroll"><table class="gate-table"><thead><tr>
                <th>{ "Gate" }</th>
                if let Some(at) = at { <th>{ format!("Stage at {at}") }</th> }
                <th>{ "Lifecycle (stage, minor, first release, PR)" }</th>
            </tr></thead><tbody>
            { for gates.iter().take(shown).map(row) }
            </tbody></table></div>
            if gates.len() > shown { <button class="more" onclick={more}>{ format!("Show more ({} left)", gates.len() - shown) }</button> }
        </section>
    }
}
