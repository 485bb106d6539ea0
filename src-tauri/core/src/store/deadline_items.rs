//! Read queries over `deadline_instances` joined with their rule, task, plan, office and report:
//! the deadline list, its counts, the matrix cells and the monthly rates. Each asks only for the
//! conditions it needs, so that SQLite can use the (office, due date) indexes; what the rows mean
//! (status, wording) is decided in `deadlines` and `tracking`.

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::Result;
use crate::ids::{DocumentId, InstanceId, OfficeId, ReportId, RuleId, TaskId};
use crate::model::deadlines::DeadlineQuery;

/// The columns of an item, for a set of instance ids chosen first (`picked`).
const ITEM_COLUMNS: &str = "
    SELECT i.id, i.rule_id, t.id, d.id, o.id, o.code, o.name, r.label, t.title, d.title,
           d.number, d.symbol, d.number_style, i.period, i.starts_on, i.due_on, rp.id,
           i.reported_on, i.received_on, r.passed_down_from, up.due_on
    FROM picked p
    JOIN deadline_instances i ON i.id = p.id
    JOIN deadline_rules r ON r.id = i.rule_id
    JOIN tasks t ON t.id = r.task_id
    JOIN documents d ON d.id = t.document_id
    JOIN offices o ON o.id = i.office_id
    LEFT JOIN reports rp ON rp.instance_id = i.id AND rp.deleted = 0
    LEFT JOIN deadline_instances up ON up.id = r.passed_down_from";

/// The WHERE clause and parameters of a query over `deadline_instances i`, with only the
/// conditions asked for, so that SQLite can use the (office, due date) indexes.
fn conditions(query: &DeadlineQuery) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = vec!["i.withdrawn = 0".to_string()];
    let mut params: Vec<Value> = Vec::new();
    let mut param = |value: Value| {
        params.push(value);
        format!("?{}", params.len())
    };
    if let Some(offices) = &query.office_ids {
        let list = offices.iter().map(|o| param(Value::Text(o.to_string()))).collect::<Vec<_>>().join(", ");
        sql.push(format!("i.office_id IN ({list})"));
    }
    if let Some(from) = query.due_from {
        sql.push(format!("i.due_on >= {}", param(Value::Text(from.to_string()))));
    }
    if let Some(to) = query.due_to {
        sql.push(format!("i.due_on <= {}", param(Value::Text(to.to_string()))));
    }
    if query.open_only {
        sql.push("i.reported_on IS NULL".into());
    }
    if let Some(task) = query.task_id {
        sql.push(format!("i.rule_id IN (SELECT id FROM deadline_rules WHERE task_id = {})", param(Value::Text(task.to_string()))));
    }
    if let Some(document) = query.document_id {
        sql.push(format!(
            "i.rule_id IN (SELECT r.id FROM deadline_rules r JOIN tasks t ON t.id = r.task_id WHERE t.document_id = {})",
            param(Value::Text(document.to_string()))
        ));
    }
    (sql.join(" AND "), params)
}

/// Which index picks a page of instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Index {
    /// The one SQLite chooses.
    Chosen,
    /// Open instances in due order (a page of most offices' open deadlines).
    OpenByDue,
    /// Live instances in due order.
    LiveByDue,
}

/// One instance of the deadline list, as stored.
pub(crate) struct ItemRow {
    pub instance_id: InstanceId,
    pub rule_id: RuleId,
    pub task_id: TaskId,
    pub document_id: DocumentId,
    pub office_id: OfficeId,
    pub office_code: String,
    pub office_name: String,
    pub label: String,
    pub task_title: String,
    pub document_title: String,
    pub number: String,
    pub symbol: String,
    pub number_style: String,
    pub period: String,
    pub starts_on: Option<NaiveDate>,
    pub due_on: NaiveDate,
    pub report_id: Option<ReportId>,
    pub submitted_on: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
    pub passed_down_from: Option<InstanceId>,
    pub upper_due_on: Option<NaiveDate>,
}

