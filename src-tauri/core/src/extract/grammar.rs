//! Just enough Vietnamese sentence structure to tell who must do what: the subject of an
//! assignment sentence ends where its first verb begins
//! ("Ban Tuyên giáo Tỉnh ủy | chỉ đạo đẩy mạnh công tác tuyên truyền …").

use crate::extract::layout::{Kind, Para, Tok, words_at};

/// Verbs that start the predicate of an assignment (lowercase, with diacritics: folding would
/// confuse "cần" with "cán" of "ban cán sự").
const VERBS: &[&str] = &[
    "chủ trì", "phối hợp", "tham mưu", "chỉ đạo", "lãnh đạo", "tổ chức", "xây dựng", "triển khai",
    "hướng dẫn", "theo dõi", "thực hiện", "báo cáo", "có trách nhiệm", "chịu trách nhiệm", "có văn bản",
    "tăng cường", "đẩy mạnh", "rà soát", "kiểm tra", "giám sát", "phát huy", "tuyên truyền",
    "quán triệt", "giúp", "đảm bảo", "bảo đảm", "bố trí", "cung cấp", "tổng hợp", "đề xuất",
    "nghiên cứu", "gửi", "nộp", "hoàn thành", "tiếp tục", "đăng ký", "quan tâm", "tạo điều kiện",
    "học tập", "phổ biến", "đôn đốc", "đánh giá", "sơ kết", "tổng kết", "chuẩn bị", "tiếp nhận",
    "biểu dương", "khen thưởng", "vận động", "hỗ trợ", "ban hành", "bổ sung", "tập trung", "cần",
    "phải", "chủ động", "kết hợp", "lồng ghép", "xem xét", "duy trì", "tham gia", "phân công",
    "đảm nhận", "cử", "lập", "thành lập", "cập nhật", "lựa chọn", "điều tra", "khảo sát", "nắm",
    "huy động", "phân bổ", "giao", "sắp xếp", "thường xuyên", "định kỳ", "tích cực", "làm",
    "nâng cao", "đổi mới", "củng cố", "phát hiện", "xử lý", "bồi dưỡng", "tập huấn", "ưu tiên",
    "tiến hành", "rút kinh nghiệm", "đề nghị", "nhân rộng", "quyết định", "xác định", "đưa",
    "căn cứ", "biên soạn", "soạn thảo", "phát hành", "phát động", "kiện toàn", "thẩm định", "hoàn thiện",
    "thống kê", "chuyển", "tiếp thu", "giới thiệu", "hưởng ứng", "đăng tải", "tuyên dương", "sửa đổi", "xác minh",
    "quản lý", "sử dụng", "nhận", "bàn giao", "mời", "chịu", "thông tin", "truyền thông", "vận hành", "ứng dụng",
    "cung cấp", "đón", "thăm", "tặng", "trao", "vinh danh", "lựa chọn", "rà soát", "dự kiến", "sẽ", "được",
    "thực thi", "giải quyết", "can thiệp", "tư vấn", "hỗ trợ", "xét", "công nhận",
    "là", "chấm", "công bố", "xét chọn", "đăng cai", "bầu", "thông báo", "yêu cầu", "quy định", "kết luận",
    "phụ trách", "duyệt", "trình", "tự kiểm tra", "đăng ký", "trao đổi", "họp",
    // Adverbs that open a predicate ("Bộ Xây dựng khẩn trương rà soát …", "… nếu cơ quan khai
    // thác không khắc phục được …").
    "khẩn trương", "kịp thời", "không", "khắc phục",
];

