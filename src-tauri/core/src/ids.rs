//! Typed record ids. Every record has a UUID (v7 when created here) so that records made on
//! different machines never collide when bundles meet.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        #[ts(export, type = "string")]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id for a record created on this machine.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> crate::Result<Self> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| crate::Error::invalid(format!("Mã bản ghi không hợp lệ: «{s}».")))
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0.to_string()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                Uuid::parse_str(text).map(Self).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

record_id!(
    /// An office (đơn vị) of the office tree.
    OfficeId
);
record_id!(
    /// A document (văn bản): a plan, a directive, a resolution, a report …
    DocumentId
);
record_id!(
    /// A task of a plan (Tổ chức thực hiện): who must do what.
    TaskId
);
record_id!(
    /// A deadline rule of a task.
    RuleId
);
record_id!(
    /// A dated deadline for one office and period. Derived (UUID v5 of rule, period and office),
    /// so two machines expanding the same rule agree on it.
    InstanceId
);
record_id!(
    /// A report submitted against a deadline instance.
    ReportId
);

/// Namespace of derived instance ids; never change it (ids travel between offices in bundles).
const INSTANCE_NAMESPACE: Uuid = Uuid::from_u128(0x8f3e_51c2_7a0d_4b6e_9c14_2d5a_e0b7_3f68);

impl InstanceId {
    /// The id of the instance of `rule` for `period` and `office`, the same on every machine.
    pub fn derive(rule: RuleId, period: &str, office: OfficeId) -> Self {
        InstanceId(Uuid::new_v5(&INSTANCE_NAMESPACE, format!("{}/{period}/{}", rule.0, office.0).as_bytes()))
    }
}
