//! Reading the dataset's records from JSON objects, for [`record!`](crate::record!).
//!
//! serde's derive writes, for every struct, a field-name visitor, a reader for the
//! struct given as a JSON array, and each field's error paths inline: 5–9 KB of wasm a
//! record type, and the app loads 14. Here one key matcher serves every record, and a
//! field is read by a function shared by all the fields of its type; the JSON accepted
//! (an object; unknown keys skipped; a duplicate key refused; a missing `Option` field
//! is `None`) and the error messages are serde's.

use crate::time::{self, Timestamp};
use chrono::NaiveDate;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Declares a record: the struct as written, and its `Deserialize` from a JSON object
/// whose keys are the field names (`r#type` is the key `type`). Every field's type
/// implements [`Field`].
#[macro_export]
#[doc(hidden)]
macro_rules! record {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $($(#[$field_meta:meta])* $field_vis:vis $field:ident: $ty:ty,)+
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $($(#[$field_meta])* $field_vis $field: $ty,)+
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // The fields' positions in FIELDS, by name.
                #[allow(non_camel_case_types)]
                enum Key { $($field),+ }
                const FIELDS: &[&str] = &[$(stringify!($field)),+];
                struct Fields;
                impl<'de> ::serde::de::Visitor<'de> for Fields {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        $(let mut $field = None;)+
                        while let Some(key) = $crate::record::next_key(&mut map, FIELDS)? {
                            $(if key == Key::$field as usize {
                                $crate::record::take(&mut map, &mut $field, stringify!($field))?;
                                continue;
                            })+
                        }
                        Ok($name {
                            $($field: $crate::record::finish($field, stringify!($field))?,)+
                        })
                    }
                }
                d.deserialize_struct(stringify!($name), FIELDS, Fields)
            }
        }

        // A record can be a field of another (a customer's address).
        $crate::record::deserialized!($name);
    };
}

/// A record field's type: how it is read, and what a missing field means.
pub trait Field: Sized {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;

    /// The field is absent: an error, but for optional fields.
    fn missing<E: de::Error>(name: &'static str) -> Result<Self, E> {
        Err(E::missing_field(name))
    }
}

/// Types read by their own `Deserialize` (so are records and [`string_enum!`] values).
macro_rules! deserialized {
    ($($ty:ty),+) => {
        $(impl $crate::record::Field for $ty {
            fn read<'de, D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                ::serde::Deserialize::deserialize(d)
            }
        })+
    };
}

pub(crate) use deserialized;

deserialized!(String, bool, u32, crate::Money, crate::money::Rate);

impl Field for Timestamp {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        time::deserialize_timestamp(d)
    }
}

impl Field for NaiveDate {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        time::deserialize_date(d)
    }
}

/// `null` or absent is `None`.
impl<T: Field> Field for Option<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(Optional(PhantomData))
    }

    fn missing<E: de::Error>(_: &'static str) -> Result<Self, E> {
        Ok(None)
    }
}

struct Optional<T>(PhantomData<T>);

impl<'de, T: Field> Visitor<'de> for Optional<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::read(d).map(Some)
    }
}

/// The next key's position in `fields` (`usize::MAX` for a key that is not a field,
/// whose value is skipped here), or `None` at the end of the object.
#[inline(never)]
pub fn next_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    loop {
        match map.next_key_seed(KeyOf(fields))? {
            Some(usize::MAX) => {
                map.next_value::<IgnoredAny>()?;
            }
            key => return Ok(key),
        }
    }
}

struct KeyOf(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyOf {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeyOf {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        let at = self.0.iter().position(|name| key(name) == v);
        Ok(at.unwrap_or(usize::MAX))
    }
}

/// A field's JSON key: its name, without the `r#` of a raw identifier.
fn key(name: &'static str) -> &'static str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Reads the value of field `name` into its slot; a second value is an error.
#[inline(never)]
pub fn take<'de, A: MapAccess<'de>, T: Field>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key(name)));
    }
    *slot = Some(map.next_value_seed(Read(PhantomData))?);
    Ok(())
}

