//! Document types with their abbreviations (Nghị định 30/2020, Phụ lục III).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DocKind {
    KeHoach,
    ChiThi,
    NghiQuyet,
    ChuongTrinh,
    BaoCao,
    CongVan,
    QuyetDinh,
    ThongBao,
    /// Hướng dẫn (HD).
    HuongDan,
    /// Thông tri (TT), a Party document.
    ThongTri,
    Khac,
}

/// A kind as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DocKindInfo {
    pub code: DocKind,
    pub abbreviation: &'static str,
    pub name: &'static str,
}

impl DocKind {
    pub const ALL: [DocKind; 11] = [
        DocKind::KeHoach,
        DocKind::ChiThi,
        DocKind::NghiQuyet,
        DocKind::ChuongTrinh,
        DocKind::BaoCao,
        DocKind::CongVan,
        DocKind::QuyetDinh,
        DocKind::ThongBao,
        DocKind::HuongDan,
        DocKind::ThongTri,
        DocKind::Khac,
    ];

    pub fn info(self) -> DocKindInfo {
        let (abbreviation, name) = match self {
            DocKind::KeHoach => ("KH", "Kế hoạch"),
            DocKind::ChiThi => ("CT", "Chỉ thị"),
            DocKind::NghiQuyet => ("NQ", "Nghị quyết"),
            DocKind::ChuongTrinh => ("CTr", "Chương trình"),
            DocKind::BaoCao => ("BC", "Báo cáo"),
            DocKind::CongVan => ("CV", "Công văn"),
            DocKind::QuyetDinh => ("QĐ", "Quyết định"),
            DocKind::ThongBao => ("TB", "Thông báo"),
            DocKind::HuongDan => ("HD", "Hướng dẫn"),
            DocKind::ThongTri => ("TT", "Thông tri"),
            DocKind::Khac => ("", "Văn bản khác"),
        };
        DocKindInfo { code: self, abbreviation, name }
    }

    /// The code stored in the database (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::KeHoach => "keHoach",
            DocKind::ChiThi => "chiThi",
            DocKind::NghiQuyet => "nghiQuyet",
            DocKind::ChuongTrinh => "chuongTrinh",
            DocKind::BaoCao => "baoCao",
            DocKind::CongVan => "congVan",
            DocKind::QuyetDinh => "quyetDinh",
            DocKind::ThongBao => "thongBao",
            DocKind::HuongDan => "huongDan",
            DocKind::ThongTri => "thongTri",
            DocKind::Khac => "khac",
        }
    }

    pub fn parse(code: &str) -> crate::Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == code)
            .ok_or_else(|| crate::Error::invalid(format!("Loại văn bản không hợp lệ: «{code}».")))
    }
}
