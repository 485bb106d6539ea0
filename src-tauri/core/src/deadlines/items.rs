//! Deadline instances as people look at them: with the office, the task, the plan they come from,
//! the deadline above they were passed down from, the report, and the status on a given day.


use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::deadlines::status::DeadlineStatus;
use crate::model::documents::{NumberStyle, number_line};
use crate::error::Result;
use crate::ids::{DocumentId, InstanceId, OfficeId, ReportId, RuleId, TaskId};
use crate::reports::may_record;
use crate::store::{self, Store};
use crate::text::compare_vi;

/// Which instances to list; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct DeadlineQuery {
    pub office_ids: Option<Vec<OfficeId>>,
    pub document_id: Option<DocumentId>,
    pub task_id: Option<TaskId>,
    #[ts(type = "string | null")]
    pub due_from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub due_to: Option<NaiveDate>,
    /// Only instances with no report yet.
    pub open_only: bool,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlineItem {
    pub instance_id: InstanceId,
    pub rule_id: RuleId,
    pub task_id: TaskId,
    pub document_id: DocumentId,
    pub office_id: OfficeId,
    pub office_code: String,
    pub office_name: String,
    /// What is due ("Báo cáo 6 tháng").
    pub label: String,
    pub task_title: String,
    pub document_title: String,
    pub document_number_line: String,
    /// "once", "2024", "2024-H1", "2024-Q3", "2024-05".
    pub period: String,
    #[ts(type = "string | null")]
    pub starts_on: Option<NaiveDate>,
    #[ts(type = "string")]
    pub due_on: NaiveDate,
    pub status: DeadlineStatus,
    pub report_id: Option<ReportId>,
    #[ts(type = "string | null")]
    pub submitted_on: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub received_on: Option<NaiveDate>,
    /// Why the due date is not a working day ("Chủ nhật", "Tết Nguyên đán"), if it is not.
    pub non_working_reason: Option<String>,
    /// The deadline above this one was passed down from, and its date.
    pub passed_down_from: Option<InstanceId>,
    #[ts(type = "string | null")]
    pub upper_due_on: Option<NaiveDate>,
    /// This office may record the report of this deadline: its own, or a sub-office's
    /// ([`crate::reports::may_record`]; never a sibling's or the level above's).
    pub can_record_report: bool,
}

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
pub(crate) fn conditions(query: &DeadlineQuery) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
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

/// The whole months of due dates within an open-deadline query, which `open_deadline_counts`
/// answers; the days of the query outside them are counted row by row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WholeMonths {
    /// The first day of the first whole month; None when the query has no start.
    first: Option<NaiveDate>,
    /// The first day after the last whole month; None when the query has no end.
    after: Option<NaiveDate>,
}

impl WholeMonths {
    /// None when the query is not about open deadlines by office and date only, or spans no whole month.
    fn of(query: &DeadlineQuery) -> Option<WholeMonths> {
        if !query.open_only || query.task_id.is_some() || query.document_id.is_some() {
            return None;
        }
        let month_start = |d: NaiveDate| d.with_day(1);
        let next_month = |d: NaiveDate| month_start(d)?.checked_add_months(Months::new(1));
        let first = match query.due_from {
            None => None,
            Some(from) if from.day() == 1 => Some(from),
            Some(from) => Some(next_month(from)?),
        };
        let after = match query.due_to {
            None => None,
            Some(to) if to.succ_opt()?.day() == 1 => Some(to.succ_opt()?),
            Some(to) => Some(month_start(to)?),
        };
        match (first, after) {
            (Some(first), Some(after)) if after <= first => None,
            _ => Some(WholeMonths { first, after }),
        }
    }
}

