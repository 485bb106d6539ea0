//! The views that answer "what do we owe, what do our sub-offices owe us, and who is late":
//! the dashboard (Tổng quan) and the province's matrix of offices × deadlines with reporting and
//! on-time rates.
//!
//! Rates follow DHIS2: reporting rate = reports received ÷ reports expected; on-time rate = reports
//! submitted no later than the due date ÷ reports expected. A report is expected once its due date
//! has come (today included), or as soon as it has been submitted.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::deadlines::{DeadlineItem, DeadlineQuery, DeadlineStatus};
use crate::error::Result;
use crate::ids::{DocumentId, InstanceId, OfficeId, RuleId};
use crate::model::offices::Office;
use crate::store::{self, Store};

/// Most items shown in one dashboard list (the count says how many there are in all).
pub const DASHBOARD_LIST_LIMIT: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlineList {
    pub items: Vec<DeadlineItem>,
    pub total: u32,
}

/// Deadlines of one side (ours, or our sub-offices').
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DashboardSide {
    pub overdue: DeadlineList,
    pub due_today: DeadlineList,
    pub this_week: DeadlineList,
    pub due_soon: DeadlineList,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Dashboard {
    #[ts(type = "string")]
    pub today: NaiveDate,
    pub due_soon_days: u32,
    pub own: DashboardSide,
    pub sub_offices: DashboardSide,
}

/// Counts behind the rates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rates {
    pub expected: u32,
    pub received: u32,
    pub on_time: u32,
}

impl Rates {
    fn add(&mut self, cell: &MatrixCell, today: NaiveDate) {
        let submitted = cell.submitted_on;
        if cell.due_on <= today || submitted.is_some() {
            self.expected += 1;
        }
        if let Some(submitted) = submitted {
            self.received += 1;
            if submitted <= cell.due_on {
                self.on_time += 1;
            }
        }
    }

    /// Reports received ÷ expected, in percent (None when nothing is expected yet).
    pub fn reporting_rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.received) * 100.0 / f64::from(self.expected))
    }

    /// Reports on time ÷ expected, in percent.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.on_time) * 100.0 / f64::from(self.expected))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct MatrixQuery {
    pub document_id: Option<DocumentId>,
    #[ts(type = "string | null")]
    pub due_from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub due_to: Option<NaiveDate>,
    /// Only offices of this level.
    pub level: Option<u8>,
    /// Only this office and the offices below it; our own office by default.
    pub office_id: Option<OfficeId>,
}

/// One deadline (a rule's period) across offices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MatrixColumn {
    pub rule_id: RuleId,
    pub period: String,
    pub label: String,
    pub document_id: DocumentId,
    pub document_title: String,
    /// The earliest due date of the column (tiered rules differ by level).
    #[ts(type = "string")]
    pub due_on: NaiveDate,
    pub rates: Rates,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MatrixCell {
    pub instance_id: InstanceId,
    pub status: DeadlineStatus,
    #[ts(type = "string")]
    pub due_on: NaiveDate,
    #[ts(type = "string | null")]
    pub submitted_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MatrixRow {
    pub office: Office,
    /// One cell a column; null where the deadline does not apply to this office.
    pub cells: Vec<Option<MatrixCell>>,
    pub rates: Rates,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Matrix {
    pub columns: Vec<MatrixColumn>,
    pub rows: Vec<MatrixRow>,
    pub totals: Rates,
}

/// Rates of the deadlines falling due in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PeriodRates {
    /// "2024-05".
    pub period: String,
    pub rates: Rates,
}

/// What the reminder banner (and the system notification) says at start and every hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reminders {
    pub own_overdue: u32,
    pub own_due_soon: u32,
    pub sub_offices_overdue: u32,
    /// One Vietnamese sentence, empty when there is nothing to remind.
    pub message: String,
}

/// Most columns a matrix shows; a wider filter is cut at the earliest deadlines.
pub const MATRIX_MAX_COLUMNS: usize = 400;

