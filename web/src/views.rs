//! The views: thin components that read the state and the data and dispatch actions. All
//! filtering, comparing and timelines are the core crate's.

use crate::{now, record_search, DataRef, INPUT_AT};
use k8s_changelog::query::Facets;
use k8s_changelog::{Advisory, Release};
use k8s_changelog_web::state::{Action, State, View};
use k8s_changelog_web::{card, markdown};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[cfg(feature = "views")]
mod charts;
#[cfg(feature = "views")]
mod check;
#[cfg(feature = "views")]
mod compare;
#[cfg(feature = "views")]
mod deprecations;
#[cfg(feature = "views")]
mod gates;
#[cfg(feature = "views")]
mod release;
#[cfg(feature = "views")]
use {
    charts::ChartsView, check::CheckView, compare::CompareView, deprecations::DeprecationsView,
    gates::GatesView, release::ReleaseView,
};

/// The header's properties.
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The app's state (for the current view).
    pub state: State,
    /// Where the tabs send their actions.
    pub dispatch: Callback<Action>,
}

/// The title and the view tabs.
#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let tabs = View::ALL.iter().map(|&view| {
        let dispatch = props.dispatch.clone();
        let current = props.state.view == view;
        html! {
            <button class={classes!("tab", current.then_some("current"))} id={format!("tab-{}", view.slug())}
                aria-current={current.then_some("page")}
                onclick={Callback::from(move |_| dispatch.emit(Action::SetView(view)))}>
                { view.title() }
            </button>
        }
    });
    html! {
        <header>
            <h1><a href="?">{ "Kubernetes release history" }</a></h1>
            <nav aria-label="Views">{ for tabs }</nav>
        </header>
    }
}

/// The properties of the main area and of every view.
#[derive(Properties, PartialEq)]
pub struct MainProps {
    /// The loaded index.
    pub data: DataRef,
    /// The app's state.
    pub state: State,
    /// Where the views send their actions.
    pub dispatch: Callback<Action>,
}

