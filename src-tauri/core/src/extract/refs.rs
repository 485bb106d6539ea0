//! Documents a plan implements or cites: `Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư`,
//! `Kế hoạch số 268/KH-ĐCT ngày 13/4/2023`, and the unnumbered ones of its "Căn cứ …" preamble.
//!
//! Their spans are also handed to the deadline reader: a date inside a citation is the cited
//! document's date, never a deadline.

use crate::extract::dates::{self, When};
use crate::extract::layout::{Kind, Para, Tok, collapse, fold_str, tokenize, words_at};

/// Names of document kinds that a citation starts with (folded), longest first.
const KINDS: &[&str] = &[
    "chuong trinh hanh dong",
    "thong tu lien tich",
    "nghi quyet lien tich",
    "ke hoach lien tich",
    "bo luat",
    "nghi quyet",
    "chi thi",
    "ket luan",
    "quyet dinh",
    "ke hoach",
    "chuong trinh",
    "huong dan",
    "cong van",
    "thong tu",
    "nghi dinh",
    "thong bao",
    "de an",
    "quy dinh",
    "quy che",
    "chien luoc",
    "cong dien",
    "to trinh",
    "bao cao",
    "van ban",
    "luat",
];

/// Lowercase words that end the issuing authority of a citation ("… của Chính phủ quy định …").
const AUTHORITY_STOP: &[&str] = &[
    "ve", "quy dinh", "phe duyet", "ban hanh", "thuc hien", "nham", "gan voi", "tai", "trong", "giai doan", "voi", "va",
    "de", "tiep tuc", "huong dan", "trien khai", "to chuc", "sua doi", "dieu chinh", "theo", "duoc", "da", "co", "la",
    "sau", "truoc", "thi", "khi", "cho",
];

/// A citation found in a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Citation {
    pub text: String,
    /// Folded number and symbol without spaces ("21-ct/tw"); empty for unnumbered ones.
    pub key: String,
    /// Chars `[start, end)` of the paragraph.
    pub start: usize,
    pub end: usize,
}

fn kind_at(toks: &[Tok], i: usize) -> Option<usize> {
    if !toks.get(i)?.upper {
        return None;
    }
    KINDS.iter().find(|k| words_at(toks, i, k)).map(|k| k.split(' ').count())
}

/// Every numbered citation of a paragraph.
pub(crate) fn citations(p: &Para) -> Vec<Citation> {
    let toks = tokenize(&p.chars, &p.folded);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(len) = kind_at(&toks, i) else {
            i += 1;
            continue;
        };
        let mut j = i + len;
        if toks.get(j).is_some_and(|t| t.is("so")) {
            j += 1;
            if toks.get(j).is_some_and(|t| t.is_punct(':')) {
                j += 1;
            }
        }
        let Some(sym_end) = dates::number_symbol_at(&toks, j) else {
            i += 1;
            continue;
        };
        let key: String = toks[j..sym_end].iter().map(|t| t.text.as_str()).collect();
        let mut end = sym_end;
        // ", ngày 20/01/2018" or " ngày 20 tháng 01 năm 2018"
        let mut k = end;
        if toks.get(k).is_some_and(|t| t.is_punct(',')) {
            k += 1;
        }
        if let Some(e) = dates::parse_at(&toks, k)
            && matches!(e.when, When::Day { .. })
            && toks[k].is("ngay")
        {
            end = e.end;
        }
        // " của Ban Bí thư Trung ương Đảng (khóa XII)"
        if toks.get(end).is_some_and(|t| t.is("cua")) {
            let mut k = end + 1;
            let mut last = None;
            let mut words = 0;
            while let Some(t) = toks.get(k) {
                match t.kind {
                    // "và" inside a name ("Bộ Lao động - Thương binh và Xã hội") is followed by a capital.
                    Kind::Word if t.is("va") && toks.get(k + 1).is_some_and(|n| n.upper) && kind_at(&toks, k + 1).is_none() => k += 1,
                    Kind::Word if !t.upper && AUTHORITY_STOP.iter().any(|w| words_at(&toks, k, w)) => break,
                    Kind::Word => {
                        words += 1;
                        if words > 14 {
                            break;
                        }
                        last = Some(k);
                        k += 1;
                    }
                    Kind::Punct if t.is_punct('(') => {
                        // Only "(khóa XII)" belongs to the authority.
                        let closes = toks[k..].iter().take(5).position(|t| t.is_punct(')'));
                        match (toks.get(k + 1), closes) {
                            (Some(n), Some(c)) if n.is("khoa") => {
                                last = Some(k + c);
                                k += c + 1;
                            }
                            _ => break,
                        }
                    }
                    Kind::Punct if t.is_punct('-') && t.space_before && toks.get(k + 1).is_some_and(|n| n.upper) => k += 1,
                    Kind::Punct | Kind::Num => break,
                }
            }
            if let Some(l) = last {
                end = l + 1;
            }
        }
        let start = toks[i].start;
        let stop = toks[end - 1].end;
        let text = collapse(&p.slice(start, stop));
        let text = text.trim_end_matches([',', ';', '.', ' ']).to_string();
        out.push(Citation { text, key, start, end: stop });
        i = end;
    }
    out
}