impl Store {
    /// The instances matching `query`, soonest first (offices in Vietnamese order within a day),
    /// with their status on `today`.
    pub fn deadline_items(&self, query: &DeadlineQuery, today: NaiveDate) -> Result<Vec<DeadlineItem>> {
        let due_soon_days = self.tracking_settings()?.due_soon_days;
        let calendar = self.calendar()?;
        let (conditions, params) = conditions(query);
        let limit = query.limit.map_or(-1, i64::from);
        let index = match self.walk_in_due_order(query)? {
            false => "",
            true if query.open_only => "INDEXED BY deadline_instances_open",
            true => "INDEXED BY deadline_instances_due_live",
        };
        let sql = format!(
            "WITH picked AS (SELECT i.id FROM deadline_instances i {index} WHERE {conditions}
                             ORDER BY i.due_on, i.office_id, i.id LIMIT {limit})
             {ITEM_COLUMNS}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            let style = NumberStyle::parse(&r.get::<_, String>(12)?).unwrap_or(NumberStyle::State);
            let due_on: NaiveDate = r.get(15)?;
            let submitted_on: Option<NaiveDate> = r.get(17)?;
            let received_on: Option<NaiveDate> = r.get(18)?;
            Ok(DeadlineItem {
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
                document_number_line: number_line(&r.get::<_, String>(10)?, &r.get::<_, String>(11)?, style),
                period: r.get(13)?,
                starts_on: r.get(14)?,
                due_on,
                status: DeadlineStatus::on(today, due_on, submitted_on, received_on, due_soon_days),
                report_id: r.get(16)?,
                submitted_on,
                received_on,
                non_working_reason: calendar.non_working_reason(due_on),
                passed_down_from: r.get(19)?,
                upper_due_on: r.get(20)?,
                can_record_report: false,
            })
        })?;
        let mut items: Vec<DeadlineItem> = rows.collect::<rusqlite::Result<_>>()?;
        if let Some(own) = self.own_office_id()? {
            let tree = store::offices::tree(&self.conn)?;
            for item in &mut items {
                item.can_record_report = may_record(&tree, own, item.office_id);
            }
        }
        items.sort_by(|a, b| {
            a.due_on
                .cmp(&b.due_on)
                .then_with(|| compare_vi(&a.office_name, &b.office_name))
                .then_with(|| compare_vi(&a.label, &b.label))
        });
        Ok(items)
    }

    /// Whether to pick one page of instances of most offices (the dashboard's lists of
    /// sub-offices) by walking the due-date index and skipping other offices: the page is found
    /// after a few rows, where reading each office's instances from the (office, due date) index
    /// sorts all of them (tens of thousands of open overdue ones in a large store), the plan SQLite
    /// picks by itself. For a few offices, or all of their instances, reading by office is cheaper.
    fn walk_in_due_order(&self, query: &DeadlineQuery) -> Result<bool> {
        let (Some(offices), Some(_)) = (&query.office_ids, query.limit) else {
            return Ok(false);
        };
        if offices.len() < 2 {
            return Ok(false);
        }
        let live: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM offices WHERE deleted = 0")?
            .query_row([], |r| r.get(0))?;
        Ok(offices.len() as i64 * 2 >= live)
    }

    /// How many instances match `query` (ignoring its limit).
    pub fn count_deadlines(&self, query: &DeadlineQuery) -> Result<u32> {
        let Some(months) = WholeMonths::of(query) else {
            return self.count_rows(query);
        };
        let mut total = self.count_open_in_months(query.office_ids.as_deref(), &months)?;
        if let (Some(from), Some(first)) = (query.due_from, months.first)
            && from < first
        {
            total += self.count_rows(&DeadlineQuery { due_from: Some(from), due_to: first.pred_opt(), ..query.clone() })?;
        }
        if let (Some(to), Some(after)) = (query.due_to, months.after)
            && after <= to
        {
            total += self.count_rows(&DeadlineQuery { due_from: Some(after), due_to: Some(to), ..query.clone() })?;
        }
        Ok(total)
    }

    /// Counts the matching instances one by one.
    fn count_rows(&self, query: &DeadlineQuery) -> Result<u32> {
        let (conditions, params) = conditions(query);
        let sql = format!("SELECT count(*) FROM deadline_instances i WHERE {conditions}");
        Ok(self.conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?)
    }

    /// Open deadlines of `offices` (all when None) due in `months`, from the counts the triggers keep.
    fn count_open_in_months(&self, offices: Option<&[OfficeId]>, months: &WholeMonths) -> Result<u32> {
        use rusqlite::types::Value;
        let mut sql = vec!["1".to_string()];
        if let Some(first) = months.first {
            sql.push(format!("month >= '{}'", first.format("%Y-%m")));
        }
        if let Some(after) = months.after {
            sql.push(format!("month < '{}'", after.format("%Y-%m")));
        }
        let mut params: Vec<Value> = Vec::new();
        if let Some(offices) = offices {
            let list = (1..=offices.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ");
            sql.push(format!("office_id IN ({list})"));
            params.extend(offices.iter().map(|o| Value::Text(o.to_string())));
        }
        let sql = format!("SELECT coalesce(sum(open), 0) FROM open_deadline_counts WHERE {}", sql.join(" AND "));
        Ok(self.conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?)
    }

    /// One instance.
    pub fn deadline_item(&self, id: InstanceId, today: NaiveDate) -> Result<DeadlineItem> {
        let instance = self.instance_row(id)?;
        let items = self.deadline_items(
            &DeadlineQuery {
                office_ids: Some(vec![instance.office_id]),
                due_from: Some(instance.due_on),
                due_to: Some(instance.due_on),
                ..DeadlineQuery::default()
            },
            today,
        )?;
        items
            .into_iter()
            .find(|i| i.instance_id == id)
            .ok_or_else(|| crate::Error::NotFound { what: "hạn báo cáo", id: id.to_string() })
    }
}
