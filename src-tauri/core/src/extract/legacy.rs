//! Vietnamese text typed in the legacy 8-bit fonts of the 1990s–2000s, still common in archived
//! plans: TCVN3 (ABC, fonts `.VnTime`, `.VnTimeH`) and VNI (fonts `VNI-Times` …). Such text
//! arrives as Latin-1 look-alikes (`KÕ ho¹ch`, `Keá hoaïch` for `Kế hoạch`); it is detected and
//! converted to Unicode.
//!
//! The TCVN3 table is TCVN 5712:1993 for the codes 0xA1–0xFF (the same as glibc's `TCVN5712-1`);
//! the VNI table follows the VNI Windows layout: a base letter followed by a mark letter.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// A legacy encoding the text was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    /// How the encoding is named to users.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, phông .VnTime)",
            Legacy::Vni => "VNI (phông VNI-Times)",
        }
    }
}

/// Unicode for the TCVN3 codes 0xA1..=0xFF (0xB0–0xB4 are combining tone marks).
const TCVN3_HIGH: [char; 95] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ',
    'ư', 'đ', 'Ằ', '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', 'à', 'ả', 'ã', 'á',
    'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ', 'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ',
    'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', 'é',
    'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ',
    'í', 'ị', 'ò', 'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố',
    'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', 'Ỗ', 'ủ', 'ũ', 'ú', 'ụ',
    'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

/// Converts one TCVN3 character (as Word or a Latin-1 decoder hands it over) to Unicode.
fn tcvn3_char(c: char) -> Option<char> {
    let code = c as u32;
    if (0xA1..=0xFF).contains(&code) { TCVN3_HIGH.get((code - 0xA1) as usize).copied() } else { None }
}

/// Converts TCVN3 text to Unicode NFC; `upper` for the capitals-only fonts (`.VnTimeH`), where the
/// lowercase codes are drawn as capitals.
pub fn from_tcvn3(text: &str, upper: bool) -> String {
    let converted: String = text.chars().map(|c| tcvn3_char(c).unwrap_or(c)).collect();
    let composed: String = converted.nfc().collect();
    if upper { composed.to_uppercase() } else { composed }
}

/// The mark a VNI mark letter adds: (vowel mark, tone mark) as combining characters.
fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    const CIRC: char = '\u{0302}';
    const BREVE: char = '\u{0306}';
    const ACUTE: char = '\u{0301}';
    const GRAVE: char = '\u{0300}';
    const HOOK: char = '\u{0309}';
    const TILDE: char = '\u{0303}';
    const DOT: char = '\u{0323}';
    Some(match c.to_lowercase().next().unwrap_or(c) {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' => (None, Some(DOT)),
        'â' => (Some(CIRC), None),
        'á' => (Some(CIRC), Some(ACUTE)),
        'à' => (Some(CIRC), Some(GRAVE)),
        'å' => (Some(CIRC), Some(HOOK)),
        'ã' => (Some(CIRC), Some(TILDE)),
        'ä' => (Some(CIRC), Some(DOT)),
        'ê' => (Some(BREVE), None),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// VNI letters that stand alone: ơ, ư, the i with tones, ỵ and đ.
fn vni_single(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        _ => return None,
    })
}

/// Converts VNI text to Unicode NFC.
pub fn from_vni(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // The base: a plain vowel, or ơ/ư written as ô/ö.
        let base = match c {
            'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y' => Some(c),
            'ô' | 'Ô' | 'ö' | 'Ö' => vni_single(c),
            _ => None,
        };
        if let Some(base) = base {
            if let Some((vowel_mark, tone)) = chars.get(i + 1).and_then(|m| vni_mark(*m)) {
                let lower = base.to_lowercase().next().unwrap_or(base);
                let allowed = match vowel_mark {
                    Some('\u{0302}') => matches!(lower, 'a' | 'e' | 'o'),
                    Some(_) => lower == 'a',
                    None => true,
                };
                if allowed {
                    let mut s = String::new();
                    s.push(base);
                    s.extend(vowel_mark);
                    s.extend(tone);
                    out.extend(s.nfc());
                    i += 2;
                    continue;
                }
            }
            out.push(base);
            i += 1;
            continue;
        }
        out.push(vni_single(c).unwrap_or(c));
        i += 1;
    }
    out.nfc().collect()
}

/// Frequent Vietnamese syllables, to judge which reading of a text is Vietnamese.
const COMMON: &[&str] = &[
    "của", "và", "các", "được", "thực", "hiện", "những", "trong", "người", "năm", "tháng", "ngày",
    "phụ", "nữ", "kế", "hoạch", "công", "tác", "với", "để", "có", "không", "theo", "về", "đến",
    "này", "tổ", "chức", "hội", "báo", "cáo", "đơn", "vị", "cấp", "tỉnh", "huyện", "xã", "là", "cho",
    "một", "đã", "việc", "trên", "thành", "nhân", "dân", "đảng", "xây", "dựng", "triển", "khai",
    "tăng", "cường", "nâng", "cao", "chính", "sách", "đồng", "chí", "số", "thời", "hạn", "trước",
];

/// How many words of `text` are frequent Vietnamese syllables.
pub(crate) fn score(text: &str) -> usize {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let lower = w.to_lowercase();
            COMMON.contains(&lower.as_str())
        })
        .count()
}