/// Capitalised words that begin a sentence about a thing, not an office ("Thời hạn gửi: …",
/// "Lễ tổng kết …", "Hội nghị …"), folded.
const NOT_OFFICES: &[&str] = &[
    "thoi han", "thoi gian", "le", "hoi nghi", "hoi thi", "hoi thao", "cuoc thi", "bai", "bao cao", "so lieu", "ke hoach",
    "noi dung", "kinh phi", "dia diem", "doi tuong", "hinh thuc", "moi", "chi tiet", "truong hop", "ngay", "thang", "nam",
    "dai hoi", "tai lieu", "de an", "chuong trinh", "van ban", "ho so", "danh sach", "bieu mau", "phong trao", "hoat dong",
    "viec", "trach nhiem", "ket qua", "san pham", "quy", "tien do", "muc tieu", "yeu cau", "nhiem vu", "giai phap", "phuong thuc",
    // Words of a deadline phrase or of a document's name at the head of a sentence.
    "cham nhat", "qua", "truoc", "sau", "trong", "den", "tu", "vao", "han", "bien ban", "phieu", "du thao", "to trinh",
    "bang", "mau", "de cuong", "hang thang", "hang quy", "hang nam", "dinh ky", "khi", "neu",
];

/// Verbs that are also nouns ("lãnh đạo các sở", "tổ chức Đảng"): a verb only when not after a
/// determiner or conjunction and not before an organisation word.
const NOUN_LIKE: &[&str] = &[
    "tổ chức", "lãnh đạo", "chỉ đạo", "báo cáo", "giám sát", "kiểm tra", "tuyên truyền", "hướng dẫn", "định kỳ", "đánh giá",
    "quản lý", "thông tin", "truyền thông", "tư vấn", "hỗ trợ", "ứng dụng", "thông báo", "yêu cầu", "quy định", "kết luận",
];
const NOUN_BEFORE: &[&str] = &[
    "các", "và", "những", "sự", "của", "việc", "cơ", "tác", "hoặc", "là", "một", "mọi", "với",
    // A group named after its work: "đoàn kiểm tra", "tổ công tác", "ban chỉ đạo".
    "đoàn", "tổ", "nhóm", "ban",
];
const ORG_AFTER: &[&str] = &["dang", "chinh", "doan", "hoi", "co", "xa", "thanh", "nha"];

/// Words an organisation's name may start with when not capitalised.
const ORG_START: &[&str] = &["cac", "cap", "don", "co", "to", "hoi", "ban", "so", "dang", "chi", "doan", "cong", "lien", "nguoi", "moi", "tat", "huyen", "tinh", "thanh", "thi", "xa", "lanh", "uy", "ubnd", "mat", "van"];

/// Lowercase original text of a token.
fn lower(p: &Para, t: &Tok) -> String {
    p.chars[t.start..t.end].iter().flat_map(|c| c.to_lowercase()).collect()
}

/// Whether the words `phrase` (lowercase, with diacritics) start at token `i`.
pub(crate) fn exact_at(p: &Para, toks: &[Tok], i: usize, phrase: &str) -> bool {
    phrase.split(' ').enumerate().all(|(k, w)| toks.get(i + k).is_some_and(|t| t.kind == Kind::Word && lower(p, t) == w))
}

/// The verb starting at token `i`, with its length in tokens.
pub(crate) fn verb_at(p: &Para, toks: &[Tok], i: usize) -> Option<usize> {
    verb_at_case(p, toks, i, false)
}

