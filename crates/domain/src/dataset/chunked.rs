//! Loading the dataset a bounded number of records at a time. A 2,000-customer
//! transactions file is 150 MB of JSON, about a second of parsing in one piece; parsed
//! record by record in steps, a UI thread can let the browser paint and handle input
//! between steps. The result is exactly [`Dataset::from_texts_lenient`]'s (which runs
//! this to the end).

use super::{Collection, Dataset, LoadError, LoadProblem};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::Deserializer as _;
use serde_json::error::Category;
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// Reads the items of a top-level JSON array one at a time. serde finds where each item
/// ends as it parses it (the file's bytes are read once), then a comma or the closing
/// bracket must follow. It trusts nothing: anything that does not look like
/// `[item, item, ...]` ends the reading as malformed, and the file is then named as not
/// a JSON array.
#[derive(Debug, Clone, Default)]
struct Items {
    /// Byte offset of the next byte to look at, once past the opening bracket.
    pos: Option<usize>,
    done: bool,
}

/// What reading the next item found.
#[derive(Debug)]
enum Item<T> {
    /// An item (its text's range in the file): the record, or why it is not one.
    Parsed(Range<usize>, Result<T, serde_json::Error>),
    End,
    Malformed,
}

impl Items {
    fn next<T: DeserializeOwned>(&mut self, text: &str) -> Item<T> {
        if self.done {
            return Item::End;
        }
        let bytes = text.as_bytes();
        let skip_ws = |mut i: usize| {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            i
        };
        let start = match self.pos {
            Some(pos) => skip_ws(pos),
            None => {
                let i = skip_ws(0);
                if bytes.get(i) != Some(&b'[') {
                    return Item::Malformed;
                }
                let i = skip_ws(i + 1);
                if bytes.get(i) == Some(&b']') {
                    return self.close(bytes, i + 1, None);
                }
                i
            }
        };
        let rest = &text[start..];
        let mut records = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let (record, len) = match records.next() {
            Some(Ok(record)) => (Ok(record), records.byte_offset()),
            // Well-formed JSON of the wrong shape: skipped over to find where it ends.
            Some(Err(e)) if e.classify() == Category::Data => {
                let mut any = serde_json::Deserializer::from_str(rest).into_iter::<IgnoredAny>();
                match any.next() {
                    Some(Ok(_)) => (Err(e), any.byte_offset()),
                    _ => return Item::Malformed,
                }
            }
            _ => return Item::Malformed,
        };
        let range = start..start + len;
        let after = skip_ws(range.end);
        match bytes.get(after) {
            Some(b',') => {
                self.pos = Some(after + 1);
                Item::Parsed(range, record)
            }
            Some(b']') => self.close(bytes, after + 1, Some((range, record))),
            _ => Item::Malformed,
        }
    }

    /// The closing bracket is at `from - 1`: after it only whitespace may follow.
    fn close<T>(
        &mut self,
        bytes: &[u8],
        from: usize,
        last: Option<(Range<usize>, Result<T, serde_json::Error>)>,
    ) -> Item<T> {
        self.done = true;
        if !bytes[from.min(bytes.len())..]
            .iter()
            .all(u8::is_ascii_whitespace)
        {
            return Item::Malformed;
        }
        match last {
            Some((range, record)) => Item::Parsed(range, record),
            None => Item::End,
        }
    }
}

/// How far parsing a file has got.
struct FileState {
    collection: Collection,
    items: Items,
    /// The index of the next record in the file.
    index: usize,
    /// How many records the collection held before this file (it is cut back to this
    /// if the file turns out malformed).
    kept_before: usize,
    problems: Vec<LoadError>,
}

impl FileState {
    fn new(collection: Collection, kept_before: usize) -> Self {
        FileState {
            collection,
            items: Items::default(),
            index: 0,
            kept_before,
            problems: Vec::new(),
        }
    }
}

/// The file being parsed.
struct FileScan {
    text: String,
    state: FileState,
}

/// How parsing a file went in one step.
enum Progress {
    More,
    Done,
}

