//! The few browser services the app needs, behind plain functions: the clock, timers,
//! random ids, the query string, local and session storage, file download, and code
//! fetched on demand (wasm chunks).

use bankdash_domain::time::{kuwait, Timestamp};
use chrono::{DateTime, TimeZone};
use wasm_bindgen::JsCast;

/// A wasm chunk (a page's code, or the change code) could not be fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkUnavailable;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}

/// The current time in Kuwait.
pub fn now_in_kuwait() -> Timestamp {
    let millis = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(millis)
        .map(|t| t.with_timezone(&kuwait()))
        .unwrap_or_else(|| kuwait().timestamp_opt(0, 0).single().unwrap_or_default())
}

/// A random (version 4) UUID from the browser's crypto.
pub fn new_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:032x}", (js_sys::Math::random() * 1e18) as u128))
}

/// A parameter of the page's query string.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Percent-encodes a URL component.
pub fn encode_uri_component(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// A response read whole: its status and its body.
pub struct Fetched {
    pub status: u16,
    pub status_text: String,
    pub body: Vec<u8>,
}

impl Fetched {
    /// Whether the status is a success (2xx), as `Response.ok` says.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// What public/preload.js leaves for each file: `{ status, statusText, body }`.
    type PrefetchedResponse;
    #[wasm_bindgen(method, getter)]
    fn status(this: &PrefetchedResponse) -> u16;
    #[wasm_bindgen(method, getter, js_name = statusText)]
    fn status_text(this: &PrefetchedResponse) -> String;
    #[wasm_bindgen(method, getter)]
    fn body(this: &PrefetchedResponse) -> js_sys::ArrayBuffer;
}

/// The name under which public/preload.js leaves the responses it read at page start.
const PREFETCH_GLOBAL: &str = "bankdashPrefetch";

/// The response public/preload.js fetched and read for `url` (the app's own relative
/// URL) when the page started, if it did; taken, so that asking again fetches anew.
pub async fn take_prefetched(url: &str) -> Option<Result<Fetched, String>> {
    let window = web_sys::window()?;
    let prefetched = js_sys::Reflect::get(&window, &PREFETCH_GLOBAL.into()).ok()?;
    if !prefetched.is_object() {
        return None;
    }
    let key = wasm_bindgen::JsValue::from_str(url);
    let promise = js_sys::Reflect::get(&prefetched, &key).ok()?;
    let promise = promise.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(prefetched.unchecked_ref::<js_sys::Object>(), &key);
    let read = wasm_bindgen_futures::JsFuture::from(promise).await;
    Some(match read {
        Ok(value) => {
            let response = value.unchecked_into::<PrefetchedResponse>();
            Ok(Fetched {
                status: response.status(),
                status_text: response.status_text(),
                body: js_sys::Uint8Array::new(&response.body()).to_vec(),
            })
        }
        Err(e) => Err(match e.dyn_into::<js_sys::Error>() {
            Ok(e) => format!("{}: {}", e.name(), e.message()),
            Err(e) => format!("{e:?}"),
        }),
    })
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The pages' stylesheet (style/pages.css): index.html links it disabled, so the first
/// download leaves it out. Resolves once it has loaded (or failed: a page then shows
/// unstyled rather than not at all); the first call enables it, and every call, even one
/// made while it loads, waits for the same load.
pub async fn page_styles() {
    thread_local! {
        static LOADED: js_sys::Promise = enable_page_styles();
    }
    let loaded = LOADED.with(js_sys::Promise::clone);
    let _ = wasm_bindgen_futures::JsFuture::from(loaded).await;
}

fn enable_page_styles() -> js_sys::Promise {
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("page-styles"))
        .filter(|link| link.has_attribute("disabled"));
    js_sys::Promise::new(&mut |resolve, _| match &link {
        Some(link) => {
            let _ = link.add_event_listener_with_callback("load", &resolve);
            let _ = link.add_event_listener_with_callback("error", &resolve);
            let _ = link.remove_attribute("disabled");
        }
        None => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    })
}

/// Milliseconds of work between two turns of the browser in [`in_slices`]: short enough
/// that a click or a paint waits at most about this long.
pub const SLICE_MS: f64 = 40.0;

/// Runs `step` until it returns true, giving the browser a turn (paint, input, other
/// tasks) after every [`SLICE_MS`] of work, so long computations never freeze the page.
pub async fn in_slices(mut step: impl FnMut() -> bool) {
    let now = || js_sys::Date::now();
    loop {
        let start = now();
        while now() - start < SLICE_MS {
            if step() {
                return;
            }
        }
        sleep(0).await;
    }
}

/// Per-tab storage (sessionStorage).
pub fn session_get(key: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
}

pub fn session_set(key: &str, value: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(key, value);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn storage_get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or("localStorage is not available")?;
    s.set_item(key, value).map_err(|e| format!("{e:?}"))
}

pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Moves the keyboard focus to the first element matching a CSS selector, if any
/// (after a change re-renders the control that had the focus). True when it moved.
pub fn focus_selector(selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match element {
        Some(element) => element.focus().is_ok(),
        None => false,
    }
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
