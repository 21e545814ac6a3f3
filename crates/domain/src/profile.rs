//! Profile edits: the contact details and address form, checked field by field before
//! it becomes an `UpdateProfile` change.