/// A dataset being built from its files' texts, a step at a time.
pub struct ChunkedLoad {
    ds: Dataset,
    /// Files that could not be read, in collection order, then each file's problems.
    problems: Vec<LoadError>,
    files: std::vec::IntoIter<(Collection, String)>,
    current: Option<FileScan>,
}

impl ChunkedLoad {
    /// Starts from each collection's text, or why it could not be read (that
    /// collection is then empty and the reason is reported first).
    pub fn new(mut text_of: impl FnMut(Collection) -> Result<String, LoadError>) -> Self {
        let mut problems = Vec::new();
        let files: Vec<(Collection, String)> = Collection::ALL
            .iter()
            .map(|c| match text_of(*c) {
                Ok(text) => (*c, text),
                Err(e) => {
                    problems.push(e);
                    (*c, "[]".to_owned())
                }
            })
            .collect();
        ChunkedLoad {
            ds: Dataset::default(),
            problems,
            files: files.into_iter(),
            current: None,
        }
    }

    /// Parses at most `budget` records (at least one); true once every file is parsed.
    pub fn step(&mut self, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 {
            let Some(scan) = self.current.as_mut() else {
                match self.files.next() {
                    Some((collection, text)) => {
                        let state = FileState::new(collection, self.ds.count(collection));
                        self.current = Some(FileScan { text, state });
                        continue;
                    }
                    None => return true,
                }
            };
            macro_rules! parse {
                ($field:ident) => {
                    parse_some(&scan.text, &mut scan.state, &mut self.ds.$field, &mut left)
                };
            }
            let progress = match scan.state.collection {
                Collection::Customers => parse!(customers),
                Collection::Accounts => parse!(accounts),
                Collection::Transactions => parse!(transactions),
                Collection::SavingsGoals => parse!(savings_goals),
                Collection::ServiceRequests => parse!(service_requests),
                Collection::DisputeRecords => parse!(dispute_records),
                Collection::Notifications => parse!(notifications),
                Collection::AuthUsers => parse!(auth_users),
                Collection::Credentials => parse!(credentials),
                Collection::MfaSettings => parse!(mfa_settings),
                Collection::RegisteredDevices => parse!(registered_devices),
                Collection::LoginSessions => parse!(login_sessions),
                Collection::AuditLogs => parse!(audit_logs),
                Collection::CustomerSettings => parse!(customer_settings),
            };
            if let Progress::Done = progress {
                if let Some(scan) = self.current.take() {
                    self.problems.extend(scan.state.problems);
                }
            }
        }
        self.current.is_none() && self.files.len() == 0
    }

    /// The dataset and every problem: unreadable files, bad records, then references
    /// to records that are not there. Finishes parsing first if steps remain.
    pub fn finish(self) -> (Dataset, Vec<LoadError>) {
        let (ds, mut problems) = self.parsed();
        problems.extend(ds.broken_references());
        (ds, problems)
    }

    /// The dataset and the problems with its files (unreadable files, bad records),
    /// references unchecked. Finishes parsing first if steps remain.
    pub fn parsed(mut self) -> (Dataset, Vec<LoadError>) {
        while !self.step(usize::MAX) {}
        (self.ds, self.problems)
    }
}

/// Parses records of a file into `out` until the budget is spent or the file ends. A
/// record of the wrong shape is left out and named; a file that is not a well-formed
/// array loses the records it gave and is named instead.
///
/// Not inlined (by rustc here, by wasm-opt through `-ocimfs` in scripts/build-wasm.sh):
/// one function per record type, rather than all 14 inlined into an 82 KB `step`, lets
/// the browser optimise the hot one (transactions) soon.
#[inline(never)]
fn parse_some<T: DeserializeOwned>(
    text: &str,
    file: &mut FileState,
    out: &mut Vec<T>,
    left: &mut usize,
) -> Progress {
    while *left > 0 {
        match file.items.next::<T>(text) {
            Item::End => return Progress::Done,
            Item::Malformed => return malformed(text, file, out),
            Item::Parsed(range, Ok(record)) => {
                if file.index == 0 {
                    // Room for as many records as the first one's length suggests: a
                    // growing Vec would copy the transactions over and over.
                    out.reserve(text.len() / (range.len() + 2));
                }
                out.push(record)
            }
            Item::Parsed(range, Err(e)) => {
                let bad = bad_record(file.collection, file.index, &text[range], &e);
                file.problems.push(bad);
            }
        }
        file.index += 1;
        *left -= 1;
    }
    Progress::More
}

