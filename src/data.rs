//! Data access: the one place that knows where the dataset comes from. Views ask for
//! a `Bundle`; they never build URLs.

use bankdash_domain::model::{Meta, Persona};
use bankdash_domain::{Collection, Dataset, LoadError, LoadProblem};
use futures::future::join_all;
use gloo_net::http::Request;
use std::collections::HashMap;

/// Where the dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The JSON files bundled with the app under `data/`, resolved against the page's
    /// `<base href>` (Trunk's public URL), so the app works from any sub-path.
    Bundled,
}

/// A loaded dataset and the facts about it.
pub struct Bundle {
    pub dataset: Dataset,
    pub meta: Meta,
    /// The demo logins (empty when the dataset ships without `personas.json`).
    pub personas: Vec<Persona>,
}

const META_FILE: &str = "meta.json";
const PERSONAS_FILE: &str = "personas.json";

impl DataSource {
    fn url(&self, file: &str) -> String {
        match self {
            DataSource::Bundled => format!("data/{file}"),
        }
    }

    /// Loads meta.json, the 14 collections and personas.json concurrently; the first
    /// failing file (meta first, then collection order) is reported with what is wrong
    /// with it. The personas are optional: a missing or unreadable file means none.
    pub async fn load(&self) -> Result<Bundle, LoadError> {
        let meta = async {
            let text = fetch_text(&self.url(META_FILE), META_FILE).await?;
            serde_json::from_str::<Meta>(&text).map_err(|e| LoadError {
                file: META_FILE.to_owned(),
                problem: LoadProblem::NotJson(e.to_string()),
            })
        };
        let fetches = Collection::ALL.iter().map(|c| async move {
            let file = c.file_name();
            (*c, fetch_text(&self.url(&file), &file).await)
        });
        let personas = async {
            match fetch_text(&self.url(PERSONAS_FILE), PERSONAS_FILE).await {
                Ok(text) => serde_json::from_str::<Vec<Persona>>(&text).unwrap_or_else(|e| {
                    leptos::logging::warn!("{PERSONAS_FILE} unreadable: {e}");
                    Vec::new()
                }),
                Err(e) => {
                    leptos::logging::warn!("no demo personas: {e}");
                    Vec::new()
                }
            }
        };
        let (meta, texts, personas) = futures::join!(meta, join_all(fetches), personas);
        let meta = meta?;
        let mut texts: HashMap<Collection, Result<String, LoadError>> = texts.into_iter().collect();
        let dataset = Dataset::from_texts(|c| {
            texts
                .remove(&c)
                .unwrap_or_else(|| Err(unavailable(&c.file_name(), "not requested".into())))
        })?;
        Ok(Bundle {
            dataset,
            meta,
            personas,
        })
    }
}

fn unavailable(file: &str, why: String) -> LoadError {
    LoadError {
        file: file.to_owned(),
        problem: LoadProblem::Unavailable(why),
    }
}

async fn fetch_text(url: &str, file: &str) -> Result<String, LoadError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| unavailable(file, e.to_string()))?;
    if !response.ok() {
        return Err(unavailable(
            file,
            format!("HTTP {} {}", response.status(), response.status_text()),
        ));
    }
    response
        .text()
        .await
        .map_err(|e| unavailable(file, e.to_string()))
}