impl Store {
    /// What we and our sub-offices owe, as of `today`.
    pub fn dashboard(&self, today: NaiveDate) -> Result<Dashboard> {
        let own = self.require_own_office()?;
        let settings = self.tracking_settings()?;
        let below: Vec<OfficeId> = self.offices_below(own.id)?;
        let side = |offices: Vec<OfficeId>| -> Result<DashboardSide> {
            let base = DeadlineQuery { office_ids: Some(offices), limit: Some(DASHBOARD_LIST_LIMIT), ..Default::default() };
            let week_start = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
            let list = |query: DeadlineQuery| -> Result<DeadlineList> {
                Ok(DeadlineList { total: self.count_deadlines(&query)?, items: self.deadline_items(&query, today)? })
            };
            Ok(DashboardSide {
                overdue: list(DeadlineQuery { due_to: today.pred_opt(), open_only: true, ..base.clone() })?,
                due_today: list(DeadlineQuery { due_from: Some(today), due_to: Some(today), ..base.clone() })?,
                this_week: list(DeadlineQuery {
                    due_from: Some(week_start),
                    due_to: Some(week_start + Days::new(6)),
                    ..base.clone()
                })?,
                due_soon: list(DeadlineQuery {
                    due_from: Some(today),
                    due_to: Some(today + Days::new(u64::from(settings.due_soon_days))),
                    open_only: true,
                    ..base
                })?,
            })
        };
        Ok(Dashboard { today, due_soon_days: settings.due_soon_days, own: side(vec![own.id])?, sub_offices: side(below)? })
    }

    /// Counts for the reminder banner: our overdue and due-soon deadlines, our sub-offices' overdue ones.
    pub fn reminders(&self, today: NaiveDate) -> Result<Reminders> {
        let own = self.require_own_office()?;
        let settings = self.tracking_settings()?;
        let ours = Some(vec![own.id]);
        let own_overdue = self.count_deadlines(&DeadlineQuery {
            office_ids: ours.clone(),
            due_to: today.pred_opt(),
            open_only: true,
            ..Default::default()
        })?;
        let own_due_soon = self.count_deadlines(&DeadlineQuery {
            office_ids: ours,
            due_from: Some(today),
            due_to: Some(today + Days::new(u64::from(settings.due_soon_days))),
            open_only: true,
            ..Default::default()
        })?;
        let sub_offices_overdue = self.count_deadlines(&DeadlineQuery {
            office_ids: Some(self.offices_below(own.id)?),
            due_to: today.pred_opt(),
            open_only: true,
            ..Default::default()
        })?;
        let mut parts = Vec::new();
        if own_overdue > 0 {
            parts.push(format!("{own_overdue} báo cáo của đơn vị đã quá hạn"));
        }
        if own_due_soon > 0 {
            parts.push(format!("{own_due_soon} báo cáo sắp đến hạn trong {} ngày tới", settings.due_soon_days));
        }
        if sub_offices_overdue > 0 {
            parts.push(format!("{sub_offices_overdue} báo cáo của đơn vị cấp dưới đã quá hạn"));
        }
        let message = if parts.is_empty() { String::new() } else { format!("Nhắc việc: {}.", parts.join("; ")) };
        Ok(Reminders { own_overdue, own_due_soon, sub_offices_overdue, message })
    }

    /// Every live office strictly below `root`.
    pub fn offices_below(&self, root: OfficeId) -> Result<Vec<OfficeId>> {
        Ok(self.office_tree()?.descendants(root))
    }