/// As [`verb_at`]; `allow_upper` for the first word of a sentence ("Tổ chức quán triệt …").
pub(crate) fn verb_at_case(p: &Para, toks: &[Tok], i: usize, allow_upper: bool) -> Option<usize> {
    let t = toks.get(i)?;
    if t.kind != Kind::Word || t.upper && !allow_upper {
        return None;
    }
    let first = lower(p, t);
    for verb in VERBS {
        let words: Vec<&str> = verb.split(' ').collect();
        if words[0] != first {
            continue;
        }
        let all = words.iter().enumerate().all(|(k, w)| toks.get(i + k).is_some_and(|t| t.kind == Kind::Word && lower(p, t) == *w));
        if !all {
            continue;
        }
        // "người ứng cử", "Ủy ban bầu cử", "Tổ bầu cử", "cử tri": nouns inside a name.
        if *verb == "cử" && i > 0 && ["ứng", "bầu", "tuyển", "đề"].contains(&lower(p, &toks[i - 1]).as_str())
            || *verb == "cử" && toks.get(i + 1).is_some_and(|n| n.kind == Kind::Word && lower(p, n) == "tri")
            || *verb == "bầu" && toks.get(i + 1).is_some_and(|n| n.kind == Kind::Word && lower(p, n) == "cử")
        {
            continue;
        }
        if NOUN_LIKE.contains(verb) {
            let before = i.checked_sub(1).map(|k| &toks[k]);
            let after = toks.get(i + words.len());
            let noun_before = before.is_some_and(|b| b.is_punct(',') || b.kind == Kind::Word && NOUN_BEFORE.contains(&lower(p, b).as_str()));
            let org_after = after.is_some_and(|a| a.kind == Kind::Word && ORG_AFTER.contains(&a.text.as_str()) && (a.upper || a.text == "dang" || a.text == "chinh" || a.text == "doan"));
            if noun_before || org_after {
                continue;
            }
        }
        return Some(words.len());
    }
    None
}

/// Whether token `i` can begin an organisation's name, or a role's ("đồng chí Phó Chủ tịch",
/// "chuyên viên Văn phòng").
pub(crate) fn org_start(toks: &[Tok], i: usize) -> bool {
    toks.get(i).is_some_and(|t| t.kind == Kind::Word && (t.upper || ORG_START.contains(&t.text.as_str())))
        || ["dong chi", "chuyen vien", "can bo", "chu quan", "chu dau tu", "giam doc", "giao vu"].iter().any(|w| words_at(toks, i, w))
}

/// Whether token `i` begins the name of a thing, a meeting or a document rather than an office
/// ("Hội nghị hiệp thương lần thứ hai", "Thời gian: …", "Biên bản …").
pub(crate) fn not_office(toks: &[Tok], i: usize) -> bool {
    NOT_OFFICES.iter().any(|w| words_at(toks, i, w) && !words_at(toks, i, "quy dinh"))
}

/// Lead-ins before the subject: "Căn cứ …, ", "Giao ", "Đề nghị ", "Yêu cầu ".
fn subject_start(toks: &[Tok], from: usize, to: usize) -> Option<usize> {
    // A topic first: "Về dự án …: Bộ Xây dựng khẩn trương …", "Về đề nghị …: giao Bộ Tài chính
    // chủ trì …", "Đối với nội dung vượt thẩm quyền, đề xuất …" (no subject of its own).
    if words_at(toks, from, "ve") && !words_at(toks, from, "ve viec") || words_at(toks, from, "doi voi") {
        // The first colon (or comma after "Đối với") followed by who acts, else the first one:
        // "Về tổ chức bộ máy: tăng số cấp phó …: giao Sở Nội vụ chủ trì …".
        let colon_only = words_at(toks, from, "ve");
        let ends: Vec<usize> = (from + 1..to).filter(|&k| toks[k].is_punct(':') || !colon_only && toks[k].is_punct(',')).collect();
        let first = *ends.first()?;
        let acts = ends.iter().find_map(|&c| subject_start(toks, c + 1, to).filter(|&s| org_start(toks, s) && !not_office(toks, s)));
        return acts.or_else(|| subject_start(toks, first + 1, to));
    }
    // Also a deadline or circumstance first: "Chậm nhất ngày 20/6, Hội LHPN các huyện gửi …",
    // "Qua kiểm tra, các đoàn …", "Sau Đại hội 05 ngày, …".
    let lead = [
        "can cu", "tren co so", "dua vao", "theo", "thuc hien", "de", "do", "vi", "nham", "sau khi", "truoc khi", "trong qua trinh",
        "cham nhat", "truoc", "sau", "qua", "trong", "den", "tu", "ngay", "hang thang", "hang quy", "hang nam", "dinh ky", "khi", "neu",
        // A condition: "Trong trường hợp … theo Điểm a, Khoản 1 Điều này, chủ quản dữ liệu … phải …".
        "trong truong hop", "truong hop",
    ];
    // "đề nghị" is no "để": the one asked follows.
    let asks = ["de nghi", "giao cho", "yeu cau", "phan cong"].iter().any(|l| words_at(toks, from, l));
    if !asks && lead.iter().any(|l| words_at(toks, from, l)) {
        // The subject begins after the comma that is followed by an organisation.
        let mut k = from;
        while k + 1 < to {
            // "Từ ngày 04/02/2026: Ban Thường trực … họp …": a colon ends the lead-in too.
            // A part of a document cited in the lead-in ("theo Điểm a, Khoản 1 Điều này, …") is no office.
            let cited_part = ["khoan", "diem", "dieu", "muc", "chuong"].iter().any(|w| toks.get(k + 1).is_some_and(|t| t.is(w)));
            if (toks[k].is_punct(',') || toks[k].is_punct(':')) && org_start(toks, k + 1) && !toks[k + 1].is("ngay") && !cited_part {
                return Some(k + 1);
            }
            k += 1;
        }
        return None;
    }
    for l in ["giao cho", "de nghi", "yeu cau", "phan cong cho", "phan cong", "giao"] {
        if words_at(toks, from, l) {
            return Some(from + l.split(' ').count());
        }
    }
    Some(from)
}

