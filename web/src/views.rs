//! The views: thin components that read the state and the data and dispatch actions. All
//! filtering, comparing and timelines are the core crate's.

use crate::{now, record_search, DataRef, INPUT_AT};
use k8s_changelog::links;
use k8s_changelog::timeline::dependencies;
use k8s_changelog::{compare, Advisory, Kind, Note, Release};
use k8s_changelog_web::markdown;
use k8s_changelog_web::state::{Action, State, View};
use web_sys::HtmlInputElement;
use yew::prelude::*;

mod release;
use release::ReleaseView;

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
        View::Compare => {
            html! { <CompareView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        View::Release => {
            html! { <ReleaseView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
        View::Deprecations => {
            html! { <DeprecationsView data={props.data.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} /> }
        }
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

fn versions_datalist(data: &DataRef) -> Html {
    html! {
        <datalist id="versions">
            { for data.0.history.releases().iter().rev().map(|r| html! { <option value={r.version.clone()} /> }) }
        </datalist>
    }
}

fn markdown_html(text: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(markdown::render(text)))
}

/// A note card's properties.
#[derive(Properties, PartialEq)]
pub struct NoteCardProps {
    /// The note.
    pub note: Note,
    /// Where its badges and release chips send their actions.
    pub dispatch: Callback<Action>,
    /// The releases to show: every release the note shipped in (`Data::shipped_in`), or the
    /// ones a compare crosses.
    pub releases: Vec<String>,
}

/// One note: its Markdown, PRs, authors, badges (which filter) and the releases it shipped in.
#[function_component(NoteCard)]
pub fn note_card(props: &NoteCardProps) -> Html {
    let note = &props.note;
    let d = &props.dispatch;
    let prs = note.prs.iter().map(|pr| {
        html! { <a class="pr" href={links::pr_url(*pr)} rel="noopener noreferrer">{ format!("#{pr}") }</a> }
    });
    let authors = note.authors.iter().map(|a| {
        html! { <a class="author" href={links::author_url(a)} rel="noopener noreferrer">{ format!("@{a}") }</a> }
    });
    let kind = note.kind.map(|k| {
        let d = d.clone();
        html! { <button class="badge kind" title="Filter on this kind" onclick={Callback::from(move |_| d.emit(Action::ToggleKind(k)))}>{ k.label() }</button> }
    });
    let sigs = note.sigs.iter().map(|s| {
        let d = d.clone();
        let sig = s.clone();
        html! { <button class="badge sig" title="Filter on this SIG" onclick={Callback::from(move |_| d.emit(Action::ToggleSig(sig.clone())))}>{ format!("sig/{s}") }</button> }
    });
    let component = note.component.as_ref().map(|c| {
        let d = d.clone();
        let comp = c.clone();
        html! { <button class="badge component" onclick={Callback::from(move |_| d.emit(Action::ToggleComponent(comp.clone())))}>{ c.clone() }</button> }
    });
    let releases = &props.releases;
    html! {
        <article class={classes!("card", note.action_required.then_some("urgent"))} data-pr={note.pr().map(|p| p.to_string()).unwrap_or_default()}>
            <div class="md">{ markdown_html(&note.text) }</div>
            <div class="meta">
                { for prs }{ for authors }
                { for kind }{ for sigs }{ for component }
                if note.action_required { <span class="badge action">{ "action required" }</span> }
                { for note.cves.iter().map(|c| html! { <span class="badge cve">{ c.clone() }</span> }) }
            </div>
            <div class="shipped">{ "Shipped in " }
                { for releases.iter().map(|r| html! { <button class="chip" onclick={release_link(d, r)}>{ r.clone() }</button> }) }
            </div>
        </article>
    }
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
    let cards = hits.iter().rev().take(state.shown()).map(|hit| {
        // The note's address in the (immutable) history is a stable key across renders.
        let key = hit.note as *const Note as usize;
        html! { <NoteCard key={key} note={hit.note.clone()} releases={data.0.shipped_in(hit.note).to_vec()} dispatch={d.clone()} /> }
    });
    let on_text = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            INPUT_AT.with(|c| c.set(now()));
            d.emit(Action::SetText(input_value(&e)));
        })
    };
    let facet = |label: String, count: usize, on: bool, action: Action| {
        let d = d.clone();
        html! {
            <button class="facet" aria-pressed={on.to_string()} onclick={Callback::from(move |_| d.emit(action.clone()))}>
                { label }<span class="count">{ count }</span>
            </button>
        }
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
                <fieldset id="facet-kind"><legend>{ "Kind" }</legend>
                    { for facets.kinds.iter().map(|(k, c)| facet(k.label().to_string(), *c, state.kinds.contains(k), Action::ToggleKind(*k))) }
                </fieldset>
                <fieldset id="facet-sig"><legend>{ "SIG" }</legend>
                    { for facets.sigs.iter().map(|(s, c)| facet(s.clone(), *c, state.sigs.contains(s), Action::ToggleSig(s.clone()))) }
                </fieldset>
                if !facets.components.is_empty() {
                    <fieldset id="facet-component"><legend>{ "Component" }</legend>
                        { for facets.components.iter().take(40).map(|(s, c)| facet(s.clone(), *c, state.components.contains(s), Action::ToggleComponent(s.clone()))) }
                    </fieldset>
                }
            </aside>
            <section class="results" aria-live="polite">
                if let Some(e) = error { <p class="error" role="alert">{ e }</p> }
                <p class="summary" id="count" data-count={total.to_string()}>{ if total == 1 { "1 note".to_string() } else { format!("{total} notes") } }</p>
                { for cards }
                if total > state.shown() {
                    <button class="more" id="more" onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::ShowMore)) }}>
                        { format!("Show more ({} left)", total - state.shown()) }
                    </button>
                }
            </section>
        </div>
    }
}

