//! The Check view: will my manifests break? The user pastes manifests, or drops or picks
//! files; they are read by the crate the CLI's `check` uses (`k8s-changelog-manifests`) and
//! checked by the core's `Checker` over the index's deprecation timeline and guide entries, at the target (the `to`
//! field) and, when given, from the `from` field. Everything runs in the browser: nothing is
//! sent anywhere, and nothing pasted goes into the URL. Text is rendered as text (never as
//! HTML), so a manifest cannot inject markup.

use super::{release_link, text_input, versions_datalist, MainProps};
use k8s_changelog::check::{CheckReport, Checker, Evidence, Finding, FindingStatus};
use k8s_changelog::links;
use k8s_changelog_manifests::{ManifestError, Manifests};
use k8s_changelog_web::state::Action;
use std::cell::RefCell;

mod reader;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The name pasted text goes by in findings and errors.
const PASTED: &str = "pasted";

/// What the user gave: pasted text and files read, each with its name.
#[derive(Debug, Clone, Default, PartialEq)]
struct Inputs {
    pasted: String,
    files: Vec<(String, String)>,
}

thread_local! {
    /// The inputs outlive the view, so that a look at another tab does not lose them (they
    /// stay in the page's memory: not in the URL, not in storage).
    static KEPT: RefCell<Inputs> = RefCell::new(Inputs::default());
}

