//! Data access: the one place that knows where the dataset comes from and builds URLs.
//! Two sources behind one interface: the JSON files bundled with the app, or a REST API
//! (json-server 0.17.4 serving the generated db.json) that is asked only for what the
//! signed-in user needs.

use crate::platform;
use bankdash_domain::auth::Principal;
use bankdash_domain::dataset::ChunkedLoad;
use bankdash_domain::model::{Meta, Persona};
use bankdash_domain::sync::{Method, Write};
use bankdash_domain::{Collection, Dataset, LoadError, LoadProblem};
use futures::future::join_all;
use gloo_net::http::Request;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Where the dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The JSON files bundled with the app under `data/`, resolved against the page's
    /// `<base href>` (Trunk's public URL), so the app works from any sub-path.
    Bundled,
    /// A json-server style REST API at `base` (no trailing slash).
    Rest { base: String },
}

/// The data the app starts with.
pub struct Bundle {
    /// Bundled: everything. REST: nothing yet (fetched per user). Shared, not copied:
    /// a 2,000-customer bank takes a noticeable time to copy.
    pub dataset: Arc<Dataset>,
    pub meta: Meta,
    /// The demo logins, unread (see [`DemoLogins`]).
    pub personas: DemoLogins,
    /// Files or records that could not be used (the app runs on the rest).
    pub problems: Vec<LoadError>,
}

/// The demo logins file (`personas.json`) as downloaded; None when the dataset ships
/// without one. Only the sign-in page shows them, so it reads them: their parser is in
/// its chunk, not in the first download.
#[derive(Debug, Clone, Default)]
pub struct DemoLogins(Option<String>);

impl DemoLogins {
    /// The demo logins; none when the file is missing or unreadable (said in the console).
    pub fn read(&self) -> Vec<Persona> {
        let Some(text) = &self.0 else {
            return Vec::new();
        };
        serde_json::from_str(text).unwrap_or_else(|e| {
            leptos::logging::warn!("{PERSONAS_FILE} unreadable: {e}");
            Vec::new()
        })
    }
}

const META_FILE: &str = "meta.json";
const PERSONAS_FILE: &str = "personas.json";
const CONFIG_FILE: &str = "config.json";
/// `?api=<base URL>` picks REST for this tab (`?api=bundled` the bundled files).
const API_PARAM: &str = "api";
const API_SESSION_KEY: &str = "bankdash.api";
/// Records per page when paging through a collection.
const PAGE_SIZE: usize = 1000;
/// Records parsed between two checks of the clock while loading (see `platform::in_slices`).
const RECORDS_PER_STEP: usize = 200;

/// `config.json` beside index.html: a static host switches to REST without a rebuild.
#[derive(Debug, Deserialize)]
struct Config {
    #[serde(default)]
    data_source: Option<String>,
    #[serde(default)]
    api_base: Option<String>,
}

impl DataSource {
    /// The source chosen for this tab by the `?api=` parameter (remembered for the tab),
    /// if any.
    fn chosen() -> Option<DataSource> {
        let from_url = platform::query_param(API_PARAM);
        if let Some(value) = &from_url {
            platform::session_set(API_SESSION_KEY, value);
        }
        from_url
            .or_else(|| platform::session_get(API_SESSION_KEY))
            .map(|value| DataSource::from_setting(&value))
    }

    /// The source `config.json` names: REST if it says so, else the bundled files.
    async fn from_config() -> DataSource {
        match fetch_text(CONFIG_FILE, CONFIG_FILE).await {
            Ok(text) => match serde_json::from_str::<Config>(&text) {
                Ok(Config {
                    data_source: Some(mode),
                    api_base: Some(base),
                }) if mode == "rest" => DataSource::from_setting(&base),
                Ok(_) => DataSource::Bundled,
                Err(e) => {
                    leptos::logging::warn!("{CONFIG_FILE} unreadable, using bundled data: {e}");
                    DataSource::Bundled
                }
            },
            Err(_) => DataSource::Bundled,
        }
    }