    /// The matrix of offices × deadlines for `query`, coloured by status on `today`.
    pub fn matrix(&self, query: &MatrixQuery, today: NaiveDate) -> Result<Matrix> {
        let root = match query.office_id {
            Some(id) => id,
            None => self.require_own_office()?.id,
        };
        let mut scope = vec![root];
        scope.extend(self.offices_below(root)?);
        let offices: Vec<Office> = self
            .list_offices()?
            .into_iter()
            .filter(|o| scope.contains(&o.id) && query.level.is_none_or(|l| o.level == l))
            .collect();
        let due_soon_days = self.tracking_settings()?.due_soon_days;
        let office_ids: Vec<OfficeId> = offices.iter().map(|o| o.id).collect();
        let cells_query = DeadlineQuery {
            office_ids: Some(office_ids),
            document_id: query.document_id,
            due_from: query.due_from,
            due_to: query.due_to,
            ..Default::default()
        };
        // (rule, period) of each column found and its earliest due date.
        let mut keys: Vec<(RuleId, String, NaiveDate)> = Vec::new();
        let mut key_of: HashMap<(RuleId, String), usize> = HashMap::new();
        let mut found: Vec<(usize, OfficeId, MatrixCell)> = Vec::new();
        store::deadline_items::cells(&self.conn, &cells_query, |r| {
            let rule_period: (RuleId, String) = (r.rule_id, r.period);
            let due_on = r.due_on;
            let key = match key_of.get(&rule_period) {
                Some(k) => *k,
                None => {
                    keys.push((rule_period.0, rule_period.1.clone(), due_on));
                    key_of.insert(rule_period, keys.len() - 1);
                    keys.len() - 1
                }
            };
            keys[key].2 = keys[key].2.min(due_on);
            let cell = MatrixCell {
                instance_id: r.instance_id,
                status: DeadlineStatus::on(today, due_on, r.reported_on, r.received_on, due_soon_days),
                due_on,
                submitted_on: r.reported_on,
            };
            found.push((key, r.office_id, cell));
        })?;
        let mut rule_info: HashMap<RuleId, (String, DocumentId, String)> = HashMap::new();
        for (rule, _, _) in &keys {
            if !rule_info.contains_key(rule) {
                rule_info.insert(*rule, store::deadline_items::rule_label_and_plan(&self.conn, *rule)?);
            }
        }
        // Earliest deadlines first, by label within a day; a wider filter is cut at MATRIX_MAX_COLUMNS.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| {
            let (ka, kb) = (&keys[a], &keys[b]);
            (ka.2, &rule_info[&ka.0].0, ka.0, &ka.1).cmp(&(kb.2, &rule_info[&kb.0].0, kb.0, &kb.1))
        });
        order.truncate(MATRIX_MAX_COLUMNS);
        let mut column_of: Vec<Option<usize>> = vec![None; keys.len()];
        let mut columns: Vec<MatrixColumn> = Vec::with_capacity(order.len());
        for key in order {
            let (rule, period, due_on) = &keys[key];
            let (label, document_id, document_title) = &rule_info[rule];
            column_of[key] = Some(columns.len());
            columns.push(MatrixColumn {
                rule_id: *rule,
                period: period.clone(),
                label: label.clone(),
                document_id: *document_id,
                document_title: document_title.clone(),
                due_on: *due_on,
                rates: Rates::default(),
            });
        }
        let mut cells: HashMap<(OfficeId, usize), MatrixCell> = HashMap::new();
        for (key, office, cell) in found {
            if let Some(column) = column_of[key] {
                columns[column].rates.add(&cell, today);
                cells.insert((office, column), cell);
            }
        }
        let mut totals = Rates::default();
        let with_cells: std::collections::HashSet<OfficeId> = cells.keys().map(|(office, _)| *office).collect();
        let rows = offices
            .into_iter()
            .filter(|o| with_cells.contains(&o.id))
            .map(|office| {
                let mut rates = Rates::default();
                let row_cells: Vec<Option<MatrixCell>> = (0..columns.len())
                    .map(|c| {
                        let cell = cells.remove(&(office.id, c));
                        if let Some(cell) = &cell {
                            rates.add(cell, today);
                            totals.add(cell, today);
                        }
                        cell
                    })
                    .collect();
                MatrixRow { office, cells: row_cells, rates }
            })
            .collect();
        Ok(Matrix { columns, rows, totals })
    }

    /// Reporting and on-time rates month by month (by due date) for the offices and deadlines of
    /// `query`, for the chart.
    pub fn rates_by_month(&self, query: &MatrixQuery, today: NaiveDate) -> Result<Vec<PeriodRates>> {
        let root = match query.office_id {
            Some(id) => id,
            None => self.require_own_office()?.id,
        };
        let mut scope = vec![root];
        scope.extend(self.offices_below(root)?);
        let levels: HashMap<OfficeId, u8> = self.list_offices()?.into_iter().map(|o| (o.id, o.level)).collect();
        let office_ids: Vec<OfficeId> =
            scope.into_iter().filter(|id| query.level.is_none_or(|l| levels.get(id) == Some(&l))).collect();
        let rates_query = DeadlineQuery {
            office_ids: Some(office_ids),
            document_id: query.document_id,
            due_from: query.due_from,
            due_to: query.due_to,
            ..Default::default()
        };
        let rows = store::deadline_items::monthly_counts(&self.conn, &rates_query, today)?;
        Ok(rows
            .into_iter()
            .map(|(period, expected, received, on_time)| PeriodRates { period, rates: Rates { expected, received, on_time } })
            .collect())
    }
}

#[cfg(test)]
mod tests;