/// Finds whether `text` is TCVN3 or VNI text read as Latin-1, and converts it. Unicode text
/// comes back as `None`: a conversion is chosen only when it makes clearly more Vietnamese.
pub fn detect_and_convert(text: &str) -> Option<(String, Legacy)> {
    // Only text with Latin-1 letters or symbols can be legacy text.
    let suspicious = text.chars().filter(|c| ('\u{00A1}'..='\u{00FF}').contains(c)).count();
    if suspicious < 3 {
        return None;
    }
    let sample: String = text.chars().take(60_000).collect();
    let sample_nfc: String = sample.nfc().collect();
    let original = score(&sample_nfc);
    let mut best: Option<(usize, Legacy)> = None;
    for legacy in [Legacy::Tcvn3, Legacy::Vni] {
        let converted = match legacy {
            Legacy::Tcvn3 => from_tcvn3(&sample, false),
            Legacy::Vni => from_vni(&sample),
        };
        let s = score(&converted);
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, legacy));
        }
    }
    let (best_score, legacy) = best?;
    if best_score >= 5 && best_score >= original * 2 + 3 {
        let converted = match legacy {
            Legacy::Tcvn3 => from_tcvn3(text, false),
            Legacy::Vni => from_vni(text),
        };
        Some((converted, legacy))
    } else {
        None
    }
}

/// Unicode → TCVN3 and VNI, to build legacy test input from readable fixtures.
#[cfg(test)]
pub(crate) mod encode {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    pub(crate) fn to_tcvn3(text: &str) -> String {
        let mut out = String::new();
        for c in text.nfc() {
            let code = TCVN3_HIGH.iter().position(|t| *t == c && !('\u{0300}'..='\u{036F}').contains(t));
            match code {
                Some(i) => out.push(char::from_u32(0xA1 + i as u32).unwrap_or(c)),
                None => out.push(c),
            }
        }
        out
    }

    pub(crate) fn to_vni(text: &str) -> String {
        let mut out = String::new();
        for c in text.nfc() {
            let mut found = None;
            // Try single letters, then base + mark pairs, by converting candidates back.
            for single in "ôÔöÖæÆóÓòÒîÎñÑ".chars() {
                if vni_single(single) == Some(c) && !matches!(single, 'ô' | 'Ô' | 'ö' | 'Ö') {
                    found = Some(single.to_string());
                }
            }
            if found.is_none() && !c.is_ascii() {
                'outer: for base in "aeouyAEOUYôÔöÖ".chars() {
                    for mark in "ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË".chars() {
                        let pair: String = [base, mark].iter().collect();
                        let back = from_vni(&pair);
                        if back.chars().count() == 1 && back.starts_with(c) {
                            found = Some(pair);
                            break 'outer;
                        }
                    }
                    if vni_single(base) == Some(c) {
                        found = Some(base.to_string());
                        break;
                    }
                }
            }
            match found {
                Some(s) => out.push_str(&s),
                None => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_converts_known_words() {
        assert_eq!(from_tcvn3("KÕ ho¹ch", false), "Kế hoạch");
        assert_eq!(from_tcvn3("B¶o Th¾ng", false), "Bảo Thắng");
        // ư is 0xAD, the soft hyphen: it must survive until conversion.
        assert_eq!(from_tcvn3("M\u{00AD}êng Kh\u{00AD}¬ng", false), "Mường Khương");
        assert_eq!(from_tcvn3("kÕ ho¹ch", true), "KẾ HOẠCH");
    }

    #[test]
    fn vni_converts_known_words() {
        assert_eq!(from_vni("Keá hoaïch"), "Kế hoạch");
        assert_eq!(from_vni("Hoäi Lieân hieäp Phuï nöõ"), "Hội Liên hiệp Phụ nữ");
        assert_eq!(from_vni("ñöôïc Ñaûng"), "được Đảng");
    }

    #[test]
    fn round_trips_through_the_test_encoders() {
        let text = "Kế hoạch thực hiện công tác phụ nữ năm 2024 của Hội Liên hiệp Phụ nữ tỉnh, Đảng ủy, ưu tiên, người dân, được, Ỵ ỵ";
        assert_eq!(from_tcvn3(&encode::to_tcvn3(&text.to_lowercase()), false), text.to_lowercase());
        assert_eq!(from_vni(&encode::to_vni(text)), text);
    }

    #[test]
    fn detection_prefers_unicode_and_finds_legacy() {
        let unicode = "Kế hoạch thực hiện công tác phụ nữ và bình đẳng giới năm 2024 của các cấp hội";
        assert!(detect_and_convert(unicode).is_none(), "Unicode text must be left alone");
        let tcvn = encode::to_tcvn3(unicode);
        let (back, legacy) = detect_and_convert(&tcvn).expect("TCVN3 found");
        assert_eq!(legacy, Legacy::Tcvn3);
        assert_eq!(back, unicode);
        let vni = encode::to_vni(unicode);
        let (back, legacy) = detect_and_convert(&vni).expect("VNI found");
        assert_eq!(legacy, Legacy::Vni);
        assert_eq!(back, unicode);
    }
}