    /// "bundled" (or empty) for the bundled files, otherwise the API's base URL.
    fn from_setting(value: &str) -> DataSource {
        let value = value.trim();
        if value.is_empty() || value == "bundled" {
            DataSource::Bundled
        } else {
            DataSource::Rest {
                base: value.trim_end_matches('/').to_owned(),
            }
        }
    }

    pub fn is_rest(&self) -> bool {
        matches!(self, DataSource::Rest { .. })
    }

    /// The API's base URL, for display.
    pub fn base(&self) -> Option<&str> {
        match self {
            DataSource::Bundled => None,
            DataSource::Rest { base } => Some(base),
        }
    }

    fn file_url(file: &str) -> String {
        format!("data/{file}")
    }

    /// Chooses the source (the `?api=` parameter, else `config.json`, else the bundled
    /// files) and loads its data: meta.json and personas.json (always the app's own
    /// files) and, for the bundled source, the 14 collections, concurrently. Unless the
    /// tab chose a REST API, the collections are fetched while config.json is read (they
    /// are already downloading: see public/preload.js), and left unused if it names one.
    ///
    /// Only an unusable meta.json stops the app; a collection file that is missing,
    /// empty, malformed or of the wrong shape gives no records, a bad record is left out,
    /// and a reference to a missing record is kept: each is reported in `problems`. The
    /// personas are optional: a missing or unreadable file means none.
    pub async fn open() -> Result<(DataSource, Bundle), LoadError> {
        let chosen = Self::chosen();
        let maybe_bundled = !matches!(chosen, Some(DataSource::Rest { .. }));
        let source = async {
            match chosen {
                Some(source) => source,
                None => Self::from_config().await,
            }
        };
        let meta = async {
            let text = fetch_text(&Self::file_url(META_FILE), META_FILE).await?;
            serde_json::from_str::<Meta>(&text).map_err(|e| LoadError {
                file: META_FILE.to_owned(),
                problem: LoadProblem::NotJson(e.to_string()),
            })
        };
        let fetches = Collection::ALL
            .iter()
            .filter(|_| maybe_bundled)
            .map(|c| async move {
                let file = c.file_name();
                (*c, fetch_text(&Self::file_url(&file), &file).await)
            });
        let personas = async {
            match fetch_text(&Self::file_url(PERSONAS_FILE), PERSONAS_FILE).await {
                Ok(text) => DemoLogins(Some(text)),
                Err(e) => {
                    leptos::logging::warn!("no demo personas: {e}");
                    DemoLogins(None)
                }
            }
        };
        let (source, meta, texts, personas) =
            futures::join!(source, meta, join_all(fetches), personas);
        let meta = meta?;
        let (dataset, problems) = if source.is_rest() {
            (Dataset::default(), Vec::new())
        } else {
            let mut texts: HashMap<Collection, Result<String, LoadError>> =
                texts.into_iter().collect();
            let mut load = ChunkedLoad::new(|c| {
                texts
                    .remove(&c)
                    .unwrap_or_else(|| Err(unavailable(&c.file_name(), "not requested".into())))
            });
            // A few hundred records a step: big files parse in slices, between which
            // the loading screen stays responsive.
            platform::in_slices(|| load.step(RECORDS_PER_STEP)).await;
            load.finish()
        };
        let bundle = Bundle {
            dataset: Arc::new(dataset),
            meta,
            personas,
            problems,
        };
        Ok((source, bundle))
    }