/// The Check view (`View::Check`).
#[function_component(CheckView)]
pub(super) fn check_view(props: &MainProps) -> Html {
    let state = &props.state;
    let d = &props.dispatch;
    let data = &props.data;
    let inputs = use_state(|| KEPT.with(|k| k.borrow().clone()));
    let reader_loaded = use_force_update();
    let set = {
        let inputs = inputs.clone();
        Callback::from(move |next: Inputs| {
            KEPT.with(|k| *k.borrow_mut() = next.clone());
            inputs.set(next);
        })
    };
    let on_paste = {
        let (inputs, set) = (inputs.clone(), set.clone());
        Callback::from(move |e: InputEvent| {
            let pasted = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            set.emit(Inputs {
                pasted,
                ..(*inputs).clone()
            })
        })
    };
    let add_files = {
        let (inputs, set) = (inputs.clone(), set.clone());
        Callback::from(move |files: Vec<(String, String)>| {
            let mut next = (*inputs).clone();
            for (name, text) in files {
                next.files.retain(|(n, _)| *n != name);
                next.files.push((name, text));
            }
            set.emit(next)
        })
    };
    let on_pick = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            read_files(input.files(), add_files.clone());
            input.set_value("");
        })
    };
    let on_drop = {
        let add_files = add_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            read_files(e.data_transfer().and_then(|t| t.files()), add_files.clone());
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_clear = {
        let set = set.clone();
        Callback::from(move |_: MouseEvent| set.emit(Inputs::default()))
    };
    let send = |f: fn(String) -> Action| {
        let d = d.clone();
        Callback::from(move |v: String| d.emit(f(v)))
    };
    let file_chips = inputs.files.iter().map(|(name, text)| {
        let (inputs, set, gone) = (inputs.clone(), set.clone(), name.clone());
        let lines = text.lines().count();
        let remove = Callback::from(move |_: MouseEvent| {
            let mut next = (*inputs).clone();
            next.files.retain(|(n, _)| *n != gone);
            set.emit(next)
        });
        html! {
            <li class="file"><code>{ name.clone() }</code>{ format!(" ({lines} lines) ") }
                <button class="link" onclick={remove} title="Remove this file">{ "remove" }</button></li>
        }
    });
    let form = html! {
        <div class="check-form" ondrop={on_drop} ondragover={on_drag_over}>
            <div class="range">
                { text_input("check-to", "Target (you upgrade to)", &state.to, Some("versions"), send(Action::SetTo)) }
                { text_input("check-from", "From (optional, you run)", &state.from, Some("versions"), send(Action::SetFrom)) }
                { versions_datalist(data) }
            </div>
            <label class="field manifests"><span>{ "Manifests: paste YAML or JSON (many documents, Lists, the output of helm template or kustomize build), or drop files here" }</span>
                <textarea id="manifests" rows="12" spellcheck="false" autocomplete="off" value={inputs.pasted.clone()} oninput={on_paste}
                    placeholder={"apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web"} /></label>
            <div class="files">
                <label class="field"><span>{ "Or choose files" }</span>
                    <input id="manifest-files" type="file" multiple=true accept=".yaml,.yml,.json" onchange={on_pick} /></label>
                if !inputs.files.is_empty() { <ul class="file-list">{ for file_chips }</ul> }
                <button class="link" id="check-clear" onclick={on_clear}>{ "Clear" }</button>
            </div>
            <p class="privacy">{ "The check runs in this page: your manifests are not sent anywhere." }</p>
        </div>
    };
    let mut read = Manifests::default();
    let pasted = Some(&inputs.pasted).filter(|p| !p.trim().is_empty());
    if pasted.is_some() || !inputs.files.is_empty() {
        match reader::status() {
            reader::Status::Ready => {}
            reader::Status::Loading => {
                reader::load(Callback::from(move |()| reader_loaded.force_update()));
                return html! { <section class="check">{ form }<p id="check-loading" role="status">{ "Loading the manifest reader…" }</p></section> };
            }
            reader::Status::Failed(e) => {
                return html! { <section class="check">{ form }<p class="error" role="alert">{ e }</p></section> };
            }
        }
    }
    if let Some(pasted) = pasted {
        reader::read(&mut read, PASTED, pasted);
    }
    for (name, text) in &inputs.files {
        reader::read(&mut read, name, text);
    }
    if state.to.trim().is_empty() {
        return html! { <section class="check">{ form }<p>{ "Pick the release you upgrade to." }</p></section> };
    }
    if data.0.deprecations.is_empty() && data.0.api_guide.is_empty() {
        return html! { <section class="check">{ form }<p class="error" role="alert">{ "This index carries nothing to check against (it was built without the deprecation timeline)." }</p></section> };
    }
    let from = Some(state.from.trim()).filter(|f| !f.is_empty());
    let checker = Checker::from_parts(&data.0.deprecations.items, &data.0.api_guide);
    let report = match checker.check(&read.objects, &state.to, from) {
        Ok(report) => report,
        Err(e) => {
            return html! { <section class="check">{ form }<p class="error" role="alert">{ e.to_string() }</p></section> }
        }
    };
    html! {
        <section class="check">
            { form }
            { verdict(&report, &read) }
            if let Some(newest) = data.0.history.releases().last().map(|r| r.version.as_str()).filter(|newest| k8s_changelog::check::past_history(&report.target, newest)) {
                <p class="warning" id="check-past-history">{ format!("{} is past the newest release read ({newest}): what changes there is known only from planned removals and the API guide.", report.target) }</p>
            }
            if !read.errors.is_empty() { { errors(&read.errors) } }
            if !report.findings.is_empty() {
                <div class="table-scroll"><table class="check-table"><thead><tr>
                    <th>{ "Object" }</th><th>{ "Where" }</th><th>{ "Status" }</th><th>{ "Replacement" }</th><th>{ "Evidence" }</th>
                </tr></thead><tbody>{ for report.findings.iter().map(|f| finding(f, d)) }</tbody></table></div>
            }
        </section>
    }
}

/// Reads each file's text (the browser's `Blob.text()`), then hands them all over at once.
fn read_files(files: Option<FileList>, done: Callback<Vec<(String, String)>>) {
    let Some(files) = files else { return };
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    if files.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::new();
        for file in files {
            let text = JsFuture::from(file.text()).await;
            // A file the browser cannot read as text becomes an empty one; the reader reports
            // what it can (binary data arrives as text with NUL bytes, and is reported).
            let text = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
            read.push((file.name(), text));
        }
        done.emit(read);
    });
}

