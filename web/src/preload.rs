//! The index fetch, started as soon as the wasm runs: before Yew's first render, so reading
//! the body (which index.html's `<link rel="preload">` has been downloading meanwhile)
//! overlaps that render instead of waiting for the first effect. The load effect takes the
//! result from here ([`take_index`]); a retry fetches again.

use crate::fetch_bytes;
use k8s_changelog::index::INDEX_FILE;
use std::cell::RefCell;

type Body = Result<Vec<u8>, String>;
type Taker = Box<dyn FnOnce(Body)>;

enum Early {
    /// Nothing fetched yet (native tests; the wasm's `main` starts the fetch).
    NotStarted,
    /// Fetching; the taker, once the load effect has asked for the body.
    Fetching(Option<Taker>),
    /// Arrived before anyone asked.
    Arrived(Body),
    /// Handed out: a retry fetches again.
    Taken,
}

thread_local! {
    static EARLY: RefCell<Early> = const { RefCell::new(Early::NotStarted) };
}

/// The index's address, relative to the page.
fn index_url() -> String {
    format!("data/{INDEX_FILE}")
}

/// Starts fetching the index (once, from `main`).
pub fn start_index_fetch() {
    EARLY.with(|e| *e.borrow_mut() = Early::Fetching(None));
    wasm_bindgen_futures::spawn_local(async {
        let body = fetch_bytes(&index_url()).await;
        let taker = EARLY.with(|e| {
            let mut e = e.borrow_mut();
            let taker = match &mut *e {
                Early::Fetching(taker) => taker.take(),
                _ => None,
            };
            if taker.is_some() {
                *e = Early::Taken;
            }
            taker
        });
        match taker {
            Some(taker) => taker(body),
            None => EARLY.with(|e| *e.borrow_mut() = Early::Arrived(body)),
        }
    });
}

/// Hands the index's body to `taker`: the early fetch's (now or when it arrives), else a new
/// fetch's (a retry).
pub fn take_index(taker: impl FnOnce(Body) + 'static) {
    let taker: Taker = Box::new(taker);
    let rest = EARLY.with(|e| {
        let mut e = e.borrow_mut();
        match std::mem::replace(&mut *e, Early::Taken) {
            Early::Arrived(body) => Some((taker, Some(body))),
            Early::Fetching(None) => {
                *e = Early::Fetching(Some(taker));
                None
            }
            // One taker waits already: it keeps the early fetch, this one fetches anew.
            waiting @ Early::Fetching(Some(_)) => {
                *e = waiting;
                Some((taker, None))
            }
            Early::NotStarted | Early::Taken => Some((taker, None)),
        }
    });
    match rest {
        None => {}
        Some((taker, Some(body))) => taker(body),
        Some((taker, None)) => {
            wasm_bindgen_futures::spawn_local(async move { taker(fetch_bytes(&index_url()).await) })
        }
    }
}
