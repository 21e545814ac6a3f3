//! Data quality: the validator's rules as checks with counts and offending records,
//! plus null, duplicate and format checks per field.
