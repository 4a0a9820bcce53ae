use super::*;

fn read(text: &str) -> Manifests {
    read_text("m.yaml", text)
}

fn summary(m: &Manifests) -> Vec<String> {
    m.objects
        .iter()
        .map(|o| {
            format!(
                "{}:{} {} {} {} {}",
                o.file,
                o.line,
                o.api_version,
                o.kind,
                o.name.as_deref().unwrap_or("-"),
                o.namespace.as_deref().unwrap_or("-")
            )
        })
        .chain(
            m.errors
                .iter()
                .map(|e| format!("error {:?}: {}", e.line, e.message)),
        )
        .collect()
}

#[test]
fn documents_split_at_markers_at_column_zero() {
    let text = "a: 1\n---\nb: 2\n  ---\n--- # c\nc: 3\n...\n---\n";
    let docs: Vec<(u32, &str)> = documents(text);
    assert_eq!(
        docs,
        [
            (1, "a: 1\n"),
            (2, "---\nb: 2\n  ---\n"),
            (5, "--- # c\nc: 3\n"),
            (7, "...\n"),
            (8, "---\n"),
        ]
    );
    assert_eq!(documents(""), []);
    assert_eq!(documents("----\nx: 1"), [(1, "----\nx: 1")]);
}

#[test]
fn objects_lists_and_malformed_documents() {
    // (input, objects and errors)
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("# only a comment\n", &[]),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n  labels: {a: b}\nspec:\n  template:\n    spec:\n      containers: [{name: c}]\n",
            &["m.yaml:1 apps/v1 Deployment web prod"],
        ),
        (
            "---\nkind: Ingress\nmetadata: {name: i}\napiVersion: extensions/v1beta1\n",
            &["m.yaml:4 extensions/v1beta1 Ingress i -"],
        ),
        // A malformed document between two good ones.
        (
            "apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: [unclosed\n---\napiVersion: v1\nkind: B\n",
            &[
                "m.yaml:1 v1 A - -",
                "m.yaml:7 v1 B - -",
                "error Some(5): not valid YAML: while parsing a flow sequence, expected ',' or ']' (at the end of the document); the document starting at line 3 is skipped",
            ],
        ),
        // A List, items at the line of their apiVersion.
        (
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1beta1\n  kind: CronJob\n  metadata:\n    name: nightly\n- kind: Service\n  apiVersion: v1\n",
            &["m.yaml:4 batch/v1beta1 CronJob nightly -", "m.yaml:9 v1 Service - -"],
        ),
        // JSON, one line.
        (
            r#"{"apiVersion":"v1","kind":"DeploymentList","items":[{"apiVersion":"extensions/v1beta1","kind":"Deployment","metadata":{"name":"a"}}]}"#,
            &["m.yaml:1 extensions/v1beta1 Deployment a -"],
        ),
        // An unrendered Helm template: its `apiVersion` reads as a mapping. An error, not a
        // silent skip; the rendered object after it is read.
        (
            "apiVersion: {{ .Values.api }}\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\n",
            &[
                "m.yaml:6 v1 Service - -",
                "error Some(1): `apiVersion` is not a string (an unrendered template such as `{{ .Values.x }}`? check the output of `helm template`); the object is skipped",
            ],
        ),
        // Not objects: a Helm values file, a Chart.yaml, a scalar.
        ("replicas: 3\nimage: {tag: x}\n", &[]),
        ("apiVersion: v2\nname: chart\n", &[]),
        ("just text\n", &[]),
        // Deep nesting is skipped, not stored; aliases and complex keys are not names.
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: *m\n  ? [complex]\n  : key\ndata: {a: {b: {c: {d: [[[[1]]]]}}}}\n",
            &["m.yaml:1 v1 ConfigMap - -"],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(summary(&read(text)), *expected, "{text}");
    }
}

#[test]
fn bytes_that_are_not_text_are_one_error() {
    let mut out = Manifests::default();
    out.read_bytes("bin", b"apiVersion: v1\n\x00\x01");
    out.read_bytes("latin1", b"a: 1\nname: caf\xe9\n");
    out.error("gone", None, "cannot open: not found");
    assert_eq!(
        summary(&out),
        [
            "error Some(2): binary data (a NUL byte), not a YAML or JSON manifest",
            "error Some(2): invalid UTF-8, not a YAML or JSON manifest",
            "error None: cannot open: not found",
        ]
    );
    assert_eq!(out.files, 2);
    assert_eq!(
        read_text("bom", "\u{feff}apiVersion: v1\nkind: Pod\n")
            .objects
            .len(),
        1
    );
}

#[test]
fn hostile_documents_neither_panic_nor_blow_up() {
    // Deep flow nesting: the parser's limit, one error.
    let deep = format!("a: {}\n", "[".repeat(100_000));
    let out = read(&deep);
    assert_eq!(
        (out.objects.len(), out.errors.len()),
        (0, 1),
        "{:?}",
        out.errors
    );
    // Deep block nesting: read, nothing kept below the kept levels.
    let block: String = (0..5_000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    assert_eq!(summary(&read(&block)), Vec::<String>::new());
    let compact = format!("{}x\n", "- ".repeat(20_000));
    assert_eq!(summary(&read(&compact)), Vec::<String>::new());
    // A billion laughs: aliases are never expanded.
    let mut laughs = String::from("a: &a [lol, lol]\n");
    for i in 0..20u8 {
        let (this, prev) = ((b'b' + i) as char, (b'a' + i) as char);
        laughs.push_str(&format!(
            "{this}: &{this} [*{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    laughs.push_str("apiVersion: extensions/v1beta1\nkind: Deployment\n");
    assert_eq!(
        summary(&read(&laughs)),
        ["m.yaml:22 extensions/v1beta1 Deployment - -"]
    );
}
