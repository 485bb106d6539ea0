//! Why a bundle file is refused, each reason in the words the user reads. It lives beside the
//! error type (an error of its own kind), below the bundle code that raises it.

/// Why a bundle file is refused. Every variant leaves the store exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Tệp «{0}» không phải là gói dữ liệu Sổ Kế Hoạch (không đọc được như tệp .skh). Hãy chọn đúng tệp.")]
    NotABundle(String),
    #[error("Gói dữ liệu bị hỏng hoặc chép chưa xong (thiếu phần «{0}»). Hãy chép lại tệp từ máy gửi.")]
    MissingEntry(String),
    #[error("Gói dữ liệu có hai phần cùng tên «{0}»: tệp đã bị sửa hoặc hỏng. Hãy xin gửi lại.")]
    DuplicateEntry(String),
    #[error("Gói dữ liệu có phần lạ «{0}» không được khai báo: tệp đã bị sửa. Không nhập.")]
    UnexpectedEntry(String),
    #[error("Phần «{0}» của gói dữ liệu bị hỏng (kích thước hoặc mã kiểm tra không khớp). Tệp có thể chép chưa xong; hãy chép lại.")]
    CorruptEntry(String),
    #[error("Phần «{name}» của gói dữ liệu quá lớn ({size} byte, giới hạn {limit} byte). Không nhập.")]
    TooLarge { name: String, size: u64, limit: u64 },
    #[error("Gói dữ liệu có quá nhiều phần ({count} phần, giới hạn {limit} phần): tệp có thể đã bị sửa. Không nhập; hãy xin đơn vị gửi xuất lại.")]
    TooManyEntries { count: u64, limit: u64 },
    #[error("Gói dữ liệu đòi tạo quá nhiều thời hạn (hơn {limit} thời hạn trong một lần nhập). Không nhập; hãy kiểm tra lại các hạn định kỳ với đơn vị gửi.")]
    TooMuchWork { limit: u64 },
    #[error("Tệp đính kèm «{0}» trong gói thay đổi trong lúc đọc (nội dung không còn khớp mã kiểm tra). Không nhập; hãy chép lại gói vào máy rồi nhập từ bản chép.")]
    FileChanged(String),
    #[error("Phần «{0}» của gói dữ liệu nén bất thường (có thể là tệp độc hại). Không nhập.")]
    CompressionRatio(String),
    #[error("Gói dữ liệu được tạo bởi phiên bản Sổ Kế Hoạch mới hơn (định dạng {found}, máy này đọc đến {supported}). Hãy cập nhật Sổ Kế Hoạch rồi nhập lại.")]
    NewerFormat { found: u32, supported: u32 },
    #[error("Dữ liệu trong gói thuộc phiên bản cơ sở dữ liệu mới hơn ({found} > {supported}). Hãy cập nhật Sổ Kế Hoạch.")]
    NewerSchema { found: usize, supported: usize },
    #[error("Phần mô tả của gói dữ liệu không đọc được: {0}. Tệp bị hỏng hoặc không phải gói Sổ Kế Hoạch.")]
    BadManifest(String),
    #[error("Chữ ký của gói dữ liệu không hợp lệ: tệp đã bị sửa sau khi ký hoặc bị hỏng. Không nhập.")]
    BadSignature,
    #[error("Gói này gửi cho «{expected}», không phải cho đơn vị của máy này («{actual}»). Hãy đưa tệp cho đúng đơn vị nhận.")]
    WrongRecipient { expected: String, actual: String },
    #[error("Gói được gửi từ «{0}», không phải đơn vị cấp trên hay cấp dưới trực tiếp của đơn vị này. Không nhập.")]
    NotAPeer(String),
    #[error("Đơn vị gửi «{0}» không có trong danh sách đơn vị của máy này. Hãy thêm đơn vị đó (hoặc nhận gói thiết lập) trước.")]
    UnknownSender(String),
    #[error("Khóa ký của «{office}» đã thay đổi (dấu vân tay đã lưu {pinned}, gói mang {found}) mà không có lệnh đổi khóa hợp lệ. Có thể là tệp giả mạo: hãy gọi điện cho đơn vị gửi để đối chiếu. Không nhập.")]
    ChangedKey { office: String, pinned: String, found: String },
    #[error("Có hai máy cùng xưng là «{0}»: gói này đến từ một máy khác với máy đã gửi trước đây, với cùng khóa ký. Thường là do thư mục dữ liệu đã bị sao chép sang máy khác. Mỗi đơn vị chỉ dùng một máy; nếu đã chuyển sang máy mới, hãy đổi khóa trên máy mới (Trao đổi dữ liệu → Đổi khóa) rồi gửi lại.")]
    CopiedInstallation(String),
    #[error("Dòng {line} của danh sách bản ghi không đọc được: {reason}. Tệp bị hỏng hoặc bị sửa. Không nhập.")]
    BadRecord { line: u64, reason: String },
    #[error("Gói thiết lập chỉ nhập được vào máy chưa thiết lập đơn vị. Máy này đã là «{0}».")]
    SetupOnConfiguredStore(String),
    #[error("Máy này chưa thiết lập đơn vị: chỉ nhập được gói thiết lập do cấp trên gửi.")]
    DataBeforeSetup,
    #[error("Gói khôi phục chỉ nhập được vào máy mới cài, chưa thiết lập đơn vị. Máy này đã là «{0}»: nếu muốn lấy lại dữ liệu cũ của máy này, hãy dùng «Sao lưu và khôi phục».")]
    RecoveryOnConfiguredStore(String),
    #[error("Khóa ký {fingerprint} của «{office}» đã được thay bằng khóa mới lúc {since} (cấp lại khóa do «{decided_by}» quyết định, vì máy cũ bị mất). Gói này ký bằng khóa cũ nên có thể đến từ máy bị mất hoặc bị đánh cắp. Không nhập; hãy báo cho «{decided_by}».")]
    ReplacedKey { office: String, fingerprint: String, since: String, decided_by: String },
    #[error("«{office}» đã được cài lại từ gói khôi phục do máy này tạo, và gửi gói với khóa ký mới (dấu vân tay {found}). Hãy gọi điện cho «{office}» để đối chiếu dấu vân tay, rồi chọn «{action}» cho đơn vị này và nhập lại gói. Chưa nhập.", action = crate::bundle::REISSUE_KEY_ACTION)]
    AwaitingReissue { office: String, found: String },
}

impl Refusal {
    pub(crate) fn record(line: u64, reason: impl Into<String>) -> Self {
        Refusal::BadRecord { line, reason: reason.into() }
    }
}