/// The subject (who) of the sentence starting at token `from` (up to `to`): tokens `[s, e)`.
pub(crate) fn subject(p: &Para, toks: &[Tok], from: usize, to: usize) -> Option<(usize, usize)> {
    // A list marker first ("2-", "a)", "-").
    let mut from = from;
    if toks.get(from).is_some_and(|t| t.kind == Kind::Punct && (t.is_punct('-') || t.is_punct('+') || t.is_punct('•'))) {
        from += 1;
    } else if toks.get(from).is_some_and(|t| t.kind == Kind::Num || t.kind == Kind::Word && t.text.chars().count() <= 4 && !t.space_before || t.text.chars().count() == 1)
        && toks.get(from + 1).is_some_and(|t| [".", "-", ")", "/"].contains(&t.text.as_str()) && !t.space_before)
        && toks.get(from + 2).is_some_and(|t| t.space_before)
    {
        from += 2;
    }
    let mut s = subject_start(toks, from, to)?;
    // "Giáo vụ có trách nhiệm …" is no "Giao …" (folding makes them one word).
    if s == from + 1 && exact_at(p, toks, from, "giáo") {
        s = from;
    }
    // "Báo cáo tháng: Hội LHPN các huyện gửi …": the subject follows a short label.
    if let Some(c) = (s..to.min(s + 9)).find(|k| toks[*k].is_punct(':'))
        && org_start(toks, c + 1)
        && !(toks[s].is("cac") && c - s <= 3)
        && toks[s..c].iter().all(|t| t.kind != Kind::Punct || t.is_punct(',') || t.is_punct('(') || t.is_punct(')'))
    {
        s = c + 1;
    }
    if !org_start(toks, s) || NOT_OFFICES.iter().any(|w| words_at(toks, s, w) && !words_at(toks, s, "quy dinh")) {
        return None;
    }
    let mut k = s;
    let mut restarts = 0;
    while k < to && k < s + 50 {
        let t = &toks[k];
        // "Ban Tuyên giáo: xây dựng báo cáo …": an office named before a colon.
        if t.is_punct(':') && k > s && k - s <= 12 && verbless(p, toks, s, k) && !org_start(toks, k + 1) {
            return Some((s, k));
        }
        // "các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội tổ chức …":
        // a colon opening the list of a plural name.
        if t.is_punct(':') && toks[s].is("cac") && k - s <= 3 && org_start(toks, k + 1) {
            k += 1;
            continue;
        }
        if t.is_punct('.') || t.is_punct(';') || t.is_punct(':') {
            return None;
        }
        // "Ban Thường vụ đề nghị Hội LHPN các huyện gửi …": the one asked is the subject.
        let asks = ["đề nghị", "yêu cầu", "giao cho", "giao", "phân công"].iter().find(|w| exact_at(p, toks, k, w));
        if let (true, Some(w)) = (k > s && restarts < 2 && !t.upper, asks) {
            let len = w.split(' ').count();
            if org_start(toks, k + len) {
                restarts += 1;
                s = k + len;
                k = s;
                continue;
            }
        }
        if k > s && verb_at(p, toks, k).is_some() {
            // "Giảng viên chấm bài thu hoạch có trách nhiệm nộp …": a short relative clause inside
            // the name, the predicate is "có / chịu trách nhiệm" a few words on.
            let duty = (k + 1..(k + 7).min(to)).find(|&q| {
                (exact_at(p, toks, q, "có trách nhiệm") || exact_at(p, toks, q, "chịu trách nhiệm"))
                    && toks[k..q].iter().all(|t| t.kind == Kind::Word)
            });
            let k = duty.unwrap_or(k);
            let mut e = k;
            while e > s && toks[e - 1].kind == Kind::Punct && !toks[e - 1].is_punct(')') {
                e -= 1;
            }
            return (e > s).then_some((s, e));
        }
        if k == s && verb_at_case(p, toks, k, true).is_some() {
            return None;
        }
        k += 1;
    }
    None
}

