//! The Check view (manifests checked in the page, including manifests that try to inject
//! HTML, a malformed document, a List, and a chosen file) and the feature-gates view.

use super::{js, screenshot, wait_js};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;

/// Manifests as a user pastes them: a removed Deployment whose name and namespace are markup,
/// a served one, a malformed document, and a List holding a removed DaemonSet.
const PASTED: &str = r#"apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: "<img src=x onerror=\"window.__pwned = 1\">"
  namespace: "<script>window.__pwned = 2</script>"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fine
---
kind: [unclosed
---
apiVersion: v1
kind: List
items:
  - apiVersion: extensions/v1beta1
    kind: DaemonSet
    metadata:
      name: agent
"#;

/// Sets the textarea's text and fires `input`, as typing or pasting does.
async fn paste(client: &Client, text: &str) {
    js(
        client,
        &format!(
            "const t = document.getElementById('manifests'); t.value = {text:?}; \
             t.dispatchEvent(new Event('input', {{bubbles: true}})); return true;"
        ),
    )
    .await;
}

/// Runs the Check view at `base` against v1.16.0 from v1.15.0 (1.16 stopped serving
/// `extensions/v1beta1` Deployments and DaemonSets: the changelogs say so).
pub async fn check_view(client: &Client, base: &str) {
    client
        .goto(&format!("{base}?view=check&to=v1.16.0&from=v1.15.0"))
        .await
        .unwrap();
    wait_js(client, "document.getElementById('manifests')").await;
    paste(client, PASTED).await;
    let verdict = wait_js(
        client,
        "document.querySelector('#check-verdict.fail') && document.getElementById('check-verdict').innerText",
    )
    .await;
    let verdict = verdict.as_str().unwrap().to_string();
    assert!(
        verdict.starts_with("2 of 3 objects use APIs no longer served at v1.16.0"),
        "{verdict}"
    );
    let rows = js(
        client,
        "return [...document.querySelectorAll('tr.finding')].map(r => [r.querySelector('.kind').innerText, \
         r.querySelector('.name').innerText, r.cells[1].innerText, r.cells[2].innerText, r.cells[4].innerText]);",
    )
    .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    // The markup is shown as text, where it was written.
    assert_eq!(rows[0][0], json!("Deployment"));
    assert_eq!(
        rows[0][1],
        json!("<script>window.__pwned = 2</script>/<img src=x onerror=\"window.__pwned = 1\">"),
        "{rows:?}"
    );
    assert_eq!(rows[0][2], json!("pasted:1"));
    let status = rows[0][3].as_str().unwrap();
    assert!(status.contains("no longer served since 1.16"), "{status}");
    assert!(status.contains("new on the path"), "{status}");
    // Every finding cites its source: a release of the changelogs, or the guide.
    for row in rows {
        let evidence = row[4].as_str().unwrap();
        assert!(
            evidence.contains("v1.16") || evidence.contains("Migration Guide"),
            "{evidence}"
        );
    }
    assert_eq!(rows[1][1], json!("agent"), "the List's item: {rows:?}");
    let errors = js(
        client,
        "return [...document.querySelectorAll('.check-error')].map(e => e.innerText);",
    )
    .await;
    let errors = errors.as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .as_str()
            .unwrap()
            .starts_with("pasted:12 not valid YAML"),
        "{errors:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let injected = js(
        client,
        "return [typeof window.__pwned, document.querySelectorAll('.check img, .check script').length];",
    )
    .await;
    assert_eq!(
        injected,
        json!(["undefined", 0]),
        "a manifest injected markup"
    );
    screenshot(client, "check").await;

    // The pasted text survives a look at another view.
    for tab in ["tab-compare", "tab-check"] {
        let tab = client.find(Locator::Id(tab)).await.unwrap();
        tab.click().await.unwrap();
    }
    let kept = wait_js(
        client,
        "document.getElementById('manifests') && document.getElementById('manifests').value.length",
    )
    .await;
    assert_eq!(kept, json!(PASTED.len()));

    // A chosen file is read in the page and named in the findings; Clear empties everything.
    let file =
        std::env::temp_dir().join(format!("k8s-changelog-e2e-{}-psp.yaml", std::process::id()));
    std::fs::write(
        &file,
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n",
    )
    .unwrap();
    client
        .find(Locator::Id("manifest-files"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    let named = wait_js(
        client,
        "[...document.querySelectorAll('tr.finding')].map(r => r.cells[1].innerText).find(w => w.endsWith('psp.yaml:1')) || false",
    )
    .await;
    println!("check view: {verdict}; a chosen file: {named}");
    js(
        client,
        "document.getElementById('check-clear').click(); return true;",
    )
    .await;
    let cleared = wait_js(
        client,
        "document.querySelectorAll('tr.finding').length === 0 && document.getElementById('check-verdict').innerText",
    )
    .await;
    assert_eq!(cleared, json!("No Kubernetes object read yet."));
    let _ = std::fs::remove_file(file);
}

/// The feature-gates view lists a gate's lifecycle with its evidence, and its stage at a
/// release; kubeadm's own gate of a name is a row apart, marked "(kubeadm)".
pub async fn gates_view(client: &Client, base: &str) {
    client
        .goto(&format!("{base}?view=gates&q=CSIMigration&to=v1.17.0"))
        .await
        .unwrap();
    let rows = wait_js(
        client,
        "document.querySelector('#gates tr.gate') && [...document.querySelectorAll('#gates tr.gate')]\
         .map(r => [...r.cells].map(c => c.innerText))",
    )
    .await;
    let rows = rows.as_array().unwrap();
    let gate = rows
        .iter()
        .find(|r| r[0] == json!("CSIMigration"))
        .unwrap_or_else(|| panic!("no CSIMigration row: {rows:?}"));
    assert_eq!(gate[1], json!("beta"), "stage at v1.17.0: {gate:?}");
    let events = gate[2].as_str().unwrap();
    assert!(
        events.contains("beta 1.17, in v1.17.0-beta.2 #85231"),
        "{events}"
    );
    screenshot(client, "gates").await;
    // kubeadm's own DynamicKubeletConfig gate is a row apart, marked, with its deprecation
    // (#70849); the kubelet's has none.
    client
        .goto(&format!("{base}?view=gates&q=DynamicKubeletConfig"))
        .await
        .unwrap();
    let rows = wait_js(
        client,
        "[...document.querySelectorAll('#gates tr.gate')].map(r => [...r.cells].map(c => c.innerText))         .filter(r => r[0].startsWith('DynamicKubeletConfig')).length === 2 &&          [...document.querySelectorAll('#gates tr.gate')].map(r => [...r.cells].map(c => c.innerText))",
    )
    .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows[0][0], json!("DynamicKubeletConfig"), "{rows:?}");
    assert!(
        !rows[0][1].as_str().unwrap().contains("deprecated"),
        "{rows:?}"
    );
    assert_eq!(
        rows[1][0],
        json!("DynamicKubeletConfig (kubeadm)"),
        "{rows:?}"
    );
    assert!(
        rows[1][1]
            .as_str()
            .unwrap()
            .contains("deprecated 1.13, in v1.13.0-beta.1 #70849"),
        "{rows:?}"
    );
    // v1.23.0's themes call IPv6DualStack removed where #104691 says it went stable: under the
    // gate, not as a stage, worded as the CLI prints it.
    client
        .goto(&format!("{base}?view=gates&q=IPv6DualStack"))
        .await
        .unwrap();
    let events = wait_js(
        client,
        "[...document.querySelectorAll('#gates tr.gate')].find(r => r.cells[0].innerText === 'IPv6DualStack')?.cells[1].innerText",
    )
    .await;
    let events = events.as_str().unwrap();
    assert!(
        events.contains("Not read as a stage: v1.23.0's major themes say \"In 1.23, the `IPv6DualStack` feature gate is removed.\", but the notes say it went stable in 1.23 (v1.23.0-alpha.3 #104691)."),
        "{events}"
    );
    assert!(!events.contains("removed 1.23"), "{events}");
}

/// With an index built with the guide (`scripts/build-web` passes it), the deprecations view
/// lists the guide's removals beside what the changelogs say, each citing its guide line.
pub async fn guide_facts(client: &Client, base: &str) {
    client
        .goto(&format!("{base}?view=deprecations"))
        .await
        .unwrap();
    wait_js(client, "document.querySelector('#deprecations tbody tr')").await;
    let facts = js(
        client,
        "return [...document.querySelectorAll('tr.guide-fact')].map(r => [r.className, r.cells[0].innerText, r.cells[4].innerText]);",
    )
    .await;
    let facts = facts.as_array().unwrap();
    if facts.is_empty() {
        println!("NOTICE: the index was built without the API guide; its facts are not checked");
        return;
    }
    assert!(facts.len() >= 20, "{facts:?}");
    for fact in facts {
        let source = fact[2].as_str().unwrap();
        assert!(source.contains("deprecation-guide.md:"), "{fact:?}");
    }
    let differ = facts
        .iter()
        .filter(|f| f[0].as_str().unwrap().contains("differs"))
        .count();
    println!(
        "guide facts: {} listed, {differ} where the changelogs differ",
        facts.len()
    );
}

/// With an index built with kubernetes/website's eol.yaml, the release page says whether its
/// line is supported (1.22 reached its end of life on 2022-12-08).
pub async fn end_of_life(client: &Client, base: &str) {
    client
        .goto(&format!("{base}?view=release&release=v1.22.2"))
        .await
        .unwrap();
    wait_js(client, "document.getElementById('release-title')").await;
    let eol = js(
        client,
        "const e = document.getElementById('release-eol'); return e ? e.innerText : null;",
    )
    .await;
    let Some(eol) = eol.as_str() else {
        println!("NOTICE: the index was built without end-of-life dates; not checked");
        return;
    };
    assert!(
        eol.starts_with("1.22 reached its end of life on 2022-12-08, final patch v1.22.17"),
        "{eol}"
    );
    println!("release page: {eol}");
}