    /// What signing in with `email` needs: that user (matched case-insensitively) and
    /// their credential, MFA settings, devices and sessions. Bundled: nothing to fetch.
    pub async fn fetch_login(&self, email: &str) -> Result<Dataset, LoadError> {
        let DataSource::Rest { base } = self else {
            return Ok(Dataset::default());
        };
        let pattern = format!("^{}$", regex_escape(email.trim()));
        let users = fetch_records(base, Collection::AuthUsers, &[("email_like", pattern)]).await?;
        let mut parts = vec![(Collection::AuthUsers, users.clone())];
        for user_id in users.iter().filter_map(|u| u.get("user_id")?.as_str()) {
            let by_user = [("user_id", user_id.to_owned())];
            let fetched = futures::join!(
                fetch_records(base, Collection::Credentials, &by_user),
                fetch_records(base, Collection::MfaSettings, &by_user),
                fetch_records(base, Collection::RegisteredDevices, &by_user),
                fetch_records(base, Collection::LoginSessions, &by_user),
            );
            parts.push((Collection::Credentials, fetched.0?));
            parts.push((Collection::MfaSettings, fetched.1?));
            parts.push((Collection::RegisteredDevices, fetched.2?));
            parts.push((Collection::LoginSessions, fetched.3?));
        }
        assemble(parts)
    }

    /// Everything `who` may see. A customer: their own records, each collection
    /// filtered by customer_id or user_id on the server and paged. An analyst: the whole
    /// bank. Bundled: nothing to fetch.
    pub async fn fetch_for(&self, who: &Principal) -> Result<Dataset, LoadError> {
        let DataSource::Rest { base } = self else {
            return Ok(Dataset::default());
        };
        let filters: Vec<(Collection, Vec<(&str, String)>)> = match who {
            Principal::Customer {
                user_id,
                customer_id,
            } => {
                let by_customer = || vec![("customer_id", customer_id.clone())];
                let by_user = || vec![("user_id", user_id.clone())];
                vec![
                    (Collection::Customers, by_customer()),
                    (Collection::Accounts, by_customer()),
                    (Collection::Transactions, by_customer()),
                    (Collection::SavingsGoals, by_customer()),
                    (Collection::ServiceRequests, by_customer()),
                    (Collection::DisputeRecords, by_customer()),
                    (Collection::Notifications, by_customer()),
                    (Collection::AuthUsers, by_user()),
                    (Collection::Credentials, by_user()),
                    (Collection::MfaSettings, by_user()),
                    (Collection::RegisteredDevices, by_user()),
                    (Collection::LoginSessions, by_user()),
                    (Collection::AuditLogs, by_user()),
                    (Collection::AuditLogs, by_customer()),
                    (Collection::CustomerSettings, by_customer()),
                ]
            }
            Principal::Analyst { .. } => Collection::ALL.iter().map(|c| (*c, Vec::new())).collect(),
        };
        let fetches = filters.into_iter().map(|(c, filter)| {
            let base = base.clone();
            async move { (c, fetch_records(&base, c, &filter).await) }
        });
        let mut parts = Vec::new();
        for (c, records) in join_all(fetches).await {
            parts.push((c, records?));
        }
        assemble(parts)
    }

    /// Sends one write. `Ok(status)` when the server answered (any status), `Err` when
    /// it could not be reached.
    pub async fn send(&self, write: &Write) -> Result<u16, String> {
        let DataSource::Rest { base } = self else {
            return Ok(200);
        };
        let url = format!("{base}{}", write.path());
        let request = match write.method {
            Method::Post => Request::post(&url),
            Method::Patch => Request::patch(&url),
        };
        let response = request
            .json(&write.body)
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(response.status())
    }

    /// Whether the record a write creates is already on the server (a retried POST whose
    /// first try got through).
    pub async fn exists(&self, write: &Write) -> Result<bool, String> {
        let DataSource::Rest { base } = self else {
            return Ok(false);
        };
        let url = format!(
            "{base}/{}/{}",
            write.collection.name(),
            platform::encode_uri_component(&write.id)
        );
        let response = Request::get(&url).send().await.map_err(|e| e.to_string())?;
        Ok(response.ok())
    }
}