struct Read<T>(PhantomData<T>);

impl<'de, T: Field> DeserializeSeed<'de> for Read<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read(d)
    }
}

/// The value read for field `name`, or what its absence means.
#[inline(never)]
pub fn finish<T: Field, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::missing(key(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Address, Customer, Notification};

    const ADDRESS: &str =
        r#"{"governorate":"Capital","area":"Sharq","block":"1","street":"2","building":"3"}"#;

    fn customer_json(extra: &str) -> String {
        format!(
            r#"{{"customer_id":"c1","first_name_en":"A","last_name_en":"B","first_name_ar":"ا",
            "last_name_ar":"ب","email":"a@b.kw","phone":"+96550000000","civil_id":"1",
            "nationality":"KW","gender":"FEMALE","date_of_birth":"1990-01-02","segment":"RETAIL",
            "kyc_status":"VERIFIED","address":{ADDRESS},"created_at":"2024-01-01T09:00:00+03:00"{extra}}}"#
        )
    }

    fn error_of<T: serde::de::DeserializeOwned + fmt::Debug>(json: &str) -> String {
        let e = serde_json::from_str::<T>(json).expect_err(json).to_string();
        e.rsplit_once(" at line ")
            .map_or(e.clone(), |(m, _)| m.to_owned())
    }

    #[test]
    fn reads_every_field_in_any_order_and_skips_unknown_keys() {
        let c: Customer =
            serde_json::from_str(&customer_json(r#","unknown":{"deep":[1,2,{"x":null}]}"#))
                .expect("valid");
        assert_eq!(c.customer_id, "c1");
        assert_eq!(c.address.building, "3");
        assert_eq!(
            c.date_of_birth,
            NaiveDate::from_ymd_opt(1990, 1, 2).expect("date")
        );
        assert_eq!(c.created_at.to_rfc3339(), "2024-01-01T09:00:00+03:00");
        // Reversed key order reads the same record.
        let a: Address = serde_json::from_str(
            r#"{"building":"3","street":"2","block":"1","area":"Sharq","governorate":"Capital"}"#,
        )
        .expect("valid");
        assert_eq!(a, c.address);
    }

    #[test]
    fn optional_fields_may_be_null_or_absent() {
        let json = r#"{"account_id":"a1","customer_id":"c1","account_type":"CURRENT",
            "account_name":"Main","iban":"KW","currency":"KWD","opening_balance":1.0,
            "balance":2.5,"status":"ACTIVE","opened_at":"2024-01-01T00:00:00Z"}"#;
        let a: Account = serde_json::from_str(json).expect("valid");
        assert_eq!((a.interest_rate, a.maturity_date), (None, None));
        let with = json.replace(
            r#""status""#,
            r#""interest_rate":null,"maturity_date":"2026-05-01","status""#,
        );
        let a: Account = serde_json::from_str(&with).expect("valid");
        assert_eq!(a.maturity_date, NaiveDate::from_ymd_opt(2026, 5, 1));
    }

    #[test]
    fn errors_name_the_field_as_serde_does() {
        assert_eq!(
            error_of::<Customer>(&customer_json("").replace(r#""email":"a@b.kw","#, "")),
            "missing field `email`"
        );
        assert_eq!(
            error_of::<Customer>(&customer_json(r#","email":"x@y.kw""#)),
            "duplicate field `email`"
        );
        assert_eq!(
            error_of::<Customer>(
                &customer_json("").replace(r#""gender":"FEMALE""#, r#""gender":7"#)
            ),
            "invalid type: integer `7`, expected one of [\"FEMALE\", \"MALE\"]"
        );
        assert_eq!(
            error_of::<Notification>(r#"["n1"]"#),
            "invalid type: sequence, expected struct Notification"
        );
    }
}
