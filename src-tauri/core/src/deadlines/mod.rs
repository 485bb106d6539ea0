//! Deadlines: the rules a plan states, the dated instances they produce for each assigned office,
//! each instance's status on a given day, and passing a deadline down to sub-offices.

pub mod instances;
pub mod items;
pub mod pass_down;
pub use crate::model::rules as rule;
pub mod status;

pub use items::{DeadlineItem, DeadlineQuery};
pub use rule::{Frequency, Occurrence, RuleSpec, Tier};
pub use status::DeadlineStatus;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::InstanceId;
use crate::store::{self, Store, settings::{self, Setting}};

/// Tracking preferences of this office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrackingSettings {
    /// A deadline is "sắp đến hạn" this many days ahead (today included).
    pub due_soon_days: u32,
    /// Passing a deadline down sets the sub-offices' date this many working days earlier.
    pub pass_down_working_days: u32,
}

pub(crate) use crate::store::deadline_instances::InstanceRow;

impl Store {
    pub fn tracking_settings(&self) -> Result<TrackingSettings> {
        let number = |key: Setting, default: u32| -> Result<u32> {
            Ok(settings::get(&self.conn, key)?.and_then(|v| v.parse().ok()).unwrap_or(default))
        };
        Ok(TrackingSettings {
            due_soon_days: number(Setting::DueSoonDays, 7)?,
            pass_down_working_days: number(Setting::PassDownWorkingDays, 3)?,
        })
    }

    pub fn set_tracking_settings(&mut self, value: &TrackingSettings) -> Result<TrackingSettings> {
        if value.due_soon_days > 90 {
            return Err(Error::invalid("Số ngày báo «sắp đến hạn» tối đa là 90."));
        }
        if value.pass_down_working_days > 60 {
            return Err(Error::invalid("Số ngày làm việc khi chuyển hạn xuống cấp dưới tối đa là 60."));
        }
        self.transact(|tx| {
            settings::set(tx, Setting::DueSoonDays, &value.due_soon_days.to_string())?;
            settings::set(tx, Setting::PassDownWorkingDays, &value.pass_down_working_days.to_string())
        })?;
        self.tracking_settings()
    }

    pub(crate) fn instance_row(&self, id: InstanceId) -> Result<InstanceRow> {
        store::deadline_instances::get(&self.conn, id)?.ok_or_else(|| Error::NotFound { what: "hạn báo cáo", id: id.to_string() })
    }
}
