//! Data access: the one place that knows where the dataset comes from. Views ask for
//! a `Dataset`; they never build URLs.

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

impl DataSource {
    fn url(&self, c: Collection) -> String {
        match self {
            DataSource::Bundled => format!("data/{}", c.file_name()),
        }
    }

    /// Loads all 14 collections concurrently; the first failing file (in collection
    /// order) is reported with what is wrong with it.
    pub async fn load_dataset(&self) -> Result<Dataset, LoadError> {
        let fetches = Collection::ALL.iter().map(|c| async move { (*c, fetch_text(&self.url(*c), *c).await) });
        let mut texts: HashMap<Collection, Result<String, LoadError>> = join_all(fetches).await.into_iter().collect();
        Dataset::from_texts(|c| {
            texts.remove(&c).unwrap_or_else(|| Err(unavailable(c, "not requested".into())))
        })
    }
}

fn unavailable(c: Collection, why: String) -> LoadError {
    LoadError { file: c.file_name(), problem: LoadProblem::Unavailable(why) }
}

async fn fetch_text(url: &str, c: Collection) -> Result<String, LoadError> {
    let response = Request::get(url).send().await.map_err(|e| unavailable(c, e.to_string()))?;
    if !response.ok() {
        return Err(unavailable(c, format!("HTTP {} {}", response.status(), response.status_text())));
    }
    response.text().await.map_err(|e| unavailable(c, e.to_string()))
}
