//! The web explorer's logic, free of web APIs so it tests natively: the URL-backed state and
//! its reducer, the safe Markdown renderer, the note cards' HTML, and the loaded data (the core's `History` rebuilt
//! from the index). The Yew views are in `main.rs` and `views.rs`.

pub mod card;
pub mod data;
pub mod markdown;
pub mod state;
