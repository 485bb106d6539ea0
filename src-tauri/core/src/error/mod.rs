//! Errors of the core, each with a stable code for the UI and a Vietnamese message that says what
//! to do next. The UI branches on the code, never on the message.

mod refusal;

pub use refusal::Refusal;
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
    #[error("Không ghi hoặc đọc được cơ sở dữ liệu: {}. Dữ liệu không bị thay đổi.", sqlite_text(.0))]
    Storage(#[from] rusqlite::Error),
    #[error("Không đọc/ghi được «{path}»: {}.", io_text(.source))]
    Io { path: String, source: std::io::Error },
    #[error("Lỗi nâng cấp cơ sở dữ liệu: {0}. Dữ liệu không bị thay đổi.")]
    Migration(String),
    /// A bundle file that cannot be imported; nothing was changed.
    #[error("{0}")]
    Bundle(#[from] Refusal),
    /// Something this program wrote itself cannot be read back or written: a fault of the program
    /// or of a damaged store, never of what the user typed.
    #[error("Lỗi nội bộ: {0}. Dữ liệu không bị thay đổi; hãy báo cho người quản trị.")]
    Internal(String),
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
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput(message.into())
    }

    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().display().to_string(), source }
    }
}

/// What an operating-system error means, as a Vietnamese clause that says what to do. The one
/// place where "No space left on device", "Read-only file system", "Access denied" and their kin
/// become words the user can act on; every message that carries an I/O error goes through it.
pub fn io_text(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // Raw codes first: Linux/macOS errno, then Windows system error codes.
    let kind = match error.raw_os_error() {
        Some(28) | Some(122) if cfg!(unix) => K::StorageFull,
        Some(30) if cfg!(unix) => K::ReadOnlyFilesystem,
        Some(27) if cfg!(unix) => K::FileTooLarge,
        Some(112) | Some(39) if cfg!(windows) => K::StorageFull,
        Some(19) if cfg!(windows) => K::ReadOnlyFilesystem,
        Some(5) | Some(32) | Some(33) if cfg!(windows) => K::PermissionDenied,
        Some(21) | Some(3) | Some(2) | Some(15) if cfg!(windows) => K::NotFound,
        _ => error.kind(),
    };
    match kind {
        K::StorageFull | K::QuotaExceeded => {
            "ổ đĩa (hoặc USB) đã đầy. Hãy xóa bớt tệp không cần trên đó, hoặc dùng ổ đĩa/USB khác, rồi làm lại".into()
        }
        K::ReadOnlyFilesystem => {
            "ổ đĩa (hoặc USB) chỉ cho đọc, không cho ghi. Hãy gạt khóa chống ghi của USB (nếu có) hoặc chọn nơi khác, rồi làm lại"
                .into()
        }
        K::PermissionDenied => {
            "không có quyền truy cập (tệp có thể đang mở trong chương trình khác, hoặc thư mục bị khóa). Hãy đóng chương trình đó hoặc chọn thư mục khác, rồi làm lại"
                .into()
        }
        K::NotFound => "không tìm thấy tệp hoặc thư mục (USB có thể đã bị rút ra). Hãy cắm lại hoặc chọn lại, rồi làm lại".into(),
        K::FileTooLarge => {
            "tệp quá lớn với ổ đĩa này (USB định dạng FAT32 chỉ chứa tệp đến 4 GB). Hãy dùng USB định dạng exFAT hoặc NTFS".into()
        }
        K::UnexpectedEof | K::InvalidData => "tệp bị hỏng hoặc chép chưa xong. Hãy chép lại tệp rồi làm lại".into(),
        K::AlreadyExists => "đã có một tệp cùng tên. Hãy chọn tên hoặc thư mục khác".into(),
        K::Interrupted | K::TimedOut | K::WouldBlock => "thao tác bị gián đoạn. Hãy làm lại".into(),
        _ => match error.raw_os_error() {
            Some(code) => format!(
                "hệ điều hành báo lỗi đọc/ghi (mã {code}). Hãy làm lại; nếu còn lỗi, kiểm tra ổ đĩa hoặc dùng USB khác"
            ),
            None => "lỗi đọc/ghi tệp. Hãy làm lại; nếu còn lỗi, kiểm tra ổ đĩa hoặc dùng USB khác".into(),
        },
    }
}

/// What a SQLite error means, as a Vietnamese clause that says what to do ("FOREIGN KEY constraint
/// failed", "database or disk is full" and the like never reach the user as they are).
pub fn sqlite_text(error: &rusqlite::Error) -> String {
    use rusqlite::ffi;
    match error {
        rusqlite::Error::SqliteFailure(e, _) => match e.code {
            rusqlite::ErrorCode::DiskFull => {
                "ổ đĩa chứa dữ liệu đã đầy. Hãy xóa bớt tệp không cần trên ổ đĩa đó (kể cả bản sao lưu cũ trong thư mục «backups»), rồi làm lại".into()
            }
            rusqlite::ErrorCode::ReadOnly => {
                "thư mục dữ liệu chỉ cho đọc, không cho ghi. Hãy kiểm tra quyền ghi của thư mục dữ liệu, rồi mở lại Sổ Kế Hoạch".into()
            }
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                "cơ sở dữ liệu đang bận (có thể Sổ Kế Hoạch đang mở hai lần). Hãy đóng bớt rồi làm lại".into()
            }
            rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase => {
                "tệp cơ sở dữ liệu bị hỏng. Hãy khôi phục từ bản sao lưu (thư mục «backups») và báo cho cán bộ kỹ thuật".into()
            }
            rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied => {
                "không mở được tệp cơ sở dữ liệu (thư mục không còn hoặc không có quyền). Hãy kiểm tra thư mục dữ liệu".into()
            }
            rusqlite::ErrorCode::SystemIoFailure => {
                "lỗi đọc/ghi ổ đĩa chứa dữ liệu (ổ đĩa có thể đầy hoặc hỏng). Hãy giải phóng chỗ trống rồi làm lại".into()
            }
            rusqlite::ErrorCode::ConstraintViolation => match e.extended_code {
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
                    "bản ghi dẫn đến một dữ liệu không có (hoặc không còn) ở máy này, có thể đã bị xóa".into()
                }
                ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                    "trùng với một bản ghi đã có ở máy này".into()
                }
                ffi::SQLITE_CONSTRAINT_NOTNULL => "thiếu một thông tin bắt buộc".into(),
                ffi::SQLITE_CONSTRAINT_CHECK => "có một giá trị không hợp lệ".into(),
                _ => "trái với quy tắc của dữ liệu".into(),
            },
            _ => format!("lỗi cơ sở dữ liệu (mã {}). Hãy làm lại hoặc báo cho cán bộ kỹ thuật", e.extended_code),
        },
        rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::IntegralValueOutOfRange(..) => {
            "một giá trị lưu trong cơ sở dữ liệu không đọc được. Hãy báo cho cán bộ kỹ thuật".into()
        }
        _ => "lỗi cơ sở dữ liệu. Hãy làm lại hoặc báo cho cán bộ kỹ thuật".into(),
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
