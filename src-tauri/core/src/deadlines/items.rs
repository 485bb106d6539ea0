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

pub use crate::model::deadlines::DeadlineQuery;

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
        let index = match self.walk_in_due_order(query)? {
            false => store::deadline_items::Index::Chosen,
            true if query.open_only => store::deadline_items::Index::OpenByDue,
            true => store::deadline_items::Index::LiveByDue,
        };
        let rows = store::deadline_items::items(&self.conn, query, index)?;
        let items = rows.into_iter().map(|r| {
            let style = NumberStyle::parse(&r.number_style).unwrap_or(NumberStyle::State);
            DeadlineItem {
                instance_id: r.instance_id,
                rule_id: r.rule_id,
                task_id: r.task_id,
                document_id: r.document_id,
                office_id: r.office_id,
                office_code: r.office_code,
                office_name: r.office_name,
                label: r.label,
                task_title: r.task_title,
                document_title: r.document_title,
                document_number_line: number_line(&r.number, &r.symbol, style),
                period: r.period,
                starts_on: r.starts_on,
                due_on: r.due_on,
                status: DeadlineStatus::on(today, r.due_on, r.submitted_on, r.received_on, due_soon_days),
                report_id: r.report_id,
                submitted_on: r.submitted_on,
                received_on: r.received_on,
                non_working_reason: calendar.non_working_reason(r.due_on),
                passed_down_from: r.passed_down_from,
                upper_due_on: r.upper_due_on,
                can_record_report: false,
            }
        });
        let mut items: Vec<DeadlineItem> = items.collect();
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
        let live = store::offices::live_count(&self.conn)?;
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
        store::deadline_items::count(&self.conn, query)
    }

    /// Open deadlines of `offices` (all when None) due in `months`, from the counts the triggers keep.
    fn count_open_in_months(&self, offices: Option<&[OfficeId]>, months: &WholeMonths) -> Result<u32> {
        store::deadline_items::count_open_in_months(&self.conn, offices, months.first, months.after)
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