/// The newest-release banner and the current view.
#[function_component(Main)]
pub fn main_view(props: &MainProps) -> Html {
    let newest = props.data.0.newest();
    let banner = html! {
        <p class="newest" id="newest">
            { "Newest release: " }
            <button class="link" onclick={release_link(&props.dispatch, &newest.version)}>{ newest.version.clone() }</button>
            { date_text(&props.data, newest).map(|d| format!(" ({d})")).unwrap_or_default() }
        </p>
    };
    let view = match props.state.view {
        View::Notes => {
            html! { <NotesView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        // The first module (see `handoff.rs`): the views module is on its way.
        #[cfg(not(feature = "views"))]
        _ => html! {
            <p class="status" role="status" id="loading-view">{ format!("Loading the {} view…", props.state.view.title()) }</p>
        },
        #[cfg(feature = "views")]
        View::Compare => {
            html! { <CompareView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        #[cfg(feature = "views")]
        View::Release => {
            html! { <ReleaseView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        #[cfg(feature = "views")]
        View::Deprecations => {
            html! { <DeprecationsView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        #[cfg(feature = "views")]
        View::Gates => {
            html! { <GatesView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        #[cfg(feature = "views")]
        View::Check => {
            html! { <CheckView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        #[cfg(feature = "views")]
        View::Charts => {
            html! { <ChartsView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
    };
    html! { <>{ banner }{ view }</> }
}

fn date_text(data: &DataRef, release: &Release) -> Option<String> {
    data.0.history.date(&release.semver).map(|d| {
        if d.planned {
            format!("planned {}", d.date)
        } else {
            d.date.to_string()
        }
    })
}

fn release_link(dispatch: &Callback<Action>, version: &str) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    let version = version.to_string();
    Callback::from(move |_| dispatch.emit(Action::OpenRelease(version.clone())))
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn text_input(
    id: &str,
    label: &str,
    value: &str,
    list: Option<&str>,
    on: Callback<String>,
) -> Html {
    html! {
        <label class="field">
            <span>{ label.to_string() }</span>
            <input id={id.to_string()} type="text" value={value.to_string()} list={list.map(str::to_string)}
                placeholder="v1.22.0" spellcheck="false" autocomplete="off"
                onchange={Callback::from(move |e: Event| on.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
        </label>
    }
}

/// The versions datalist's properties.
#[derive(Properties, PartialEq)]
pub struct VersionsProps {
    /// The loaded index.
    pub data: DataRef,
}

/// Every release tag for the version fields, newest first: a component of its own, so the 433
/// options are made once per data, not again with every keystroke of the view around them,
/// and as one HTML string (one `innerHTML`, not 433 element creations on the first render).
#[function_component(Versions)]
fn versions(props: &VersionsProps) -> Html {
    let options = props
        .data
        .0
        .history
        .releases()
        .iter()
        .rev()
        .fold(String::new(), |mut all, r| {
            all.push_str("<option value=\"");
            all.push_str(&card::escape(&r.version));
            all.push_str("\"></option>");
            all
        });
    html! {
        <datalist id="versions">{ Html::from_html_unchecked(AttrValue::from(options)) }</datalist>
    }
}

fn versions_datalist(data: &DataRef) -> Html {
    html! { <Versions data={data.clone()} /> }
}

fn markdown_html(text: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(markdown::render(text)))
}

/// A list of note cards' (or facet buttons') properties.
#[derive(Properties, PartialEq)]
pub struct CardsProps {
    /// The cards, one after the other (`card::card_html`, cached by `Data::card_html`), or
    /// the facets' fieldsets (`card::facet`).
    pub html: AttrValue,
    /// The class of the element around them.
    #[prop_or(AttrValue::Static("cards"))]
    pub class: AttrValue,
    /// Where their badges and release chips send their actions.
    pub dispatch: Callback<Action>,
}

/// Note cards (their Markdown, PRs, authors, badges that filter, the releases they shipped in)
/// or facet buttons as one HTML string, parsed in one go; one click listener turns their
/// buttons' `data-act` into actions. A clicked button that had the focus (a pointer or the
/// keyboard gives it; a script's `click()` does not) and that the new HTML replaced gets the
/// focus back (its `data-act` and `data-v` find it), so the keyboard stays where it was.
#[function_component(Cards)]
pub fn cards(props: &CardsProps) -> Html {
    let container = use_node_ref();
    let clicked = use_mut_ref(|| None::<(String, String)>);
    let onclick = {
        let d = props.dispatch.clone();
        let clicked = clicked.clone();
        Callback::from(move |e: MouseEvent| {
            let button = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("button[data-act]").ok().flatten());
            let attr = |b: &web_sys::Element, name| b.get_attribute(name).unwrap_or_default();
            if let Some(b) = button {
                let (act, value) = (attr(&b, "data-act"), attr(&b, "data-v"));
                if let Some(action) = card::action(&act, &value) {
                    let focused = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element())
                        .is_some_and(|a| a == b);
                    *clicked.borrow_mut() = focused.then_some((act, value));
                    d.emit(action);
                }
            }
        })
    };
    {
        let container = container.clone();
        use_effect_with(props.html.clone(), move |_| {
            let Some((act, value)) = clicked.borrow_mut().take() else {
                return;
            };
            let document = web_sys::window().and_then(|w| w.document());
            let lost = document
                .as_ref()
                .and_then(|d| d.active_element())
                .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
            let Some(root) = container.cast::<web_sys::Element>() else {
                return;
            };
            if !lost {
                return;
            }
            let Ok(buttons) = root.query_selector_all("button[data-act]") else {
                return;
            };
            for i in 0..buttons.length() {
                let Some(b) = buttons
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
                else {
                    continue;
                };
                if b.get_attribute("data-act").as_deref() == Some(act.as_str())
                    && b.get_attribute("data-v").as_deref() == Some(value.as_str())
                {
                    let _ = b.focus();
                    break;
                }
            }
        });
    }
    html! {
        <div class={props.class.clone()} ref={container} {onclick}>{ Html::from_html_unchecked(props.html.clone()) }</div>
    }
}

/// The cards whose HTML `html` gives (from `Data::card_html`, or `card::card_html` for
/// other releases than the note's own). Not inlined into the view that calls it, nor is
/// [`facet_lists`]: their loops would make the view one large function that V8 recompiles on a
/// first visit for nothing (see `data::apart`).
#[inline(never)]
fn cards_of(html: impl Iterator<Item = impl AsRef<str>>, dispatch: &Callback<Action>) -> Html {
    let html: String = html.fold(String::new(), |mut all, card| {
        all.push_str(card.as_ref());
        all
    });
    html! { <Cards html={AttrValue::from(html)} dispatch={dispatch.clone()} /> }
}

#[function_component(NotesView)]
fn notes_view(props: &MainProps) -> Html {
    let state = &props.state;
    let d = &props.dispatch;
    let data = &props.data;
    // Record the keystroke-to-rendered time of a search.
    use_effect(|| {
        let at = INPUT_AT.with(|c| c.replace(0.0));
        if at > 0.0 {
            record_search(now() - at);
        }
    });
    let (hits, facets, error) = match data.0.search(state) {
        Ok((hits, facets)) => (hits, facets, None),
        Err(e) => (Vec::new(), Default::default(), Some(e)),
    };
    let total = hits.len();
    let cards = cards_of(
        hits.iter()
            .rev()
            .take(state.shown())
            .map(|hit| data.0.card_html(hit.note)),
        d,
    );
    let on_text = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            INPUT_AT.with(|c| c.set(now()));
            d.emit(Action::SetText(input_value(&e)));
        })
    };
    // The facets as one HTML string (one `innerHTML`, not a hundred buttons with a listener
    // each); the `Cards` listener turns their clicks into toggles.
    let facets_html = html! {
        <Cards class="facets" html={AttrValue::from(facet_lists(&facets, state))} dispatch={d.clone()} />
    };
    let send = |f: fn(String) -> Action| {
        let d = d.clone();
        Callback::from(move |v: String| d.emit(f(v)))
    };
    html! {
        <div class="notes-view">
            <aside class="filters" aria-label="Filters">
                <label class="field search">
                    <span>{ "Search" }<kbd>{ "/" }</kbd></span>
                    <input id="search" type="search" value={state.text.clone()} placeholder="Search every note" oninput={on_text} autocomplete="off" />
                </label>
                <div class="range">
                    { text_input("from", "From", &state.from, Some("versions"), send(Action::SetFrom)) }
                    { text_input("to", "To", &state.to, Some("versions"), send(Action::SetTo)) }
                    { versions_datalist(data) }
                </div>
                <label class="check"><input id="pre" type="checkbox" checked={state.prereleases}
                    onchange={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::TogglePrereleases)) }} />{ "Pre-releases" }</label>
                <label class="check"><input id="action" type="checkbox" checked={state.action_required}
                    onchange={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::ToggleActionRequired)) }} />
                    { "Action required " }<span class="count">{ facets.action_required }</span></label>
                <label class="check"><input id="cve" type="checkbox" checked={state.has_cve}
                    onchange={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::ToggleCve)) }} />
                    { "Mentions a CVE " }<span class="count">{ facets.has_cve }</span></label>
                <button class="clear" onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::ClearFilters)) }}>{ "Clear filters" }</button>
                { facets_html }
            </aside>
            <section class="results" aria-live="polite">
                if let Some(e) = error { <p class="error" role="alert">{ e }</p> }
                <p class="summary" id="count" data-count={total.to_string()}>{ if total == 1 { "1 note".to_string() } else { format!("{total} notes") } }</p>
                { cards }
                if total > state.shown() {
                    <button class="more" id="more" onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::ShowMore)) }}>
                        { format!("Show more ({} left)", total - state.shown()) }
                    </button>
                }
            </section>
        </div>
    }
}

