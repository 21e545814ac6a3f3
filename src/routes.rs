//! Every screen as a typed route. Paths are built with `AppRoute::href` (for the router:
//! `navigate`, `Redirect`), links with `AppRoute::link` (for anchors: the same path under
//! the deployment base), never by hand; the router's paths in `app.rs` are the same shapes.

use bankdash_domain::ledger::LedgerQuery;
use bankdash_domain::timeline::EventKind;
use leptos::prelude::*;
use leptos_router::params::Params;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRoute {
    /// "/": the signed-in user's home, or the sign-in page.
    Home,
    /// Every reusable component in each of its states, for designers.
    Gallery,
    /// Sign in with email and password (and a second factor when enabled).
    Login,
    /// Reset a forgotten password with a one-time code.
    ForgotPassword,
    /// Bank-wide figures, for ANALYST users only.
    Analytics,
    /// Risk alerts (analysts).
    Alerts,
    /// One alert with the records it is about (analysts).
    Alert {
        alert_id: String,
    },
    /// Data-quality checks on the loaded dataset (analysts).
    Quality,
    Overview {
        customer_id: String,
    },
    /// The ledger across accounts, or one account with `query.account_id`.
    Ledger {
        customer_id: String,
        query: LedgerQuery,
    },
    Transaction {
        customer_id: String,
        transaction_id: String,
    },
    Vaults {
        customer_id: String,
    },
    /// The vaults page with one goal picked out.
    Goal {
        customer_id: String,
        goal_id: String,
    },
    Security {
        customer_id: String,
    },
    /// The security page with one login session picked out.
    Session {
        customer_id: String,
        session_id: String,
    },
    /// The activity feed, optionally filtered by kind and search.
    Timeline {
        customer_id: String,
        kinds: Vec<EventKind>,
        search: String,
    },
    Requests {
        customer_id: String,
    },
    Notifications {
        customer_id: String,
    },
    /// Contact details and address.
    Profile {
        customer_id: String,
    },
}

/// The path the app is served under (Trunk's public URL, written into `<base href>`),
/// without a trailing slash; "" at the root. Read once.
pub fn base() -> &'static str {
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|url| url.pathname().trim_end_matches('/').to_owned())
            .unwrap_or_default()
    })
}

impl AppRoute {
    /// An anchor's `href`: the path under the deployment base. (`navigate` and
    /// `Redirect` take [`AppRoute::href`]: the router adds the base itself, but leaves
    /// absolute anchor links as they are.)
    pub fn link(&self) -> String {
        format!("{}{}", base(), self.href())
    }

    /// The path inside the app (the router adds the deployment base when navigating).
    pub fn href(&self) -> String {
        let base = |id: &str| format!("/customers/{id}");
        match self {
            AppRoute::Home => "/".to_owned(),
            AppRoute::Gallery => "/gallery".to_owned(),
            AppRoute::Login => "/login".to_owned(),
            AppRoute::ForgotPassword => "/forgot-password".to_owned(),
            AppRoute::Analytics => "/analytics".to_owned(),
            AppRoute::Alerts => "/analytics/alerts".to_owned(),
            AppRoute::Alert { alert_id } => format!("/analytics/alerts/{alert_id}"),
            AppRoute::Quality => "/analytics/quality".to_owned(),
            AppRoute::Overview { customer_id } => base(customer_id),
            AppRoute::Ledger { customer_id, query } => {
                format!(
                    "{}/transactions{}",
                    base(customer_id),
                    query_string(&query.to_pairs())
                )
            }
            AppRoute::Transaction {
                customer_id,
                transaction_id,
            } => {
                format!("{}/transactions/{transaction_id}", base(customer_id))
            }
            AppRoute::Vaults { customer_id } => format!("{}/vaults", base(customer_id)),
            AppRoute::Goal {
                customer_id,
                goal_id,
            } => format!("{}/vaults/{goal_id}", base(customer_id)),
            AppRoute::Security { customer_id } => format!("{}/security", base(customer_id)),
            AppRoute::Session {
                customer_id,
                session_id,
            } => format!("{}/security/sessions/{session_id}", base(customer_id)),
            AppRoute::Timeline {
                customer_id,
                kinds,
                search,
            } => {
                let mut pairs: Vec<(&str, String)> = Vec::new();
                if !kinds.is_empty() {
                    pairs.push((
                        "kinds",
                        kinds
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(","),
                    ));
                }
                if !search.is_empty() {
                    pairs.push(("q", search.clone()));
                }
                format!("{}/timeline{}", base(customer_id), query_string(&pairs))
            }
            AppRoute::Requests { customer_id } => format!("{}/requests", base(customer_id)),
            AppRoute::Notifications { customer_id } => {
                format!("{}/notifications", base(customer_id))
            }
            AppRoute::Profile { customer_id } => format!("{}/profile", base(customer_id)),
        }
    }
}