/// The one-line answer, as the CLI's exit code gives it: breaks, deprecated only, or fine.
fn verdict(report: &CheckReport, read: &Manifests) -> Html {
    let removed = report.count(FindingStatus::Removed);
    let deprecated = report.count(FindingStatus::Deprecated);
    let objects = read.objects.len();
    let (class, text) = match (objects, removed, deprecated) {
        (0, ..) => ("verdict", "No Kubernetes object read yet.".to_string()),
        (_, 0, 0) => (
            "verdict ok",
            format!(
                "Nothing deprecated or no longer served at {} in {objects} objects.",
                report.target
            ),
        ),
        (_, 0, _) => (
            "verdict warn",
            format!(
                "{deprecated} of {objects} objects use APIs deprecated at {}; none is no longer served.",
                report.target
            ),
        ),
        _ => (
            "verdict fail",
            format!(
                "{removed} of {objects} objects use APIs no longer served at {} (they fail to apply); {deprecated} deprecated.",
                report.target
            ),
        ),
    };
    let text = match report.removals_due() {
        0 => text,
        n => format!(
            "{text} {n} of the deprecated are planned for removal by {}; the sources read do not record it.",
            report.target
        ),
    };
    html! { <p class={class} id="check-verdict" role="status">{ text }</p> }
}

fn errors(errors: &[ManifestError]) -> Html {
    html! {
        <div class="check-errors" role="alert"><h3>{ format!("Not read ({})", errors.len()) }</h3><ul>
            { for errors.iter().map(|e| html! {
                <li class="check-error"><code>{ match e.line {
                    Some(line) => format!("{}:{line}", e.file),
                    None => e.file.clone(),
                } }</code>{ " " }{ e.message.clone() }</li>
            }) }
        </ul></div>
    }
}

fn finding(f: &Finding, d: &Callback<Action>) -> Html {
    let o = &f.object;
    let name = match (&o.namespace, &o.name) {
        (Some(ns), Some(name)) => format!("{ns}/{name}"),
        (None, Some(name)) => name.clone(),
        _ => "(no name)".to_string(),
    };
    let status = match (f.status, &f.since) {
        (FindingStatus::Removed, Some(since)) => format!("no longer served since {since}"),
        (FindingStatus::Removed, None) => "no longer served".to_string(),
        (FindingStatus::Deprecated, Some(since)) => format!("deprecated since {since}"),
        (FindingStatus::Deprecated, None) => "deprecated".to_string(),
    };
    html! {
        <tr class={classes!("finding", f.status.label())}>
            <td><span class="kind">{ o.kind.clone() }</span>{ " " }<span class="name">{ name }</span><br />
                <code class="api">{ o.api_version.clone() }</code></td>
            <td><code>{ format!("{}:{}", o.file, o.line) }</code></td>
            <td><span class={classes!("status", f.status.label())}>{ status }</span>
                if let Some(plan) = &f.removal_planned { <br /><span class="plan">{ format!("removal planned for {plan}{}", if f.removal_due { " (by the target)" } else { "" }) }</span> }
                if f.new_on_path == Some(true) { <br /><span class="badge new">{ "new on the path" }</span> }
                if let Some(dis) = &f.disagreement { <br /><span class="badge disagreement" title="The changelogs and the guide differ">{ dis.clone() }</span> }</td>
            <td>{ match &f.replacement {
                Some(r) => html! { <><code>{ r.clone() }</code>
                    { for f.replacement_from.as_ref().map(|from| html! { <span class="from">{ format!(" (from the {})", if from == "guide" { "guide".to_string() } else { format!("changelog, {from}") }) }</span> }) }</> },
                None => html! { "unknown" },
            } }</td>
            <td class="evidence">{ evidence(&f.evidence, d) }</td>
        </tr>
    }
}

fn evidence(e: &Evidence, d: &Callback<Action>) -> Html {
    let changelog = e.changelog.as_ref().map(|c| {
        html! {
            <p class="source changelog">
                { format!("{} {} {}, in ", c.item, c.status, c.since) }
                <button class="link" onclick={release_link(d, &c.release)}>{ c.release.clone() }</button>
                { for c.pr.map(|p| html! { <>{ " " }<a class="pr" href={links::pr_url(p)} rel="noopener noreferrer">{ format!("#{p}") }</a></> }) }
                { ": " }<q>{ c.sentence.clone() }</q>
            </p>
        }
    });
    let guide = e.guide.as_ref().map(|g| {
        html! {
            <p class="source guide">
                { format!("Deprecated API Migration Guide ({}:{}): ", g.file, g.line) }<q>{ g.sentence.clone() }</q>
            </p>
        }
    });
    html! { <>{ for changelog }{ for guide }</> }
}
