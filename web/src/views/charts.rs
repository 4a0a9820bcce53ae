//! The charts: notes per kind per minor release (stacked bars) and one dependency's version
//! across releases (the core's `timeline::dependencies`), each with axes, tick labels, axis
//! titles and, for the kinds, a legend that tells notes without a kind (the changelogs before
//! v1.18 give none) apart from the `uncategorized` kind.

use super::MainProps;
use k8s_changelog::counts::MinorKinds;
use k8s_changelog::timeline::dependencies;
use k8s_changelog::Kind;
use k8s_changelog_web::state::Action;
use yew::prelude::*;

const KIND_COLORS: [&str; 10] = [
    "#d9534f", "#f0ad4e", "#5cb85c", "#9370db", "#5bc0de", "#999", "#337ab7", "#8b6d5c", "#bbb",
    "#20b2aa",
];

/// The legend's words for notes without a kind.
const NO_KIND: &str = "no kind (before v1.18 the changelogs give none)";

fn kind_color(kind: Kind) -> &'static str {
    KIND_COLORS[Kind::ALL.iter().position(|a| *a == kind).unwrap_or(0)]
}

/// Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten.
fn ticks(max: f64) -> Vec<f64> {
    let raw = (max / 5.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let top = (max / step).ceil().max(1.0) * step;
    (0..=(top / step).round() as usize)
        .map(|i| i as f64 * step)
        .collect()
}

/// A coordinate with one decimal, exactly as `{:.1}` writes it, from integers: formatting a
/// float would link core's float formatter (`flt2dec`: Grisu, Dragon and their tables) into the
/// wasm.
fn f(v: f64) -> String {
    let t = tenths(v.abs());
    let sign = if v.is_sign_negative() { "-" } else { "" };
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// `10·a` rounded to an integer as `{:.1}` rounds (the float's exact value, a tie to even), for
/// a finite `a ≥ 0` below 2⁵²: `a = m·2^e` exactly, so `10·m` shifted right by `−e` is the
/// integer part and the bits shifted out decide the rounding.
fn tenths(a: f64) -> u64 {
    let bits = a.to_bits();
    let (exp, frac) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    let (m, e) = match exp {
        0 => (frac, -1074),
        _ => (frac | 1 << 52, exp as i32 - 1075),
    };
    let x = u128::from(m) * 10;
    if e >= 0 {
        return (x << e.min(64)) as u64;
    }
    let shift = e.unsigned_abs();
    if shift >= 64 {
        // 10·m < 2⁵⁷, so the value is below ½.
        return 0;
    }
    let (q, r, half) = (x >> shift, x & ((1 << shift) - 1), 1 << (shift - 1));
    (q + u128::from(r > half || (r == half && q & 1 == 1))) as u64
}

/// A whole number as `{}` writes an integral float (chart sizes and tick values are whole),
/// again without the float formatter.
fn whole(v: f64) -> String {
    (v.round() as i64).to_string()
}

/// The charts view (`View::Charts`).
#[function_component(ChartsView)]
pub(super) fn charts_view(props: &MainProps) -> Html {
    let data = &props.data;
    let d = &props.dispatch;
    let lines = use_memo(data.clone(), |data| data.0.history.kinds_per_minor());
    let dep = if props.state.dep.is_empty() {
        "etcd".to_string()
    } else {
        props.state.dep.clone()
    };
    let timeline = use_memo((data.clone(), dep.clone()), |(data, dep)| {
        dependencies(&data.0.history, dep)
    });
    let points: Vec<Point> = timeline
        .versions
        .iter()
        .filter(|v| !v.release.contains('-'))
        .filter_map(|v| {
            v.version.as_deref().map(|x| Point {
                release: &v.release,
                version: x,
                stated_in: v.stated_in.as_deref().filter(|s| *s != v.release),
            })
        })
        .collect();
    let picker = k8s_changelog::vocabulary::HEADLINE_DEPENDENCIES.iter().map(|&name| {
        let d = d.clone();
        html! { <button class="facet" aria-pressed={(dep == name).to_string()} onclick={Callback::from(move |_| d.emit(Action::SetDep(name.to_string())))}>{ k8s_changelog::vocabulary::display_name(name) }</button> }
    });
    let kinds_seen: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| lines.iter().any(|(_, c)| c.iter().any(|x| x.0 == Some(*k))))
        .collect();
    let legend = kinds_seen.iter().map(|k| html! {
        <span class="legend"><span class="swatch" style={format!("background:{}", kind_color(*k))}></span>{ k.label() }</span>
    });
    html! {
        <section class="charts" id="charts">
            <h2>{ "Notes per kind per minor release" }</h2>
            { kinds_chart(&lines) }
            <p class="legends" id="legend-kinds">{ for legend }
                <span class="legend" id="legend-nokind"><span class="swatch nokind"></span>{ NO_KIND }</span></p>
            <h2>{ format!("{dep} across releases") }</h2>
            <p>{ for picker }</p>
            { dep_chart(&dep, &points) }
        </section>
    }
}

/// Stacked bars per minor line, with a y axis of note counts and the minor lines below.
fn kinds_chart(lines: &[MinorKinds]) -> Html {
    let (w, h) = (760.0_f64, 300.0_f64);
    let (left, right, top, bottom) = (56.0, 10.0, 10.0, 50.0);
    let (x0, x1, y0, y1) = (left, w - right, top, h - bottom);
    let max = lines
        .iter()
        .map(|(_, c)| c.iter().map(|x| x.1).sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let ticks = ticks(max);
    let ymax = ticks.last().copied().unwrap_or(max);
    let y_of = |v: f64| y1 - v / ymax * (y1 - y0);
    let bw = (x1 - x0) / lines.len().max(1) as f64;
    let grid = ticks.iter().map(|t| html! {
        <g class="tick">
            <line x1={f(x0)} x2={f(x1)} y1={f(y_of(*t))} y2={f(y_of(*t))} class="gridline" />
            <text x={f(x0 - 4.0)} y={f(y_of(*t) + 3.0)} font-size="9" text-anchor="end">{ whole(*t) }</text>
        </g>
    });
    let bars = lines.iter().enumerate().map(|(i, (minor, counts))| {
        let x = x0 + i as f64 * bw;
        let mut y = y1;
        let rects = counts.iter().map(|(k, c)| {
            let bh = *c as f64 / ymax * (y1 - y0);
            y -= bh;
            let (fill, label) = match k {
                Some(k) => (kind_color(*k).to_string(), k.label()),
                None => ("url(#nokind)".to_string(), "no kind"),
            };
            html! { <rect x={f(x + 1.0)} y={f(y)} width={f((bw - 2.0).max(1.0))} height={f(bh)} fill={fill}>
                <title>{ format!("{minor} {label}: {c}") }</title></rect> }
        }).collect::<Html>();
        let (lx, ly) = (x + bw / 2.0 + 3.0, y1 + 6.0);
        html! { <g>{ rects }
            <text class="xlabel" x={f(lx)} y={f(ly)} font-size="9" text-anchor="end"
                transform={format!("rotate(-60 {} {})", f(lx), f(ly))}>{ minor.clone() }</text></g> }
    });
    html! {
        <svg viewBox={format!("0 0 {} {}", whole(w), whole(h))} role="img" aria-label="Notes per kind per minor release" class="chart" id="chart-kinds">
            <defs>
                <pattern id="nokind" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="6" height="6" fill="#eee" />
                    <line x1="0" y1="0" x2="0" y2="6" stroke="#777" stroke-width="2.5" />
                </pattern>
            </defs>
            { for grid }
            { for bars }
            <line class="axis" x1={f(x0)} x2={f(x0)} y1={f(y0)} y2={f(y1)} />
            <line class="axis" x1={f(x0)} x2={f(x1)} y1={f(y1)} y2={f(y1)} />
            <text class="axis-title" id="kinds-y-title" x="0" y="0" font-size="11" text-anchor="middle"
                transform={format!("translate(14 {}) rotate(-90)", f((y0 + y1) / 2.0))}>{ "Notes" }</text>
            <text class="axis-title" id="kinds-x-title" x={f((x0 + x1) / 2.0)} y={f(h - 4.0)} font-size="11" text-anchor="middle">
                { "Minor release (x.y.0 and its patches)" }</text>
        </svg>
    }
}

/// A release's version of the dependency, and the release whose notes state it when that is
/// an earlier one (the core's `VersionAt`: a version carried along the release graph).
struct Point<'a> {
    release: &'a str,
    version: &'a str,
    stated_in: Option<&'a str>,
}

impl Point<'_> {
    /// `v1.23.0: 3.5 (stated in v1.22.0)`, or `v1.22.0: 3.5` where the release states it.
    fn text(&self) -> String {
        match self.stated_in {
            Some(from) => format!("{}: {} (stated in {from})", self.release, self.version),
            None => format!("{}: {}", self.release, self.version),
        }
    }
}