/// The facet lists as one HTML string (one `innerHTML`, not a hundred buttons with a listener
/// each); the `Cards` listener turns their clicks into toggles.
#[inline(never)]
fn facet_lists(facets: &Facets, state: &State) -> String {
    let mut out = String::from("<fieldset id=\"facet-kind\"><legend>Kind</legend>");
    for c in &facets.kinds {
        let label = c.value.label();
        let chosen = state.kinds.contains(&c.value);
        card::facet(&mut out, "kind", label, label, c.notes, chosen);
    }
    out.push_str("</fieldset><fieldset id=\"facet-sig\"><legend>SIG</legend>");
    for c in &facets.sigs {
        let s = &c.value;
        card::facet(&mut out, "sig", s, s, c.notes, state.sigs.contains(s));
    }
    out.push_str("</fieldset>");
    if !facets.components.is_empty() {
        out.push_str("<fieldset id=\"facet-component\"><legend>Component</legend>");
        for c in facets.components.iter().take(40) {
            let s = &c.value;
            let chosen = state.components.contains(s);
            card::facet(&mut out, "component", s, s, c.notes, chosen);
        }
        out.push_str("</fieldset>");
    }
    out
}

fn advisory(a: &Advisory) -> Html {
    html! {
        <article class="card advisory">
            <h4>{ format!("{}: {}", a.id, a.title) }</h4>
            <p>{ a.cvss_rating.clone().unwrap_or_default() }{ " " }{ a.cvss_score.map(cvss_text).unwrap_or_default() }
               { " " }<code>{ a.cvss_vector.clone().unwrap_or_default() }</code></p>
            <div class="md">{ markdown_html(&a.description) }</div>
            if !a.fixed.is_empty() { <p>{ format!("Fixed in: {}", a.fixed.join(", ")) }</p> }
        </article>
    }
}

/// "CVSS 6.5", as `format!("CVSS {score}")` writes a score (scores have one decimal; "CVSS 7"
/// for 7.0), from integers: formatting the float would link core's float formatter into the wasm.
fn cvss_text(score: f32) -> String {
    let tenths = (score * 10.0).round() as i32;
    match tenths % 10 {
        0 => format!("CVSS {}", tenths / 10),
        tenth => format!("CVSS {}.{}", tenths / 10, tenth.abs()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cvss_scores_read_as_the_float_formatter_writes_them() {
        for tenths in 0..=100 {
            let score = tenths as f32 / 10.0;
            assert_eq!(super::cvss_text(score), format!("CVSS {score}"), "{score}");
        }
    }
}
