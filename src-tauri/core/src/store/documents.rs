//! Rows of `documents`, `document_references` and `attachments`.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::model::documents::{
    Attachment, DocKind, Document, DocumentInput, DocumentOrder, DocumentSummary, NumberStyle, Reference, cited_number,
    number_line,
};
use crate::ids::{DocumentId, OfficeId};

/// A document as written to the database.
pub(crate) struct Row<'a> {
    pub id: DocumentId,
    pub owner: OfficeId,
    pub key: Option<String>,
    pub search: String,
    pub doc: &'a DocumentInput,
}

fn kind_from_sql(code: String) -> rusqlite::Result<DocKind> {
    DocKind::parse(&code).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

fn style_from_sql(code: String) -> rusqlite::Result<NumberStyle> {
    NumberStyle::parse(&code)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

fn json_lines(text: String) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

/// Writes a document: a new one, or the fields of a live one (its owner and creation time stay).
pub(crate) fn write(conn: &Connection, row: &Row<'_>, now: &str, seq: i64) -> Result<()> {
    let d = row.doc;
    conn.prepare_cached(
        "INSERT INTO documents (id, owner_office_id, kind, number, symbol, number_style, number_key, issued_on, place,
             issuer, title, signer, signer_title, recipients, body, search_text, created_at, updated_at, change_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, number = excluded.number, symbol = excluded.symbol,
             number_style = excluded.number_style, number_key = excluded.number_key, issued_on = excluded.issued_on,
             place = excluded.place, issuer = excluded.issuer, title = excluded.title, signer = excluded.signer,
             signer_title = excluded.signer_title, recipients = excluded.recipients, body = excluded.body,
             search_text = excluded.search_text, updated_at = excluded.updated_at, change_seq = excluded.change_seq
         WHERE documents.deleted = 0",
    )?
    .execute(params![
        row.id,
        row.owner,
        d.kind.as_str(),
        d.number,
        d.symbol,
        d.number_style.as_str(),
        row.key,
        d.issued_on,
        d.place,
        d.issuer,
        d.title,
        d.signer,
        d.signer_title,
        serde_json::to_string(&d.recipients).unwrap_or_else(|_| "[]".into()),
        d.body,
        row.search,
        now,
        seq
    ])?;
    Ok(())
}

/// Marks a change that is not in the document's own columns (a new attachment).
pub(crate) fn touch(conn: &Connection, id: DocumentId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE documents SET updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
        .execute(params![id, now, seq])?;
    Ok(())
}

pub(crate) fn tombstone(conn: &Connection, id: DocumentId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE documents SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
        .execute(params![id, now, seq])?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: DocumentId) -> Result<Option<Document>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, owner_office_id, kind, number, symbol, number_style, issued_on, place, issuer, title, signer,
                    signer_title, recipients, body, updated_at
             FROM documents WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([id], |r| {
            let number: String = r.get(3)?;
            let symbol: String = r.get(4)?;
            let style = style_from_sql(r.get(5)?)?;
            Ok(Document {
                id: r.get(0)?,
                owner_office_id: r.get(1)?,
                kind: kind_from_sql(r.get(2)?)?,
                number_line: number_line(&number, &symbol, style),
                number,
                symbol,
                number_style: style,
                issued_on: r.get(6)?,
                place: r.get(7)?,
                issuer: r.get(8)?,
                title: r.get(9)?,
                signer: r.get(10)?,
                signer_title: r.get(11)?,
                recipients: json_lines(r.get(12)?)?,
                references: Vec::new(),
                body: r.get(13)?,
                attachments: Vec::new(),
                updated_at: r.get(14)?,
            })
        })
        .optional()?)
}

pub(crate) const SUMMARY_COLUMNS: &str = "d.id, d.kind, d.number, d.symbol, d.number_style, d.issued_on, d.issuer, d.title";

pub(crate) fn row_to_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    let number: String = r.get(2)?;
    let symbol: String = r.get(3)?;
    let style = style_from_sql(r.get(4)?)?;
    Ok(DocumentSummary {
        id: r.get(0)?,
        kind: kind_from_sql(r.get(1)?)?,
        number_line: number_line(&number, &symbol, style),
        issued_on: r.get(5)?,
        issuer: r.get(6)?,
        title: r.get(7)?,
    })
}

pub(crate) fn list(conn: &Connection, order: DocumentOrder) -> Result<Vec<DocumentSummary>> {
    let order_by = match order {
        DocumentOrder::Title => "d.title COLLATE vi, d.id",
        DocumentOrder::Issuer => "d.issuer COLLATE vi, d.title COLLATE vi, d.id",
        DocumentOrder::IssuedOn => "d.issued_on IS NULL, d.issued_on DESC, d.title COLLATE vi, d.id",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents d WHERE d.deleted = 0 ORDER BY {order_by}"
    ))?;
    let rows = stmt.query_map([], row_to_summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM documents WHERE deleted = 0")?.query_row([], |r| r.get(0))?)
}