/// One dependency's version per release: versions on the y axis (ordered), releases along x.
fn dep_chart(dep: &str, points: &[Point]) -> Html {
    if points.is_empty() {
        return html! { <p>{ format!("The changelogs state no version of {dep}.") }</p> };
    }
    let mut distinct: Vec<&str> = Vec::new();
    for p in points {
        if !distinct.contains(&p.version) {
            distinct.push(p.version);
        }
    }
    distinct.sort_by_key(|v| version_key(v));
    let w = 760.0_f64;
    let (left, right, top, bottom) = (130.0, 10.0, 10.0, 70.0);
    let plot = (distinct.len().max(2) as f64 * 14.0).clamp(100.0, 580.0);
    let h = top + plot + bottom;
    let (x0, x1, y0, y1) = (left, w - right, top, top + plot);
    let step = (x1 - x0) / points.len().max(1) as f64;
    let x_of = |i: usize| x0 + (i as f64 + 0.5) * step;
    let y_of = |v: &str| {
        let i = distinct.iter().position(|d| *d == v).unwrap_or(0) as f64;
        y1 - i / (distinct.len().max(2) - 1) as f64 * (y1 - y0)
    };
    let path: String = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}{},{}",
                if i == 0 { "M" } else { " L" },
                f(x_of(i)),
                f(y_of(p.version))
            )
        })
        .collect();
    let dots = points.iter().enumerate().map(|(i, p)| html! {
        <circle cx={f(x_of(i))} cy={f(y_of(p.version))} r="2.5" class={p.stated_in.map(|_| "carried")}><title>{ p.text() }</title></circle>
    });
    let labels = distinct.iter().map(|v| html! {
        <text x={f(x0 - 5.0)} y={f(y_of(v) + 3.0)} font-size="9" text-anchor="end">{ v.to_string() }</text>
    });
    // About twelve release labels along x.
    let every = points.len().div_ceil(12).max(1);
    let xlabels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, p)| {
            let (lx, ly) = (x_of(i) + 3.0, y1 + 6.0);
            html! { <text class="xlabel" x={f(lx)} y={f(ly)} font-size="9" text-anchor="end"
            transform={format!("rotate(-60 {} {})", f(lx), f(ly))}>{ p.release.to_string() }</text> }
        });
    let (first, last) = (&points[0], &points[points.len() - 1]);
    let carried = points.iter().filter(|p| p.stated_in.is_some()).count();
    html! {
        <>
        <svg viewBox={format!("0 0 {} {}", whole(w), whole(h))} role="img" aria-label={format!("{dep} version across releases")} class="chart" id="chart-dep">
            { for labels }{ for xlabels }
            <line class="axis" x1={f(x0)} x2={f(x0)} y1={f(y0)} y2={f(y1)} />
            <line class="axis" x1={f(x0)} x2={f(x1)} y1={f(y1)} y2={f(y1)} />
            <path d={path} fill="none" stroke="currentColor" stroke-width="1.5" />{ for dots }
            <text class="axis-title" id="dep-y-title" x="0" y="0" font-size="11" text-anchor="middle"
                transform={format!("translate(12 {}) rotate(-90)", f((y0 + y1) / 2.0))}>{ format!("{dep} version") }</text>
            <text class="axis-title" id="dep-x-title" x={f((x0 + x1) / 2.0)} y={f(h - 4.0)} font-size="11" text-anchor="middle">
                { "Release (oldest to newest, pre-releases left out)" }</text>
        </svg>
        <p class="summary" id="dep-summary">{ format!("{} releases, {} distinct versions; first {}, last {}. ", points.len(), distinct.len(),
            first.text(), last.text()) }
            { format!("{carried} of the releases do not state it: they carry the version an earlier release states (the hollow dots)") }</p>
        </>
    }
}

/// Orders `v3.4.13`, `1.17.3`, `go1.16` numerically where the parts are numbers.
fn version_key(v: &str) -> Vec<u64> {
    v.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{f, ticks, whole};

    #[test]
    fn coordinates_read_as_the_float_formatter_writes_them() {
        let ties = [0.25, 0.75, 2.5, 56.55, 0.35, 1.45, 0.05, 0.15, 0.45];
        let others = [
            0.0,
            3.0,
            123.45,
            299.96,
            0.04,
            759.99,
            -4.0,
            -0.5,
            -0.04,
            1.0 / 3.0,
        ];
        for v in others {
            assert_eq!(f(v), format!("{v:.1}"), "{v}");
        }
        for v in ties {
            assert_eq!(f(v), format!("{v:.1}"), "{v}");
        }
        for i in 0..20_000 {
            for v in [i as f64 * 0.0377, i as f64 * 0.05, i as f64 / 7.0] {
                assert_eq!(f(v), format!("{v:.1}"), "{v}");
            }
        }
        assert_eq!(whole(760.0), format!("{}", 760.0_f64));
        assert_eq!(whole(2000.0), "2000");
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(1700.0), [0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert_eq!(ticks(3.0), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(0.0), [0.0, 1.0]);
    }
}