#[function_component(CompareView)]
fn compare_view(props: &MainProps) -> Html {
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
    let path = match compare(&data.0.history, &state.from, &state.to) {
        Ok(path) => path,
        Err(e) => {
            return html! { <section class="compare">{ form }<p class="error" role="alert">{ e.to_string() }</p></section> }
        }
    };
    let net = |title: &str, list: &[k8s_changelog::query::NetChange]| {
        if list.is_empty() {
            return html! {};
        }
        html! {
            <details open=true><summary>{ format!("{title} ({})", list.len()) }</summary>
            <table class="deps"><thead><tr><th>{ "Module" }</th><th>{ "From" }</th><th>{ "To" }</th></tr></thead><tbody>
            { for list.iter().map(|c| html! {
                <tr><td>{ c.component.as_ref().map(|k| format!("{} ({k})", c.module)).unwrap_or_else(|| c.module.clone()) }</td>
                <td>{ c.from.clone().unwrap_or_else(|| "?".into()) }</td><td>{ c.to.clone() }</td></tr>
            }) }
            </tbody></table></details>
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
            <h3 id="net-deps">{ "Net dependency change" }</h3>
            { net("Changed", &path.dependencies.changed) }
            { net("Added", &path.dependencies.added) }
            { net("Removed", &path.dependencies.removed) }
            <h3>{ format!("Security advisories ({})", path.security.len()) }</h3>
            { for path.security.iter().map(advisory) }
            { for path.groups.iter().map(|g| html! {
                <details class="group" open={g.group == k8s_changelog::query::Group::Urgent}>
                    <summary><h3>{ format!("{} ({})", g.title, g.notes.len()) }</h3></summary>
                    { for g.notes.iter().map(|n| html! {
                        <NoteCard note={n.note.clone()} releases={n.releases.clone()} dispatch={d.clone()} />
                    }) }
                </details>
            }) }
        </section>
    }
}

fn advisory(a: &Advisory) -> Html {
    html! {
        <article class="card advisory">
            <h4>{ format!("{}: {}", a.id, a.title) }</h4>
            <p>{ a.cvss_rating.clone().unwrap_or_default() }{ " " }{ a.cvss_score.map(|s| format!("CVSS {s}")).unwrap_or_default() }
               { " " }<code>{ a.cvss_vector.clone().unwrap_or_default() }</code></p>
            <div class="md">{ markdown_html(&a.description) }</div>
            if !a.fixed.is_empty() { <p>{ format!("Fixed in: {}", a.fixed.join(", ")) }</p> }
        </article>
    }
}

#[function_component(DeprecationsView)]
fn deprecations_view(props: &MainProps) -> Html {
    let needle = props.state.text.to_lowercase();
    let d = &props.dispatch;
    let on_text = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| d.emit(Action::SetText(input_value(&e))))
    };
    let items: Vec<_> = props
        .data
        .0
        .deprecations
        .iter()
        .filter(|i| needle.is_empty() || i.key.to_lowercase().contains(&needle))
        .collect();
    let cell = |v: &Option<String>| match v {
        Some(v) => {
            html! { <button class="link" onclick={release_link(d, v)}>{ v.clone() }</button> }
        }
        None => html! { "—" },
    };
    html! {
        <section class="deprecations" id="deprecations">
            <label class="field search"><span>{ "Filter" }<kbd>{ "/" }</kbd></span>
                <input id="search" type="search" value={props.state.text.clone()} oninput={on_text} placeholder="extensions/v1beta1, --flag, FeatureGate" /></label>
            <p class="summary">{ format!("{} deprecated or removed APIs, flags, feature gates and plugins", items.len()) }</p>
            <div class="table-scroll"><table><thead><tr><th>{ "What" }</th><th>{ "Kind" }</th><th>{ "Deprecated in" }</th><th>{ "Removed in" }</th><th>{ "Removal planned" }</th><th>{ "Statements" }</th></tr></thead><tbody>
            { for items.iter().map(|i| html! {
                <tr><td><code>{ i.key.clone() }</code>{ if i.components.is_empty() { String::new() } else { format!(" ({})", i.components.join(", ")) } }</td>
                <td>{ i.kind.clone() }</td><td>{ cell(&i.deprecated_in) }</td><td>{ cell(&i.removed_in) }</td>
                <td>{ i.removal_planned.clone().unwrap_or_default() }</td>
                <td class="events">{ for i.events.iter().map(|(status, minor, _, pr)| html! {
                    <span class="event">{ format!("{status} {minor}") }
                    { for pr.map(|p| html! { <>{ " " }<a href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
                    { "; " }</span>
                }) }</td></tr>
            }) }
            </tbody></table></div>
        </section>
    }
}

const KIND_COLORS: [&str; 10] = [
    "#d9534f", "#f0ad4e", "#5cb85c", "#9370db", "#5bc0de", "#999", "#337ab7", "#8b6d5c", "#bbb",
    "#20b2aa",
];

#[function_component(ChartsView)]
fn charts_view(props: &MainProps) -> Html {
    let data = &props.data;
    let d = &props.dispatch;
    let lines = use_memo(data.clone(), |data| data.0.kinds_per_minor());
    let dep = if props.state.dep.is_empty() {
        "etcd".to_string()
    } else {
        props.state.dep.clone()
    };
    let (w, h, pad) = (760.0_f64, 260.0_f64, 30.0_f64);
    let max = lines
        .iter()
        .map(|(_, c)| c.iter().map(|x| x.1).sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let bw = (w - pad) / lines.len().max(1) as f64;
    let bars = lines.iter().enumerate().map(|(i, (minor, counts))| {
        let x = pad + i as f64 * bw;
        let mut y = h - 20.0;
        let rects = counts.iter().map(|(k, c)| {
            let bh = *c as f64 / max * (h - 40.0);
            y -= bh;
            let color = KIND_COLORS[Kind::ALL.iter().position(|a| a == k).unwrap_or(0)];
            html! { <rect x={format!("{:.1}", x + 1.0)} y={format!("{y:.1}")} width={format!("{:.1}", (bw - 2.0).max(1.0))} height={format!("{bh:.1}")} fill={color}>
                <title>{ format!("{minor} {}: {c}", k.label()) }</title></rect> }
        }).collect::<Html>();
        html! { <g>{ rects }<text x={format!("{:.1}", x + bw / 2.0)} y={format!("{}", h - 5.0)} font-size="9" text-anchor="middle">{ minor.trim_start_matches("1.") }</text></g> }
    });
    let legend = Kind::ALL.iter().enumerate().map(|(i, k)| html! {
        <span class="legend"><span class="swatch" style={format!("background:{}", KIND_COLORS[i])}></span>{ k.label() }</span>
    });
    // The dependency's version at each release (pre-releases left out).
    let timeline = use_memo((data.clone(), dep.clone()), |(data, dep)| {
        dependencies(&data.0.history, dep)
    });
    let points: Vec<(&str, &str)> = timeline
        .versions
        .iter()
        .filter(|v| !v.release.contains('-'))
        .filter_map(|v| v.version.as_deref().map(|x| (v.release.as_str(), x)))
        .collect();
    let mut distinct: Vec<&str> = Vec::new();
    for (_, v) in &points {
        if !distinct.contains(v) {
            distinct.push(v);
        }
    }
    distinct.sort_by_key(|v| version_key(v));
    let dh = (distinct.len().max(2) as f64 * 14.0).clamp(120.0, 600.0);
    let step = (w - 110.0) / points.len().max(1) as f64;
    let y_of = |v: &str| {
        let i = distinct.iter().position(|d| *d == v).unwrap_or(0) as f64;
        dh - 10.0 - i / (distinct.len().max(2) - 1) as f64 * (dh - 20.0)
    };
    let path: String = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            format!(
                "{}{:.1},{:.1}",
                if i == 0 { "M" } else { " L" },
                110.0 + i as f64 * step,
                y_of(v)
            )
        })
        .collect();
    let dots = points.iter().enumerate().map(|(i, (r, v))| html! {
        <circle cx={format!("{:.1}", 110.0 + i as f64 * step)} cy={format!("{:.1}", y_of(v))} r="2.5"><title>{ format!("{r}: {v}") }</title></circle>
    });
    let labels = distinct.iter().map(|v| html! {
        <text x="105" y={format!("{:.1}", y_of(v) + 3.0)} font-size="9" text-anchor="end">{ v.to_string() }</text>
    });
    let picker = k8s_changelog::vocabulary::HEADLINE_DEPENDENCIES.iter().map(|&name| {
        let d = d.clone();
        html! { <button class="facet" aria-pressed={(dep == name).to_string()} onclick={Callback::from(move |_| d.emit(Action::SetDep(name.to_string())))}>{ k8s_changelog::vocabulary::display_name(name) }</button> }
    });
    html! {
        <section class="charts" id="charts">
            <h2>{ "Notes per kind per minor release" }</h2>
            <svg viewBox={format!("0 0 {w} {h}")} role="img" aria-label="Notes per kind per minor release" class="chart" id="chart-kinds">{ for bars }</svg>
            <p>{ for legend }</p>
            <h2>{ format!("{dep} across releases") }</h2>
            <p>{ for picker }</p>
            if points.is_empty() { <p>{ format!("The changelogs state no version of {dep}.") }</p> } else {
                <svg viewBox={format!("0 0 {w} {dh}")} role="img" aria-label={format!("{dep} version across releases")} class="chart" id="chart-dep">
                    { for labels }<path d={path} fill="none" stroke="currentColor" stroke-width="1.5" />{ for dots }
                </svg>
                <p class="summary">{ format!("{} releases, {} distinct versions; first {} ({}), last {} ({})", points.len(), distinct.len(),
                    points[0].1, points[0].0, points[points.len() - 1].1, points[points.len() - 1].0) }</p>
            }
        </section>
    }
}

/// Orders `v3.4.13`, `1.17.3`, `go1.16` numerically where the parts are numbers.
fn version_key(v: &str) -> Vec<u64> {
    v.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or(0))
        .collect()
}