/// The instances matching `query` (at most its limit), earliest due first.
pub(crate) fn items(conn: &Connection, query: &DeadlineQuery, index: Index) -> Result<Vec<ItemRow>> {
    let (conditions, params) = conditions(query);
    let limit = query.limit.map_or(-1, i64::from);
    let index = match index {
        Index::Chosen => "",
        Index::OpenByDue => "INDEXED BY deadline_instances_open",
        Index::LiveByDue => "INDEXED BY deadline_instances_due_live",
    };
    let sql = format!(
        "WITH picked AS (SELECT i.id FROM deadline_instances i {index} WHERE {conditions}
                         ORDER BY i.due_on, i.office_id, i.id LIMIT {limit})
         {ITEM_COLUMNS}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok(ItemRow {
            instance_id: r.get(0)?,
            rule_id: r.get(1)?,
            task_id: r.get(2)?,
            document_id: r.get(3)?,
            office_id: r.get(4)?,
            office_code: r.get(5)?,
            office_name: r.get(6)?,
            label: r.get(7)?,
            task_title: r.get(8)?,
            document_title: r.get(9)?,
            number: r.get(10)?,
            symbol: r.get(11)?,
            number_style: r.get(12)?,
            period: r.get(13)?,
            starts_on: r.get(14)?,
            due_on: r.get(15)?,
            report_id: r.get(16)?,
            submitted_on: r.get(17)?,
            received_on: r.get(18)?,
            passed_down_from: r.get(19)?,
            upper_due_on: r.get(20)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many instances match `query` (ignoring its limit), counted row by row.
pub(crate) fn count(conn: &Connection, query: &DeadlineQuery) -> Result<u32> {
    let (conditions, params) = conditions(query);
    let sql = format!("SELECT count(*) FROM deadline_instances i WHERE {conditions}");
    Ok(conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?)
}

/// Open deadlines of `offices` (all when None) due from the month of `first` up to the month
/// before `after`, from the counts the triggers keep.
pub(crate) fn count_open_in_months(
    conn: &Connection,
    offices: Option<&[OfficeId]>,
    first: Option<NaiveDate>,
    after: Option<NaiveDate>,
) -> Result<u32> {
    let mut sql = vec!["1".to_string()];
    if let Some(first) = first {
        sql.push(format!("month >= '{}'", first.format("%Y-%m")));
    }
    if let Some(after) = after {
        sql.push(format!("month < '{}'", after.format("%Y-%m")));
    }
    let mut params: Vec<Value> = Vec::new();
    if let Some(offices) = offices {
        let list = (1..=offices.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ");
        sql.push(format!("office_id IN ({list})"));
        params.extend(offices.iter().map(|o| Value::Text(o.to_string())));
    }
    let sql = format!("SELECT coalesce(sum(open), 0) FROM open_deadline_counts WHERE {}", sql.join(" AND "));
    Ok(conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?)
}

/// One matrix cell as stored.
pub(crate) struct CellRow {
    pub instance_id: InstanceId,
    pub rule_id: RuleId,
    pub period: String,
    pub office_id: OfficeId,
    pub due_on: NaiveDate,
    pub reported_on: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
}

/// The instances alone (a month of a province is thousands), for the matrix; what a column shows
/// of its rule and plan is read once a rule ([`rule_label_and_plan`]).
pub(crate) fn cells(conn: &Connection, query: &DeadlineQuery, mut each: impl FnMut(CellRow)) -> Result<()> {
    let (conditions, params) = conditions(query);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT i.id, i.rule_id, i.period, i.office_id, i.due_on, i.reported_on, i.received_on
         FROM deadline_instances i
         WHERE {conditions}"
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(r) = rows.next()? {
        each(CellRow {
            instance_id: r.get(0)?,
            rule_id: r.get(1)?,
            period: r.get(2)?,
            office_id: r.get(3)?,
            due_on: r.get(4)?,
            reported_on: r.get(5)?,
            received_on: r.get(6)?,
        });
    }
    Ok(())
}

/// A rule's label and its plan (id and title).
pub(crate) fn rule_label_and_plan(conn: &Connection, rule: RuleId) -> Result<(String, DocumentId, String)> {
    Ok(conn
        .prepare_cached(
            "SELECT r.label, d.id, d.title
             FROM deadline_rules r JOIN tasks t ON t.id = r.task_id JOIN documents d ON d.id = t.document_id
             WHERE r.id = ?1",
        )?
        .query_row([rule], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

/// Month by month (by due date, `YYYY-MM`) for `query`: how many were expected by `today` (or
/// reported), received, and received on time.
pub(crate) fn monthly_counts(conn: &Connection, query: &DeadlineQuery, today: NaiveDate) -> Result<Vec<(String, u32, u32, u32)>> {
    let (conditions, mut params) = conditions(query);
    params.push(Value::Text(today.to_string()));
    let today_param = params.len();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT substr(i.due_on, 1, 7) AS month,
                sum(i.due_on <= ?{today_param} OR i.reported_on IS NOT NULL),
                sum(i.reported_on IS NOT NULL),
                sum(i.reported_on IS NOT NULL AND i.reported_on <= i.due_on)
         FROM deadline_instances i
         WHERE {conditions}
         GROUP BY month ORDER BY month"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
