//! The records the application keeps, and the pure functions that belong to them (a rule's dates
//! and words, a document's number line). This is the floor of the core: it imports nothing above
//! it (only `error`, `ids` and `text`), so the store below the domain and every domain folder
//! above it can use these types without tying one to another.

pub mod backups;
pub mod calendar;
pub mod deadlines;
pub mod doc_kinds;
pub mod documents;
pub mod exchange;
pub mod offices;
pub mod outlines;
pub mod reports;
pub mod rules;
pub mod table;
pub mod tasks;
pub mod years;
