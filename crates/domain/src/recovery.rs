//! Password recovery ("forgot password"): where the one-time code goes and how it is
//! checked before a new password is set.
