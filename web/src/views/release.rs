//! The release page: one release's dates, then what a user must act on (its advisories and
//! its action-required notes), then its dependencies, downloads (fetched from the minor
//! line's download shard when the page opens, read by the core's `DownloadShard`), images and
//! prose.

use super::MainProps;
use super::{
    advisory, cards_of, date_text, markdown_html, release_link, text_input, versions_datalist,
};
use crate::fetch_bytes;
use k8s_changelog::eol::{EolTable, Support};
use k8s_changelog::index::{download_shard_file, DownloadShard};
use k8s_changelog::{Download, Release};
use k8s_changelog_web::state::Action;
use yew::prelude::*;

fn copy_button(text: &str) -> Html {
    let text = text.to_string();
    html! {
        <button class="copy" title="Copy" onclick={Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
            }
        })}>{ "Copy" }</button>
    }
}

/// The release page (`View::Release`).
#[function_component(ReleaseView)]
pub(super) fn release_view(props: &MainProps) -> Html {
    let state = &props.state;
    let d = &props.dispatch;
    let data = &props.data;
    let history = &data.0.history;
    let version = if state.release.is_empty() {
        data.0.newest().version.clone()
    } else {
        state.release.clone()
    };
    let downloads = use_state(|| None::<(String, Result<Vec<Download>, String>)>);
    let found = history.find(&version).ok().cloned();
    {
        let downloads = downloads.clone();
        let minor = found.as_ref().map(|r| (r.version.clone(), r.minor_line()));
        use_effect_with(minor, move |minor| {
            if let Some((version, minor)) = minor.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let url = format!("data/{}", download_shard_file(&minor));
                    let result = fetch_bytes(&url).await.and_then(|bytes| {
                        DownloadShard::from_json(&bytes, &minor)
                            .map(|shard| shard.downloads(&version).to_vec())
                            .map_err(|e| e.to_string())
                    });
                    downloads.set(Some((version, result)));
                });
            }
        });
    }
    let picker = {
        let d = d.clone();
        text_input(
            "release-pick",
            "Release",
            &version,
            Some("versions"),
            Callback::from(move |v: String| d.emit(Action::OpenRelease(v))),
        )
    };
    let Some(release) = found else {
        let e = history
            .find(&version)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        return html! { <section class="release">{ picker }{ versions_datalist(data) }<p class="error" role="alert">{ e }</p></section> };
    };
    // The notes listed as action required, as the changelog lists them (no regrouping).
    let urgent: Vec<&k8s_changelog::Note> =
        release.notes.iter().filter(|n| n.action_required).collect();
    let previous = history.previous(&release).map(|p| p.version.clone());
    let deps = &release.dependencies;
    let show_notes = {
        let d = d.clone();
        let v = release.version.clone();
        Callback::from(move |_| d.emit(Action::SingleRelease(v.clone())))
    };
    let download_rows = match &*downloads {
        Some((v, Ok(list))) if *v == release.version => {
            if list.is_empty() {
                html! { <p>{ "No downloads listed." }</p> }
            } else {
                html! {
                    <div class="table-scroll"><table class="downloads"><thead><tr><th>{ "File" }</th><th>{ "Hash" }</th></tr></thead><tbody>
                    { for list.iter().map(|f| html! {
                        <tr><td><a href={f.url.clone()} rel="noopener noreferrer">{ f.name.clone() }</a></td>
                        <td><code class="hash">{ format!("{}: {}", f.algorithm, f.hash) }</code>{ copy_button(&f.hash) }</td></tr>
                    }) }
                    </tbody></table></div>
                }
            }
        }
        Some((v, Err(e))) if *v == release.version => {
            html! { <p class="error" role="alert">{ e.clone() }</p> }
        }
        _ => html! { <p role="status">{ "Loading downloads…" }</p> },
    };
    html! {
        <section class="release" id="release">
            { picker }{ versions_datalist(data) }
            <h2 id="release-title">{ release.version.clone() }</h2>
            { end_of_life(data.0.eol.as_ref(), &release.minor_line()) }
            <p>
                { date_text(data, &release).map(|d| format!("Released {d}. ")).unwrap_or_else(|| "No date known. ".into()) }
                if let Some(p) = previous { { "Previous: " }<button class="link" onclick={release_link(d, &p)}>{ p.clone() }</button>{ ". " } }
                <button class="link" onclick={show_notes}>{ format!("Its {} notes", release.notes.len()) }</button>
            </p>
            if !release.security.is_empty() {
                <h3 id="release-advisories">{ format!("Security advisories ({})", release.security.len()) }</h3>
                { for release.security.iter().map(advisory) }
            }
            if !urgent.is_empty() {
                <h3 id="release-urgent">{ format!("Urgent: action required ({})", urgent.len()) }</h3>
                { cards_of(urgent.iter().map(|n| data.0.card_html(n)), d) }
            }
            if !deps.is_empty() {
                <h3>{ "Dependencies" }</h3>
                <div class="table-scroll">
                <table class="deps"><thead><tr><th>{ "Module" }</th><th>{ "From" }</th><th>{ "To" }</th></tr></thead><tbody>
                { for deps.changed.iter().map(|c| html! { <tr><td>{ c.module.clone() }</td><td>{ c.from.clone().unwrap_or_default() }</td><td>{ c.to.clone() }</td></tr> }) }
                { for deps.added.iter().map(|c| html! { <tr><td>{ c.module.clone() }</td><td>{ "(added)" }</td><td>{ c.version.clone() }</td></tr> }) }
                { for deps.removed.iter().map(|c| html! { <tr><td>{ c.module.clone() }</td><td>{ c.version.clone() }</td><td>{ "(removed)" }</td></tr> }) }
                </tbody></table>
                </div>
            }
            <h3 id="release-downloads">{ "Downloads" }</h3>
            { download_rows }
            if !release.images.is_empty() {
                <h3>{ "Container images" }</h3>
                <ul class="images">{ for release.images.iter().map(|i| html! {
                    <li><code>{ i.name.clone() }</code>{ copy_button(&i.name) }<span class="archs">{ i.architectures.join(", ") }</span></li>
                }) }</ul>
            }
            { for prose_sections(&release).into_iter().map(|(section, texts)| html! {
                <section class="prose"><h3>{ section }</h3>
                    { for texts.iter().map(|t| html! { <div class="md">{ markdown_html(t) }</div> }) }</section>
            }) }
        </section>
    }
}