/// Whether tokens `[from, to)` hold no verb at all (a heading naming only an office).
pub(crate) fn verbless(p: &Para, toks: &[Tok], from: usize, to: usize) -> bool {
    (from..to).all(|k| verb_at_case(p, toks, k, k == from).is_none())
}

/// Whether tokens `[from, to)` contain one of `phrases` (folded).
pub(crate) fn contains(toks: &[Tok], from: usize, to: usize, phrases: &[&str]) -> Option<usize> {
    (from..to).find(|k| phrases.iter().any(|ph| words_at(toks, *k, ph) && *k + ph.split(' ').count() <= to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::{Source, tokenize};

    fn subj(text: &str) -> Option<String> {
        let src = Source::new(text);
        let p = Para::from_ranges(&src, &[src.trimmed(0)]);
        let toks = tokenize(&p.chars, &p.folded);
        subject(&p, &toks, 0, toks.len()).map(|(s, e)| p.slice(toks[s].start, toks[e - 1].end))
    }

    #[test]
    fn subjects_end_at_the_first_verb() {
        assert_eq!(subj("Ban Tuyên giáo Tỉnh ủy chỉ đạo đẩy mạnh công tác").as_deref(), Some("Ban Tuyên giáo Tỉnh ủy"));
        assert_eq!(subj("Ban Tổ chức Tỉnh ủy chủ trì, phối hợp").as_deref(), Some("Ban Tổ chức Tỉnh ủy"));
        assert_eq!(
            subj("Căn cứ Chỉ thị 21-CT/TW và Kế hoạch này, các huyện ủy, thị ủy và lãnh đạo các sở, ban, ngành, Mặt trận Tổ quốc và các đoàn thể tỉnh tổ chức quán triệt").as_deref(),
            Some("các huyện ủy, thị ủy và lãnh đạo các sở, ban, ngành, Mặt trận Tổ quốc và các đoàn thể tỉnh")
        );
        assert_eq!(
            subj("Các cấp ủy, tổ chức Đảng, chính quyền, Mặt trận Tổ quốc và tổ chức chính trị - xã hội các cấp tổ chức học tập").as_deref(),
            Some("Các cấp ủy, tổ chức Đảng, chính quyền, Mặt trận Tổ quốc và tổ chức chính trị - xã hội các cấp")
        );
        assert_eq!(subj("Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo đảm bảo").as_deref(), Some("Ban cán sự đảng Ủy ban nhân dân tỉnh"));
        assert_eq!(subj("Tổ chức quán triệt sâu sắc Chỉ thị"), None);
        assert_eq!(subj("Giao Ban Tuyên giáo chủ trì").as_deref(), Some("Ban Tuyên giáo"));
    }
}