/// The page's URL query read by `parse` from its (name, value) pairs, again whenever
/// the URL changes (the domain's `from_pairs` parsers).
pub fn use_parsed_query<T>(parse: fn(&[(&str, &str)]) -> T) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let query_map = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query_map.with(|m| {
            let pairs: Vec<(String, String)> = m
                .clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            let borrowed: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            parse(&borrowed)
        })
    })
}

/// Goes to `href` in place of the current history entry, keeping the scroll position:
/// how a page's filters and paging update its URL.
pub fn use_replace_url() -> impl Fn(&str) + Clone + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    move |href: &str| {
        navigate(
            href,
            leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        )
    }
}

/// "?a=1&b=x%20y", or "" without pairs.
pub fn query_string<K: AsRef<str>>(pairs: &[(K, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k.as_ref()), encode(v)))
        .collect();
    format!("?{}", encoded.join("&"))
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
        }
    }
    out
}

/// Parameters of `/customers/:customer_id/...`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct CustomerParams {
    pub customer_id: Option<String>,
}

/// Parameters of `/customers/:customer_id/transactions/:transaction_id`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct TransactionParams {
    pub transaction_id: Option<String>,
}

/// Parameters of `/analytics/alerts/:alert_id`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct AlertParams {
    pub alert_id: Option<String>,
}

/// Parameters of `/customers/:customer_id/vaults/:goal_id`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct GoalParams {
    pub goal_id: Option<String>,
}

/// Parameters of `/customers/:customer_id/security/sessions/:session_id`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct SessionParams {
    pub session_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use bankdash_domain::model::Direction;

    #[test]
    fn hrefs_match_the_router_paths() {
        let c = || "abc".to_owned();
        assert_eq!(AppRoute::Home.href(), "/");
        assert_eq!(AppRoute::Login.href(), "/login");
        assert_eq!(AppRoute::ForgotPassword.href(), "/forgot-password");
        assert_eq!(AppRoute::Analytics.href(), "/analytics");
        assert_eq!(AppRoute::Alerts.href(), "/analytics/alerts");
        assert_eq!(
            AppRoute::Alert {
                alert_id: "R1-t1".into()
            }
            .href(),
            "/analytics/alerts/R1-t1"
        );
        assert_eq!(AppRoute::Quality.href(), "/analytics/quality");
        assert_eq!(
            AppRoute::Profile { customer_id: c() }.href(),
            "/customers/abc/profile"
        );
        assert_eq!(
            AppRoute::Overview { customer_id: c() }.href(),
            "/customers/abc"
        );
        assert_eq!(
            AppRoute::Vaults { customer_id: c() }.href(),
            "/customers/abc/vaults"
        );
        assert_eq!(
            AppRoute::Goal {
                customer_id: c(),
                goal_id: "g1".into()
            }
            .href(),
            "/customers/abc/vaults/g1"
        );
        assert_eq!(
            AppRoute::Session {
                customer_id: c(),
                session_id: "s1".into()
            }
            .href(),
            "/customers/abc/security/sessions/s1"
        );
        assert_eq!(
            AppRoute::Transaction {
                customer_id: c(),
                transaction_id: "t1".into()
            }
            .href(),
            "/customers/abc/transactions/t1"
        );
        assert_eq!(
            AppRoute::Timeline {
                customer_id: c(),
                kinds: vec![EventKind::Audit, EventKind::Dispute],
                search: "café & co".into()
            }
            .href(),
            "/customers/abc/timeline?kinds=audit%2Cdispute&q=caf%C3%A9%20%26%20co"
        );
    }

    #[test]
    fn ledger_href_carries_the_filters() {
        let query = LedgerQuery {
            direction: Some(Direction::Debit),
            search: "sultan".into(),
            ..LedgerQuery::default()
        };
        assert_eq!(
            AppRoute::Ledger {
                customer_id: "abc".into(),
                query
            }
            .href(),
            "/customers/abc/transactions?direction=DEBIT&q=sultan"
        );
        let plain = AppRoute::Ledger {
            customer_id: "abc".into(),
            query: LedgerQuery::default(),
        };
        assert_eq!(plain.href(), "/customers/abc/transactions");
    }
}
