//! Accent-insensitive full-text search over documents: people type without diacritics
//! ("dang", "phu nu") and expect "Đảng" and "phụ nữ". Documents keep a folded copy of their text
//! indexed by FTS5; queries are folded the same way.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Result;
use crate::model::documents::DocumentSummary;
use crate::store::{self, Store};
use crate::text::{fold, snippet};

/// Most hits returned for one query.
pub const MAX_HITS: usize = 100;

/// Most matches ranked for one query. Terms found in most documents ("ke hoach", "phu nu") match
/// tens of thousands, and ranking costs about a microsecond a match; beyond this many, the newest
/// matches (latest added) are ranked. Such terms also weigh almost nothing in bm25, which scores a
/// term by how rare it is.
pub const RANKED_CANDIDATES: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchHit {
    pub document: DocumentSummary,
    /// Plain text around the first match, with the original diacritics.
    pub snippet: String,
}

/// Splits a query into folded terms: letters and digits only, so no user text reaches FTS5 syntax.
pub fn query_terms(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Store {
    /// Documents containing every term of `query` (as a word prefix), best match first: bm25 over
    /// the matches, or over the newest [`RANKED_CANDIDATES`] of them when there are more.
    pub fn search_documents(&self, query: &str) -> Result<Vec<SearchHit>> {
        let terms = query_terms(query);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let fts_query = terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ");
        let mut hits = Vec::new();
        for (document, body) in store::documents::matching(&self.conn, &fts_query, RANKED_CANDIDATES, MAX_HITS)? {
            let first = &terms[0];
            let source = [&document.title, &body, &document.issuer]
                .into_iter()
                .find(|text| fold(text).contains(first.as_str()))
                .unwrap_or(&document.title);
            let snippet = snippet(source, first, 160);
            hits.push(SearchHit { document, snippet });
        }
        Ok(hits)
    }
}