/// The release's prose blocks, consecutive blocks of one section under one heading.
fn prose_sections(release: &Release) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for p in &release.prose {
        let title = p.section.join(" › ");
        match out.last_mut() {
            Some((last, texts)) if *last == title => texts.push(&p.text),
            _ => out.push((title, vec![&p.text])),
        }
    }
    out
}

/// The line's end of life and whether it is supported today (the core's `EolTable::support`);
/// nothing when the index has no end-of-life dates.
fn end_of_life(eol: Option<&EolTable>, minor: &str) -> Html {
    let Some(eol) = eol else {
        return html! {};
    };
    let today = js_sys::Date::new_0();
    let today = chrono::NaiveDate::from_ymd_opt(
        today.get_utc_full_year() as i32,
        today.get_utc_month() + 1,
        today.get_utc_date(),
    );
    let Some(today) = today else {
        return html! {};
    };
    let patch = |p: &Option<String>| {
        p.as_ref()
            .map(|p| format!(", final patch v{p}"))
            .unwrap_or_default()
    };
    let (class, text) = match eol.support(minor, today) {
        Support::Supported { until } => (
            "eol supported",
            format!(
                "{minor} is supported until {until} (end of life, {}).",
                eol.file
            ),
        ),
        Support::EndOfLife { since, final_patch } => (
            "eol past",
            format!(
                "{minor} reached its end of life on {since}{}: it no longer gets fixes ({}).",
                patch(&final_patch),
                eol.file
            ),
        ),
        _ => (
            "eol unknown",
            format!(
                "End of life of {minor}: unknown ({} does not list it).",
                eol.file
            ),
        ),
    };
    html! { <p class={class} id="release-eol">{ text }</p> }
}
