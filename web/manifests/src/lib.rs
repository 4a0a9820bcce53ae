//! The web explorer's manifest reader, a wasm module of its own: `k8s-changelog-manifests`
//! (with yaml-rust2) is a seventh of the app's wasm and only the Check view needs it, so
//! `scripts/build-web` builds the app without it (no `manifest-reader` feature) and this
//! module beside it. The Check view loads it the first time it opens (`import()` of its
//! wasm-bindgen glue, a file of the site, as `script-src 'self'` allows) and hands it text.
//!
//! The interface is strings: [`read`] takes an input's name and text and returns JSON, the
//! objects and errors of `k8s_changelog_manifests::Manifests`, which the app deserializes.

use k8s_changelog::ManifestObject;
use k8s_changelog_manifests::{ManifestError, Manifests};
use wasm_bindgen::prelude::*;

/// This module's allocator in the browser: talc, as the app's (`web/src/main.rs`).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Reads one input (pasted text or a file) named `name`: `[objects, errors]` as JSON.
#[wasm_bindgen]
pub fn read(name: &str, text: &str) -> String {
    let mut manifests = Manifests::default();
    manifests.read_text(name, text);
    let read: (&[ManifestObject], &[ManifestError]) = (&manifests.objects, &manifests.errors);
    serde_json::to_string(&read).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_errors_come_back_as_json_the_app_reads() {
        let json = read(
            "pasted",
            "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n---\nkind: [x\n",
        );
        let (objects, errors): (Vec<ManifestObject>, Vec<ManifestError>) =
            serde_json::from_str(&json).unwrap();
        assert_eq!(objects.len(), 1, "{json}");
        assert_eq!(objects[0].kind, "Ingress");
        assert_eq!(objects[0].name.as_deref(), Some("web"));
        assert_eq!(errors.len(), 1, "{json}");
        assert_eq!(errors[0].line, Some(6), "{json}");
    }
}