/// The file is not a well-formed array: the records it gave are dropped, and it is named.
fn malformed<T>(text: &str, file: &mut FileState, out: &mut Vec<T>) -> Progress {
    out.truncate(file.kept_before);
    file.problems = vec![not_json(file.collection, text)];
    Progress::Done
}

/// Names a record of the wrong shape: its index, its id if it has one, what is wrong.
fn bad_record(
    collection: Collection,
    index: usize,
    item: &str,
    e: &serde_json::Error,
) -> LoadError {
    let mut reader = serde_json::Deserializer::from_str(item);
    let id = reader
        .deserialize_map(IdOf(collection.id_field()))
        .ok()
        .flatten();
    // The position is within the record's own text, not the file: left out.
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    LoadError {
        file: collection.file_name(),
        problem: LoadProblem::BadRecord {
            index,
            id,
            message: message.to_owned(),
        },
    }
}

/// Reads a record's `field` when it is a string, skipping everything else: a record of
/// the wrong shape is named by its id without parsing it into a `serde_json::Value`.
struct IdOf<'a>(&'a str);

impl<'de> Visitor<'de> for IdOf<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut id = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == self.0 {
                id = map.next_value::<Option<String>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(id)
    }
}

/// A file that is not a JSON array, with what the JSON parser says of it.
fn not_json(collection: Collection, text: &str) -> LoadError {
    let why = match serde_json::from_str::<Vec<IgnoredAny>>(text) {
        Err(e) => e.to_string(),
        // Well-formed JSON, yet not an array of records (e.g. a record is not JSON the
        // scanner accepts): said as such.
        Ok(_) => "an item is not a JSON value".to_owned(),
    };
    LoadError {
        file: collection.file_name(),
        problem: LoadProblem::NotJson(why),
    }
}

