//! Vietnamese text as people read it: accent-insensitive folding for search, dictionary order for
//! lists, and NFC normalisation of what users type or paste.
//!
//! SQLite's `remove_diacritics` does not fold `đ/Đ` (Đ has no Unicode decomposition), so search
//! indexes a folded copy made here; ordering uses the CLDR Vietnamese collation from ICU4X rather
//! than byte order (`Đ` after `D`, tones in dictionary order).

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds one character: its base letter (canonical decomposition without combining marks),
/// `đ/Đ` → `d`, lowercase; `None` for a lone combining mark. One character in, at most one out, so
/// positions in folded text map straight back to the original.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_combining_mark(c) {
        return None;
    }
    if c == 'đ' || c == 'Đ' {
        return Some('d');
    }
    let mut base = c;
    let mut first = true;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    Some(base.to_lowercase().next().unwrap_or(base))
}

/// Folds text for matching: NFD, combining marks dropped, `đ/Đ` → `d`, lowercase.
/// `fold("Đảng")` is `"dang"`; `fold("phụ nữ")` is `"phu nu"`.
pub fn fold(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

/// Normalises user text to NFC and trims it: pasted Word text often arrives decomposed.
pub fn clean(text: &str) -> String {
    text.trim().nfc().collect()
}

static VIETNAMESE: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    Collator::try_new(locale!("vi").into(), CollatorOptions::default())
        .expect("the Vietnamese collation is compiled into icu_collator's data")
});

/// Compares two strings in Vietnamese dictionary order.
pub fn compare_vi(a: &str, b: &str) -> Ordering {
    VIETNAMESE.compare(a, b)
}

/// Name of the SQLite collation registered on every connection (`ORDER BY name COLLATE vi`).
pub const SQL_COLLATION: &str = "vi";

/// Finds where a folded query term first occurs in `text` and returns about `width` characters of
/// the original (unfolded) text around it, on word boundaries, with "…" where it was cut.
pub fn snippet(text: &str, folded_term: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Fold char by char so that positions in the folded text map back to the original.
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        if let Some(f) = fold_char(*c) {
            folded.push(f);
            origin.push(i);
        }
    }
    let hit = if folded_term.is_empty() { None } else { folded.find(folded_term) };
    let center = hit.map(|byte| origin[folded[..byte].chars().count()]).unwrap_or(0);
    let start = center.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let mut start = start;
    while start > 0 && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    let mut end = end;
    while end < chars.len() && !chars[end].is_whitespace() {
        end += 1;
    }
    let body: String = chars[start..end].iter().collect();
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{}{}{}",
        if start > 0 { "… " } else { "" },
        body,
        if end < chars.len() { " …" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_tones_and_d_stroke() {
        assert_eq!(fold("Đảng"), "dang");
        assert_eq!(fold("phụ nữ"), "phu nu");
        assert_eq!(fold("BÌNH ĐẲNG GIỚI"), "binh dang gioi");
        // Decomposed input (as pasted from some Word files) folds the same as precomposed.
        let decomposed: String = "Nghị quyết".nfd().collect();
        assert_eq!(fold(&decomposed), "nghi quyet");
    }

    #[test]
    fn vietnamese_order_puts_d_stroke_after_d_and_tones_in_dictionary_order() {
        let mut words = vec!["Đảng", "Dân", "Em", "Ánh", "An", "Ăn", "Ấn", "Bình"];
        words.sort_by(|a, b| compare_vi(a, b));
        assert_eq!(words, ["An", "Ánh", "Ăn", "Ấn", "Bình", "Dân", "Đảng", "Em"]);
        // Byte order would put "Đảng" after "Em"; the collation must not.
        assert_eq!(compare_vi("Đảng", "Em"), Ordering::Less);
        assert_eq!(compare_vi("Dân", "Đảng"), Ordering::Less);
    }

    #[test]
    fn snippet_keeps_original_diacritics_around_the_match() {
        let text = "Mở đầu. Tăng cường sự lãnh đạo của Đảng đối với công tác phụ nữ trong tình hình mới.";
        let s = snippet(text, "dang", 30);
        assert!(s.contains("Đảng"), "snippet should show the original word: {s}");
    }
}