pub(crate) fn set_references(conn: &Connection, id: DocumentId, references: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM document_references WHERE document_id = ?1")?.execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO document_references (document_id, position, text, number_key) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, text) in references.iter().enumerate() {
        let key = cited_number(text).map(|(_, key)| key);
        insert.execute(params![id, position as i64, text, key])?;
    }
    Ok(())
}

/// The citations of a document, each linked to the cited document when it is in the store.
pub(crate) fn references(conn: &Connection, id: DocumentId) -> Result<Vec<Reference>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.text,
                (SELECT t.id FROM documents t
                  WHERE t.number_key = r.number_key AND t.deleted = 0 AND t.id <> r.document_id
                  ORDER BY t.issued_on DESC LIMIT 1)
         FROM document_references r WHERE r.document_id = ?1 ORDER BY r.position",
    )?;
    let rows = stmt.query_map([id], |r| {
        let text: String = r.get(0)?;
        Ok(Reference { number_symbol: cited_number(&text).map(|(written, _)| written), text, linked_id: r.get(1)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert_attachment(conn: &Connection, id: DocumentId, a: &Attachment) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO attachments (document_id, sha256, file_name, size, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (document_id, sha256) DO UPDATE SET file_name = excluded.file_name",
    )?
    .execute(params![id, a.sha256, a.file_name, a.size as i64, a.added_at])?;
    Ok(())
}

pub(crate) fn attachments(conn: &Connection, id: DocumentId) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sha256, file_name, size, added_at FROM attachments WHERE document_id = ?1 ORDER BY added_at, sha256",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Attachment { sha256: r.get(0)?, file_name: r.get(1)?, size: r.get::<_, i64>(2)? as u64, added_at: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn attachment_name(conn: &Connection, sha256: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT file_name FROM (SELECT file_name, added_at FROM attachments WHERE sha256 = ?1
                                    UNION ALL SELECT file_name, added_at FROM report_files WHERE sha256 = ?1)
             ORDER BY added_at LIMIT 1",
        )?
        .query_row([sha256], |r| r.get(0))
        .optional()?)
}

pub(crate) fn exists(conn: &Connection, id: DocumentId) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?.query_row([id], |_| Ok(())).optional()?.is_some())
}

/// A document's own fields, tombstoned or not (for recomputing derived columns).
pub(crate) fn get_any(conn: &Connection, id: DocumentId) -> Result<Option<DocumentInput>> {
    Ok(conn
        .prepare_cached(
            "SELECT kind, number, symbol, number_style, issued_on, place, issuer, title, signer, signer_title,
                    recipients, body
             FROM documents WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(DocumentInput {
                kind: kind_from_sql(r.get(0)?)?,
                number: r.get(1)?,
                symbol: r.get(2)?,
                number_style: style_from_sql(r.get(3)?)?,
                issued_on: r.get(4)?,
                place: r.get(5)?,
                issuer: r.get(6)?,
                title: r.get(7)?,
                signer: r.get(8)?,
                signer_title: r.get(9)?,
                recipients: json_lines(r.get(10)?)?,
                references: Vec::new(),
                body: r.get(11)?,
            })
        })
        .optional()?)
}

/// The office that owns a document, live or not.
pub(crate) fn owner(conn: &Connection, id: DocumentId) -> Result<Option<OfficeId>> {
    Ok(conn
        .prepare_cached("SELECT owner_office_id FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn reference_texts(conn: &Connection, id: DocumentId) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT text FROM document_references WHERE document_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes the derived columns of a document: its folded search copy and number key.
pub(crate) fn set_derived(conn: &Connection, id: DocumentId, search_text: &str, number_key: Option<&str>) -> Result<()> {
    conn.prepare_cached("UPDATE documents SET search_text = ?2, number_key = ?3 WHERE id = ?1")?
        .execute(params![id, search_text, number_key])?;
    Ok(())
}

/// The live documents whose folded text matches an FTS5 `query`, best first (bm25), with their
/// bodies: the newest `ranked` matches are ranked and the best `max` read. The page is chosen
/// inside the index first; only its documents are read.
pub(crate) fn matching(conn: &Connection, query: &str, ranked: usize, max: usize) -> Result<Vec<(DocumentSummary, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH candidates AS (SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ?1
                             ORDER BY rowid DESC LIMIT {ranked}),
              best AS (SELECT rowid, rank FROM candidates ORDER BY rank, rowid DESC LIMIT {max})
         SELECT {SUMMARY_COLUMNS}, d.body
         FROM best b JOIN documents d ON d.row_key = b.rowid
         WHERE d.deleted = 0
         ORDER BY b.rank, b.rowid DESC"
    ))?;
    let rows = stmt.query_map([query], |r| Ok((row_to_summary(r)?, r.get::<_, String>(8)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The signer, their title and the symbol of the latest live document `owner` issued with a
/// signer: how the office signs what it writes.
pub(crate) fn latest_signature(conn: &Connection, owner: OfficeId) -> Result<Option<(String, String, String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT signer, signer_title, symbol, number_style FROM documents
             WHERE owner_office_id = ?1 AND deleted = 0 AND signer <> ''
             ORDER BY coalesce(issued_on, '') DESC, updated_at DESC LIMIT 1",
        )?
        .query_row([owner], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?)
}