/// Unnumbered documents named in a "Căn cứ …;" preamble sentence ("Căn cứ Luật Bình đẳng giới
/// năm 2006;"), for paragraphs before the first section.
pub(crate) fn preamble_bases(p: &Para, numbered: &[Citation]) -> Vec<Citation> {
    let text = p.text();
    let folded: String = p.folded.iter().collect();
    let mut out = Vec::new();
    let mut offset = 0;
    for part in text.split(';') {
        let len = part.chars().count();
        let trimmed_start = part.chars().take_while(|c| c.is_whitespace()).count();
        let start = offset + trimmed_start;
        let fpart: String = folded.chars().skip(start).take(len - trimmed_start).collect();
        if fpart.starts_with("can cu ") {
            let body_start = start + "can cu ".len();
            // Up to the comma before the issuer ("…, Ban Thường vụ xây dựng kế hoạch").
            let rest: String = p.chars[body_start..offset + len].iter().collect();
            let cut = rest.find(", ").map_or(rest.len(), |b| b);
            let doc = rest[..cut].trim().trim_end_matches(['.', ',']);
            let begins_upper = doc.chars().next().is_some_and(char::is_uppercase);
            let end = body_start + doc.chars().count();
            let covered = numbered.iter().any(|c| c.start < end && c.end > body_start);
            if begins_upper && !covered && !doc.is_empty() && doc.chars().count() <= 200 {
                out.push(Citation { text: collapse(doc), key: String::new(), start: body_start, end });
            }
        }
        offset += len + 1;
    }
    out
}

/// Keeps one citation per cited number (the fullest wording), in order of first appearance.
pub(crate) fn dedupe<T: Clone>(found: Vec<(Citation, T)>) -> Vec<(Citation, T)> {
    let mut out: Vec<(Citation, T)> = Vec::new();
    for (c, extra) in found {
        let same = if c.key.is_empty() {
            out.iter().position(|(o, _)| fold_str(&o.text) == fold_str(&c.text))
        } else {
            out.iter().position(|(o, _)| o.key == c.key)
        };
        match same {
            Some(k) => {
                if c.text.chars().count() > out[k].0.text.chars().count() {
                    out[k] = (c, extra);
                }
            }
            None => out.push((c, extra)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::Source;

    fn para(text: &str) -> Para {
        let src = Source::new(text);
        Para::from_ranges(&src, &[src.trimmed(0)])
    }

    fn cites(text: &str) -> Vec<String> {
        citations(&para(text)).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn citations_with_date_and_authority() {
        assert_eq!(
            cites("Thực hiện Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư “về tiếp tục”"),
            ["Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư"]
        );
        assert_eq!(
            cites("Nghị quyết số 11-NQ/TW, ngày 27 tháng 4 năm 2007 của Bộ Chính trị (khóa X) về công tác"),
            ["Nghị quyết số 11-NQ/TW, ngày 27 tháng 4 năm 2007 của Bộ Chính trị (khóa X)"]
        );
        assert_eq!(
            cites("theo Kế hoạch số 268/KH-ĐCT ngày 13/4/2023; Nghị đinh 70/2008/NĐ-CP, ngày 4/6/2008 của Chính phủ quy định chi tiết"),
            ["Kế hoạch số 268/KH-ĐCT ngày 13/4/2023", "Nghị đinh 70/2008/NĐ-CP, ngày 4/6/2008 của Chính phủ"]
        );
        assert_eq!(cites("Kế hoạch này và các chương trình"), Vec::<String>::new());
    }

    #[test]
    fn preamble_bases_without_numbers() {
        let p = para("Căn cứ Luật Bình đẳng giới năm 2006; Căn cứ Kế hoạch số 01/KH-BVSTBPN ngày 24/4/2024, Ban Thường vụ xây dựng");
        let numbered = citations(&p);
        let bases: Vec<String> = preamble_bases(&p, &numbered).into_iter().map(|c| c.text).collect();
        assert_eq!(bases, ["Luật Bình đẳng giới năm 2006"]);
    }
}
