use bankdash_datagen::{generate, Options};
use bankdash_domain::validate::validate_dataset;
use chrono::NaiveDate;

#[test]
fn scratch() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let ds = generate(&Options { seed: 3, customers: 10, as_of, bcrypt_cost: 4 }).unwrap().dataset;
    let v = validate_dataset(&ds, NaiveDate::from_ymd_opt(2026, 11, 21).unwrap());
    println!("{v:#?}");
    for (i, c) in ds.customers.iter().enumerate() {
        let u = ds.auth_users.iter().find(|u| u.customer_id.as_deref() == Some(&c.customer_id)).unwrap();
        let sess: Vec<_> = ds.login_sessions.iter().filter(|s| s.user_id == u.user_id).map(|s| (s.status, &s.device_id[..4], s.started_at)).collect();
        let dev: Vec<_> = ds.registered_devices.iter().filter(|d| d.user_id == u.user_id).map(|d| (&d.device_id[..4], d.status, d.trusted)).collect();
        let failed: Vec<_> = ds.transactions.iter().filter(|t| t.customer_id == c.customer_id && t.status == bankdash_domain::model::TxnStatus::Failed)
            .map(|t| ds.dispute_records.iter().any(|d| d.transaction_id == t.transaction_id)).collect();
        let set = ds.customer_settings.iter().find(|s| s.customer_id == c.customer_id).unwrap().notifications_enabled;
        println!("{i} notif={set} sess={sess:?}\n  dev={dev:?}\n  failed={failed:?}");
    }
}