/// A whole file parsed at once (see [`parse_collection_lenient`](super::parse_collection_lenient)).
pub(super) fn parse_file<T: DeserializeOwned>(
    collection: Collection,
    text: &str,
) -> (Vec<T>, Vec<LoadError>) {
    let mut file = FileState::new(collection, 0);
    let (mut records, mut unlimited) = (Vec::new(), usize::MAX);
    parse_some(text, &mut file, &mut records, &mut unlimited);
    (records, file.problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::parse_collection_lenient;

    fn items(text: &str) -> Result<Vec<&str>, ()> {
        let mut s = Items::default();
        let mut out = Vec::new();
        loop {
            match s.next::<IgnoredAny>(text) {
                Item::Parsed(r, Ok(_)) => out.push(&text[r]),
                Item::Parsed(_, Err(e)) => panic!("{e}"),
                Item::End => return Ok(out),
                Item::Malformed => return Err(()),
            }
        }
    }

    #[test]
    fn items_are_the_top_level_values_only() {
        let text = r#" [ {"a": [1, {"b": "x,]}"}]}, "s\"]," , 3 ,[4,5] ] "#;
        assert_eq!(
            items(text),
            Ok(vec![
                r#"{"a": [1, {"b": "x,]}"}]}"#,
                r#""s\"],""#,
                "3",
                "[4,5]"
            ])
        );
        assert_eq!(items("[]"), Ok(vec![]));
        assert_eq!(items(" [\n] \n"), Ok(vec![]));
    }

    #[test]
    fn items_of_what_is_not_an_array_are_malformed() {
        for bad in [
            "",
            "{}",
            "[1,]",
            "[,1]",
            "[1 2",
            "[1] x",
            "[1}",
            "[\"open]",
            "null",
            "[1,,2]",
            "[{\"a\":1} x]",
            "[1]]",
        ] {
            assert_eq!(items(bad), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn a_record_of_the_wrong_shape_is_named_and_reading_goes_on() {
        let text = r#"[{"a":1}, {"b":2} ,{"a":3}]"#;
        #[derive(serde::Deserialize, Debug)]
        struct A {
            a: u8,
        }
        let mut s = Items::default();
        let mut got = Vec::new();
        loop {
            match s.next::<A>(text) {
                Item::Parsed(r, record) => got.push((&text[r], record.map(|x| x.a).ok())),
                Item::End => break,
                Item::Malformed => panic!("malformed"),
            }
        }
        assert_eq!(
            got,
            vec![
                (r#"{"a":1}"#, Some(1)),
                (r#"{"b":2}"#, None),
                (r#"{"a":3}"#, Some(3))
            ]
        );
    }

    /// The bundled dataset's files, with a record of the wrong shape in one file and a
    /// file that is not an array at all in another.
    fn texts() -> Vec<(Collection, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data");
        Collection::ALL
            .iter()
            .map(|c| {
                let path = format!("{dir}/{}", c.file_name());
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
                let text = match c {
                    Collection::Accounts => {
                        text.replacen("\"currency\":\"KWD\"", "\"currency\":7", 1)
                    }
                    Collection::Notifications => text.replacen('{', "{]", 1),
                    _ => text,
                };
                (*c, text)
            })
            .collect()
    }

    #[test]
    fn loading_in_steps_equals_parsing_each_file_whole() {
        let texts = texts();
        let text_of = |c: Collection| -> Result<String, LoadError> {
            Ok(texts
                .iter()
                .find(|(x, _)| *x == c)
                .map(|(_, t)| t.clone())
                .unwrap_or_default())
        };
        // The reference: each file parsed whole, as before steps existed.
        let mut expected = Dataset::default();
        let mut expected_problems = Vec::new();
        macro_rules! whole {
            ($c:expr, $field:ident) => {{
                let (records, problems) =
                    parse_collection_lenient($c, &text_of($c).unwrap_or_default());
                expected.$field = records;
                expected_problems.extend(problems);
            }};
        }
        use Collection as C;
        whole!(C::Customers, customers);
        whole!(C::Accounts, accounts);
        whole!(C::Transactions, transactions);
        whole!(C::SavingsGoals, savings_goals);
        whole!(C::ServiceRequests, service_requests);
        whole!(C::DisputeRecords, dispute_records);
        whole!(C::Notifications, notifications);
        whole!(C::AuthUsers, auth_users);
        whole!(C::Credentials, credentials);
        whole!(C::MfaSettings, mfa_settings);
        whole!(C::RegisteredDevices, registered_devices);
        whole!(C::LoginSessions, login_sessions);
        whole!(C::AuditLogs, audit_logs);
        whole!(C::CustomerSettings, customer_settings);
        expected_problems.extend(expected.broken_references());
        assert!(expected.transactions.len() > 1000);
        assert!(
            expected.notifications.is_empty(),
            "the broken file gives no records"
        );
        assert!(expected_problems.iter().any(|p| p.file == "accounts.json"
            && matches!(p.problem, LoadProblem::BadRecord { index: 0, .. })));
        assert!(expected_problems.iter().any(
            |p| p.file == "notifications.json" && matches!(p.problem, LoadProblem::NotJson(_))
        ));

        for budget in [1, 7, 500, usize::MAX] {
            let mut load = ChunkedLoad::new(text_of);
            let mut steps = 1;
            while !load.step(budget) {
                steps += 1;
            }
            if budget == 500 {
                assert!(steps > expected.transactions.len() / 500, "{steps} steps");
            }
            let (ds, problems) = load.finish();
            assert!(ds == expected, "budget {budget}: the records differ");
            assert_eq!(problems, expected_problems, "budget {budget}");
        }
    }
}