/// Builds a dataset from fetched records (each collection possibly in several parts;
/// a record fetched twice is kept once).
fn assemble(parts: Vec<(Collection, Vec<serde_json::Value>)>) -> Result<Dataset, LoadError> {
    let mut by_collection: HashMap<Collection, Vec<serde_json::Value>> = HashMap::new();
    for (c, records) in parts {
        let list = by_collection.entry(c).or_default();
        for record in records {
            let id = record.get(c.id_field()).cloned();
            if !list.iter().any(|r| r.get(c.id_field()) == id.as_ref()) {
                list.push(record);
            }
        }
    }
    Dataset::from_texts(|c| {
        let records = by_collection.remove(&c).unwrap_or_default();
        serde_json::to_string(&records).map_err(|e| LoadError {
            file: c.file_name(),
            problem: LoadProblem::NotJson(e.to_string()),
        })
    })
}

/// All records of `c` matching `filter`, a page at a time (json-server's `_page` and
/// `_limit`), sorted by id so pages are stable.
async fn fetch_records(
    base: &str,
    c: Collection,
    filter: &[(&str, String)],
) -> Result<Vec<serde_json::Value>, LoadError> {
    let mut out = Vec::new();
    for page in 1.. {
        let mut pairs: Vec<(&str, String)> = filter.to_vec();
        pairs.push(("_sort", c.id_field().to_owned()));
        pairs.push(("_page", page.to_string()));
        pairs.push(("_limit", PAGE_SIZE.to_string()));
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", platform::encode_uri_component(v)))
            .collect();
        let url = format!("{base}/{}?{}", c.name(), query.join("&"));
        let label = format!("{} (REST)", c.file_name());
        let text = fetch_text(&url, &label).await?;
        let records: Vec<serde_json::Value> =
            serde_json::from_str(&text).map_err(|e| LoadError {
                file: label.clone(),
                problem: LoadProblem::NotJson(e.to_string()),
            })?;
        let full = records.len() == PAGE_SIZE;
        out.extend(records);
        if !full {
            break;
        }
    }
    Ok(out)
}

/// Escapes regex metacharacters (json-server's `_like` filters are regular expressions).
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\^$.|?*+()[]{}".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

fn unavailable(file: &str, why: String) -> LoadError {
    LoadError {
        file: file.to_owned(),
        problem: LoadProblem::Unavailable(why),
    }
}

async fn fetch_text(url: &str, file: &str) -> Result<String, LoadError> {
    let fetched = match platform::take_prefetched(url).await {
        Some(prefetched) => prefetched,
        None => fetch_bytes(url).await,
    }
    .map_err(|why| unavailable(file, why))?;
    if !fetched.ok() {
        return Err(unavailable(
            file,
            format!("HTTP {} {}", fetched.status, fetched.status_text),
        ));
    }
    String::from_utf8(fetched.body).map_err(|e| LoadError {
        file: file.to_owned(),
        problem: LoadProblem::NotJson(format!("not UTF-8 text: {e}")),
    })
}

/// GETs `url` and reads the body as bytes, not `text()`: copying a 150 MB JS string into
/// wasm re-encodes it in one long task; the bytes are copied as they are.
async fn fetch_bytes(url: &str) -> Result<platform::Fetched, String> {
    let response = Request::get(url).send().await.map_err(|e| e.to_string())?;
    let body = if response.ok() {
        response.binary().await.map_err(|e| e.to_string())?
    } else {
        Vec::new()
    };
    Ok(platform::Fetched {
        status: response.status(),
        status_text: response.status_text(),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_choose_the_source() {
        assert_eq!(DataSource::from_setting("bundled"), DataSource::Bundled);
        assert_eq!(DataSource::from_setting("  "), DataSource::Bundled);
        assert_eq!(
            DataSource::from_setting("http://127.0.0.1:3000/"),
            DataSource::Rest {
                base: "http://127.0.0.1:3000".into()
            }
        );
    }

    #[test]
    fn emails_are_matched_literally() {
        assert_eq!(
            regex_escape("a.b+c@mail.example"),
            "a\\.b\\+c@mail\\.example"
        );
    }
}
