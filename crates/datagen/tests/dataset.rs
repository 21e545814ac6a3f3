//! The generator's promises: determinism, validity, demo personas that work, and a
//! committed default dataset that is exactly what the generator makes today.

use bankdash_datagen::{generate, render, Options};
use bankdash_domain::auth;
use bankdash_domain::model::*;
use bankdash_domain::validate::validate_dataset;
use bankdash_domain::{Collection, Dataset};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn opts(seed: u64, customers: usize) -> Options {
    Options {
        seed,
        customers,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        bcrypt_cost: 4,
    }
}

fn files(o: &Options) -> BTreeMap<String, String> {
    render(&generate(o).unwrap(), o).unwrap()
}

#[test]
fn same_seed_same_bytes_other_seed_other_data() {
    let a = files(&opts(5, 8));
    let b = files(&opts(5, 8));
    let c = files(&opts(6, 8));
    assert_eq!(a, b);
    assert_ne!(a["customers.json"], c["customers.json"]);
    assert_ne!(a["transactions.json"], c["transactions.json"]);
}

#[test]
fn writes_all_files_and_db_json_holds_every_collection() {
    let f = files(&opts(5, 8));
    for c in Collection::ALL {
        assert!(f.contains_key(&c.file_name()), "{c} missing");
    }
    let db: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&f["db.json"]).unwrap();
    assert_eq!(db.len(), 14);
    for c in Collection::ALL {
        let from_file: Vec<serde_json::Value> = serde_json::from_str(&f[&c.file_name()]).unwrap();
        let in_db = db[c.name()].as_array().unwrap();
        assert_eq!(in_db.len(), from_file.len(), "db.json {c}");
        assert!(!in_db.is_empty(), "db.json {c} is empty");
        for (record, file_record) in in_db.iter().zip(&from_file) {
            // json-server addresses records by `id`: db.json's is the primary key.
            let key = &record[c.id_field()];
            assert!(key.is_string(), "db.json {c}: {record}");
            assert_eq!(&record["id"], key, "db.json {c}");
            // Otherwise the same record; the collection files carry no `id`.
            assert!(file_record.get("id").is_none(), "{c}.json: {file_record}");
            let mut without_id = record.clone();
            without_id.as_object_mut().unwrap().remove("id");
            assert_eq!(&without_id, file_record, "db.json {c}");
        }
    }
    // Every record line leads with its id, for readability.
    for line in f["db.json"]
        .lines()
        .filter(|l| l.starts_with('{') && l.len() > 1)
    {
        assert!(line.starts_with(r#"{"id":""#), "{line}");
    }
    // The app parses the collection files, and also records as json-server serves them
    // (with `id`): unknown fields are ignored.
    let from_db = Dataset::from_texts(|c| Ok(db[c.name()].to_string())).unwrap();
    assert_eq!(from_db, parse(&f));
    let meta: Meta = serde_json::from_str(&f["meta.json"]).unwrap();
    assert_eq!(
        (meta.seed, meta.schema_version, meta.counts.len()),
        (5, SCHEMA_VERSION, 14)
    );
}

#[test]
fn valid_for_several_seeds_and_sizes() {
    for (seed, n) in [(1, 1), (2, 6), (3, 25)] {
        let o = opts(seed, n);
        let g = generate(&o).unwrap();
        assert_eq!(
            validate_dataset(&g.dataset, o.as_of),
            vec![],
            "seed {seed}, {n} customers"
        );
    }
}

fn parse(f: &BTreeMap<String, String>) -> Dataset {
    Dataset::from_texts(|c| Ok(f[&c.file_name()].clone())).unwrap()
}

#[test]
fn amounts_round_trip_exactly() {
    let o = opts(11, 10);
    let g = generate(&o).unwrap();
    let back = parse(&render(&g, &o).unwrap());
    assert_eq!(
        back, g.dataset,
        "parsing the written files gives the generated data back"
    );
}

#[test]
fn personas_cover_the_demo_scenarios_and_their_passwords_verify() {
    let o = opts(21, 8);
    let g = generate(&o).unwrap();
    let ds = &g.dataset;
    let keys: Vec<&str> = g.personas.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        ["sms", "app", "arabic", "locked", "expired", "quiet", "analyst"]
    );
    let user = |p: &Persona| {
        ds.auth_users
            .iter()
            .find(|u| u.user_id == p.user_id)
            .unwrap()
    };
    let primary = |p: &Persona| {
        ds.mfa_settings
            .iter()
            .find(|m| m.user_id == p.user_id && m.is_primary && m.enabled)
            .map(|m| m.method)
    };
    for p in &g.personas {
        let u = user(p);
        assert_eq!(u.email, p.email);
        let cred = ds
            .credentials
            .iter()
            .find(|c| c.user_id == p.user_id)
            .unwrap();
        assert!(
            bcrypt::verify(&p.password, &cred.password_hash).unwrap(),
            "{} password",
            p.key
        );
        assert!(
            bcrypt::verify(&p.pin, &cred.pin_hash).unwrap(),
            "{} pin",
            p.key
        );
        let settings = p
            .customer_id
            .as_ref()
            .and_then(|c| ds.customer_settings.iter().find(|s| &s.customer_id == c));
        match p.key.as_str() {
            "sms" => assert_eq!(primary(p), Some(MfaMethod::Sms)),
            "app" => assert_eq!(primary(p), Some(MfaMethod::App)),
            "arabic" => assert_eq!(settings.unwrap().language, Language::Ar),
            "locked" => assert_eq!(
                (u.status, u.failed_login_attempts >= 5),
                (UserStatus::Locked, true)
            ),
            "expired" => assert_eq!(cred.status, CredentialStatus::Expired),
            "quiet" => assert!(!settings.unwrap().notifications_enabled && !u.mfa_enabled),
            "analyst" => assert_eq!((u.role, u.customer_id.clone()), (Role::Analyst, None)),
            other => panic!("unexpected persona {other}"),
        }
        // Personas signing in with an authenticator app carry its secret, which is the
        // one on their APP method and gives six-digit codes; the others carry none.
        if p.key == "app" || p.key == "analyst" {
            let secret = p
                .totp_secret
                .as_deref()
                .unwrap_or_else(|| panic!("{} totp_secret", p.key));
            let app = ds
                .mfa_settings
                .iter()
                .find(|m| m.user_id == p.user_id && m.method == MfaMethod::App)
                .unwrap();
            assert_eq!(app.totp_secret.as_deref(), Some(secret), "{}", p.key);
            assert_eq!(
                secret,
                auth::base32_encode(&auth::base32_decode(secret).unwrap()),
                "{}: canonical base32",
                p.key
            );
            let key = auth::base32_decode(secret).unwrap();
            assert_eq!(key.len(), 20, "{}", p.key);
            assert_eq!(
                p.otpauth_uri.as_deref(),
                Some(auth::otpauth_uri("BankDash", &p.email, secret).as_str()),
                "{}",
                p.key
            );
            let now = 1_795_000_000;
            let code = auth::format_code(auth::totp(&key, now));
            assert!(
                code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
                "{}: {code}",
                p.key
            );
            assert!(auth::totp(&key, now) < 1_000_000, "{}", p.key);
            assert!(auth::verify_totp(&key, &code, now, 0), "{}", p.key);
        } else {
            assert_eq!(
                (p.totp_secret.as_deref(), p.otpauth_uri.as_deref()),
                (None, None),
                "{}",
                p.key
            );
        }
        if p.key != "locked" && p.key != "expired" && p.key != "analyst" {
            assert_eq!(u.status, UserStatus::Active, "{}", p.key);
            assert_eq!(cred.status, CredentialStatus::Active, "{}", p.key);
        }
    }
    // The first persona demonstrates vaults and a dispute.
    let sms = g.personas[0].customer_id.clone().unwrap();
    assert!(
        ds.savings_goals
            .iter()
            .filter(|s| s.customer_id == sms)
            .count()
            >= 3
    );
    assert!(ds.dispute_records.iter().any(|d| d.customer_id == sms));
}

#[test]
fn committed_default_dataset_is_what_the_generator_makes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/data");
    let meta_text = std::fs::read_to_string(dir.join("meta.json")).expect("public/data/meta.json");
    let meta: Meta = serde_json::from_str(&meta_text).unwrap();
    let o = Options {
        seed: meta.seed,
        customers: meta.customers_requested,
        as_of: meta.as_of,
        bcrypt_cost: meta.bcrypt_cost,
    };
    let expected = files(&o);
    for (name, text) in &expected {
        let committed = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("public/data/{name}: {e}"));
        assert!(
            committed == *text,
            "public/data/{name} differs from the generator's output; run scripts/generate-data.sh"
        );
    }
}
