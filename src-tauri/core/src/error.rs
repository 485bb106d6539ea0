//! Errors of the core, each with a stable code for the UI and a Vietnamese message that says what
//! to do next. The UI branches on the code, never on the message.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable error codes shared with the UI (mirrored in TypeScript by ts-rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    Conflict,
    NewerDatabase,
    NotSetUp,
    BundleRefused,
    Storage,
    Io,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input breaks a rule; the message names the field and the fix.
    #[error("{0}")]
    InvalidInput(String),
    #[error("Không tìm thấy {what} (mã {id}). Có thể dữ liệu đã bị xóa; hãy tải lại danh sách.")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Conflict(String),
    #[error(
        "Dữ liệu này do phiên bản Sổ Kế Hoạch mới hơn tạo ra (phiên bản dữ liệu {found}, \
         chương trình này chỉ đọc được đến {supported}). Hãy cập nhật Sổ Kế Hoạch; dữ liệu chưa bị thay đổi."
    )]
    NewerDatabase { found: usize, supported: usize },
    #[error("Chưa thiết lập đơn vị sử dụng. Hãy khai báo đơn vị của mình hoặc nạp dữ liệu mẫu trước.")]
    NotSetUp,
    #[error("Lỗi cơ sở dữ liệu: {0}. Dữ liệu không bị thay đổi; hãy thử lại hoặc báo cho cán bộ kỹ thuật.")]
    Storage(#[from] rusqlite::Error),
    #[error("Không đọc/ghi được tệp {path}: {source}. Hãy kiểm tra tệp còn đó và có quyền truy cập.")]
    Io { path: String, source: std::io::Error },
    #[error("Lỗi nâng cấp cơ sở dữ liệu: {0}. Dữ liệu không bị thay đổi.")]
    Migration(String),
    /// A bundle file that cannot be imported; nothing was changed.
    #[error("{0}")]
    Bundle(#[from] crate::bundle::Refusal),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Error::NotSetUp => ErrorCode::NotSetUp,
            Error::Storage(_) => ErrorCode::Storage,
            Error::Io { .. } => ErrorCode::Io,
            Error::Migration(_) => ErrorCode::Internal,
            Error::Bundle(_) => ErrorCode::BundleRefused,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput(message.into())
    }

    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().display().to_string(), source }
    }
}

/// Turns "no row" into a [`Error::NotFound`] naming what was looked for.
pub trait OrNotFound<T> {
    fn or_not_found(self, what: &'static str, id: impl ToString) -> Result<T>;
}

impl<T> OrNotFound<T> for Option<T> {
    fn or_not_found(self, what: &'static str, id: impl ToString) -> Result<T> {
        self.ok_or_else(|| Error::NotFound { what, id: id.to_string() })
    }
}

impl<T> OrNotFound<T> for Result<Option<T>> {
    fn or_not_found(self, what: &'static str, id: impl ToString) -> Result<T> {
        self?.or_not_found(what, id)
    }
}
