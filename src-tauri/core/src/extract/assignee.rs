//! Matching an assignee phrase of a plan ("Hội LHPN các huyện, thị xã, thành phố", "huyện Tam
//! Đường") to the office tree: a plural level phrase becomes a level assignee under our office,
//! a phrase naming one office becomes that office. Accent-insensitive and abbreviation-aware
//! (`LHPN` = Liên hiệp Phụ nữ); a phrase naming another organisation ("Ban Tuyên giáo Tỉnh ủy",
//! "Liên đoàn Lao động các huyện") matches nothing rather than the wrong office.

use std::collections::HashSet;

use crate::offices::{LevelName, Office};
use crate::plans::PlanAssignee;
use crate::text::fold;

/// Abbreviations expanded before comparing (folded).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("lhpn", "lien hiep phu nu"),
    ("hlhpn", "hoi lien hiep phu nu"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("ldld", "lien doan lao dong"),
    ("mttq", "mat tran to quoc"),
    ("bch", "ban chap hanh"),
    ("btv", "ban thuong vu"),
    ("tp", "thanh pho"),
    ("tx", "thi xa"),
];

/// Words that say "several" or "every".
const PLURAL: &[&str] = &["cac", "tat ca", "moi", "toan the"];

/// Synonyms of a level name's word (folded).
fn level_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for part in fold(name).split(['/', ',', '-']) {
        let part = part.trim().to_string();
        if part.is_empty() {
            continue;
        }
        let extra: &[&str] = match part.as_str() {
            "huyen" => &["quan", "thi xa", "thanh pho"],
            "xa" | "phuong" => &["xa", "phuong", "thi tran", "co so"],
            "tinh" => &["tinh"],
            "chi hoi" => &["to hoi"],
            _ => &[],
        };
        words.push(part);
        words.extend(extra.iter().map(|s| s.to_string()));
    }
    words.sort();
    words.dedup();
    words
}

/// Folded, abbreviations expanded, punctuation as spaces, one space between words.
fn normalise(text: &str) -> Vec<String> {
    let folded: String = fold(text).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut out = Vec::new();
    for w in folded.split_whitespace() {
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.extend(full.split(' ').map(str::to_string)),
            None => out.push(w.to_string()),
        }
    }
    out
}

fn find_seq(words: &[String], seq: &str) -> Option<usize> {
    let seq: Vec<&str> = seq.split(' ').collect();
    (0..words.len()).find(|i| words.len() >= i + seq.len() && seq.iter().enumerate().all(|(k, w)| words[i + k] == *w))
}

/// The office above which a level assignee sits: our own office or its nearest ancestor above
/// `level`; without an own office, the single highest office above `level`.
fn under_for(level: u8, offices: &[Office]) -> Option<&Office> {
    if let Some(own) = offices.iter().find(|o| o.is_own) {
        let mut cur = Some(own);
        while let Some(o) = cur {
            if o.level < level {
                return Some(o);
            }
            cur = o.parent_id.and_then(|p| offices.iter().find(|x| x.id == p));
        }
        return None;
    }
    let above: Vec<&Office> = offices.iter().filter(|o| o.level < level).collect();
    let top = above.iter().map(|o| o.level).max()?;
    let at: Vec<&&Office> = above.iter().filter(|o| o.level == top).collect();
    (at.len() == 1).then(|| *at[0])
}

/// Titles of people inside an office (folded, abbreviations expanded), longest first.
const ROLE_TITLES: &[&str] = &[
    "pho chu tich thuong truc", "uy vien ban thuong vu", "uy vien thuong vu", "pho chanh van phong", "chanh van phong",
    "pho truong ban", "truong ban", "pho truong phong", "truong phong", "pho chu tich", "chu tich", "pho bi thu", "bi thu",
    "thuong truc", "uy vien", "chuyen vien", "can bo", "ke toan", "van thu", "thu quy", "pho giam doc", "giam doc",
];

/// A role or person inside our own office ("Đồng chí Phó Chủ tịch Thường trực", "Thường trực",
/// "chuyên viên Văn phòng", "Chủ tịch Hội LHPN tỉnh" when that is our office): the role as
/// written, without "đồng chí"/"đ/c". "Thường trực Hội LHPN các huyện" (a level) and "Chủ tịch
/// UBND tỉnh" (another body) are not.
fn role_of(phrase: &str, words: &[String], offices: &[Office]) -> Option<String> {
    let mut at = 0;
    let honorific = if words.len() > 1 && words[0] == "dong" && words[1] == "chi" {
        2
    } else if words.len() > 1 && words[0] == "d" && words[1] == "c" {
        2
    } else {
        0
    };
    at += honorific;
    let title = ROLE_TITLES.iter().find(|t| find_seq(&words[at..], t) == Some(0));
    let rest = match title {
        Some(t) => &words[at + t.split(' ').count()..],
        // "Đồng chí Lò Thị Hà": a person.
        None if honorific > 0 && words.len() > at => &[][..],
        None => return None,
    };
    // "…, phụ trách lĩnh vực Giám sát": the portfolio of the person, not an office.
    let rest = match find_seq(rest, "phu trach") {
        Some(k) => &rest[..k],
        None => rest,
    };
    let own: Vec<String> = offices.iter().find(|o| o.is_own).map(|o| normalise(&o.name)).unwrap_or_default();
    let plural = PLURAL.iter().any(|p| find_seq(rest, p).is_some());
    let staff = title.is_some_and(|t| ["chuyen vien", "can bo", "ke toan", "van thu", "thu quy"].contains(t));
    // The rest names our own office or one of its departments ("Văn phòng", "Ban Tổ chức").
    let inside = rest.is_empty()
        || rest.iter().all(|w| own.contains(w) || ["hoi", "co quan", "co", "quan", "ban", "thuong", "vu", "chap", "hanh"].contains(&w.as_str()))
        || staff;
    if plural || !inside {
        return None;
    }
    // Without "đồng chí"/"đ/c", as written.
    let folded = crate::extract::layout::fold_str(phrase);
    let skip = if honorific == 0 {
        0
    } else {
        ["dong chi", "d/c", "d/ c", "d.c"].iter().find(|h| folded.trim_start().starts_with(*h)).map_or(0, |h| h.chars().count() + (phrase.chars().count() - phrase.trim_start().chars().count()))
    };
    let role: String = phrase.chars().skip(skip).collect::<String>().trim().to_string();
    Some(crate::extract::header::capitalise(&role))
}

/// Matches an assignee phrase to offices of the tree; empty when nothing matches for sure. A
/// role inside our own office is a role assignee.
pub fn match_assignee(phrase: &str, offices: &[Office], levels: &[LevelName]) -> Vec<PlanAssignee> {
    let words = normalise(phrase);
    if words.is_empty() {
        return Vec::new();
    }
    if let Some(role) = role_of(phrase, &words, offices) {
        return vec![PlanAssignee::Role { role }];
    }
    if offices.is_empty() {
        return Vec::new();
    }
    // "Thường trực Hội LHPN các huyện": the standing committees of those offices are the offices.
    let words = match ROLE_TITLES.iter().find(|t| find_seq(&words, t) == Some(0)) {
        Some(t) if words.len() > t.split(' ').count() + 1 => words[t.split(' ').count()..].to_vec(),
        _ => words,
    };
    let joined = words.join(" ");
    // An office named exactly, or by its code.
    for o in offices {
        if normalise(&o.name).join(" ") == joined || o.code.eq_ignore_ascii_case(phrase.trim()) {
            return vec![PlanAssignee::Office { code: o.code.clone() }];
        }
    }
    // The words the tree's names are made of: a phrase with other words names another body.
    let vocabulary: HashSet<String> = offices.iter().flat_map(|o| normalise(&o.name)).collect();
    let mut level_hits: Vec<(u8, usize, usize)> = Vec::new(); // (rank, position, length)
    for l in levels {
        for w in level_words(&l.name) {
            let mut from = 0;
            while let Some(pos) = find_seq(&words[from..], &w).map(|p| p + from) {
                level_hits.push((l.rank, pos, w.split(' ').count()));
                from = pos + 1;
            }
        }
    }
    // "thị xã" is one level word, not "xã": drop hits inside longer ones.
    level_hits.sort_by_key(|(_, pos, len)| (std::cmp::Reverse(*len), *pos));
    let mut kept: Vec<(u8, usize, usize)> = Vec::new();
    for hit in level_hits {
        if !kept.iter().any(|(_, p, l)| hit.1 < p + l && *p < hit.1 + hit.2) {
            kept.push(hit);
        }
    }
    let level_hits = kept;
    let mut covered = vec![false; words.len()];
    for (_, pos, len) in &level_hits {
        for c in covered.iter_mut().skip(*pos).take(*len) {
            *c = true;
        }
    }
    let mut plural_at = None;
    for p in PLURAL {
        if let Some(pos) = find_seq(&words, p) {
            plural_at = Some(plural_at.map_or(pos, |q: usize| q.min(pos)));
            for c in covered.iter_mut().skip(pos).take(p.split(' ').count()) {
                *c = true;
            }
        }
    }
    let all_levels = find_seq(&words, "cac cap").is_some();
    if let Some(pos) = find_seq(&words, "cac cap") {
        covered[pos] = true;
        covered[pos + 1] = true;
    }
    let foreign = words.iter().zip(&covered).any(|(w, c)| !c && !vocabulary.contains(w));

    // A plural level phrase: "Hội LHPN các huyện, thị xã, thành phố", "các cơ sở Hội".
    if plural_at.is_some() && !foreign {
        let own_level = offices.iter().find(|o| o.is_own).map(|o| o.level);
        let mut ranks: Vec<u8> = if all_levels {
            let base = own_level.unwrap_or(0);
            let mut r: Vec<u8> = offices.iter().map(|o| o.level).filter(|l| *l > base).collect();
            r.sort_unstable();
            r.dedup();
            r
        } else {
            let after = plural_at.unwrap_or(0);
            let mut r: Vec<u8> = level_hits.iter().filter(|(_, pos, _)| *pos > after).map(|(rank, _, _)| *rank).collect();
            r.sort_unstable();
            r.dedup();
            r
        };
        ranks.retain(|r| offices.iter().any(|o| o.level == *r));
        let out: Vec<PlanAssignee> = ranks
            .into_iter()
            .filter_map(|rank| under_for(rank, offices).map(|u| PlanAssignee::Level { under: u.code.clone(), level: rank }))
            .collect();
        if !out.is_empty() {
            return out;
        }
    }
    if foreign {
        // Names of places can be foreign words too: try the single-office match on them below.
    }

    // One office by its distinctive words (usually the place: "huyện Tam Đường").
    let counts = |w: &String| offices.iter().filter(|o| normalise(&o.name).contains(w)).count();
    let mut best: Vec<(&Office, usize)> = Vec::new();
    for o in offices {
        let name = normalise(&o.name);
        let distinctive: Vec<&String> = name.iter().filter(|w| offices.len() < 3 || counts(w) * 2 <= offices.len()).collect();
        if distinctive.is_empty() {
            continue;
        }
        let found = distinctive.iter().filter(|w| words.contains(w)).count();
        if found == distinctive.len() {
            // The phrase's other words must belong to the tree's vocabulary (no foreign body).
            let rest_ok = words.iter().all(|w| name.contains(w) || vocabulary.contains(w));
            if rest_ok {
                best.push((o, found));
            }
        }
    }
    if let Some(max) = best.iter().map(|(_, n)| *n).max() {
        let top: Vec<&(&Office, usize)> = best.iter().filter(|(_, n)| *n == max).collect();
        if top.len() == 1 {
            return vec![PlanAssignee::Office { code: top[0].0.code.clone() }];
        }
    }
    // A singular level word with one office at that level: "Tỉnh Hội", "Hội LHPN tỉnh".
    if plural_at.is_none() && !foreign {
        let mut ranks: Vec<u8> = level_hits.iter().map(|(r, _, _)| *r).collect();
        ranks.sort_unstable();
        ranks.dedup();
        if ranks.len() == 1 {
            let at: Vec<&Office> = offices.iter().filter(|o| o.level == ranks[0]).collect();
            if at.len() == 1 {
                return vec![PlanAssignee::Office { code: at[0].code.clone() }];
            }
        }
    }
    Vec::new()
}

/// What the review offers for a phrase, best first: what it matches; else the offices sharing
/// a distinctive word with it, the levels a plural phrase names, and the phrase as a role inside our office
/// ("Ban Tuyên giáo Hội LHPN tỉnh" is a department of ours, not an office of the tree); our own
/// office last. At most six, each once.
pub fn assignee_choices(phrase: &str, offices: &[Office], levels: &[LevelName]) -> Vec<PlanAssignee> {
    let mut out: Vec<PlanAssignee> = match_assignee(phrase, offices, levels);
    let words = normalise(phrase);
    let counts = |w: &String| offices.iter().filter(|o| normalise(&o.name).contains(w)).count();
    for o in offices {
        let name = normalise(&o.name);
        if name.iter().any(|w| words.contains(w) && counts(w) * 2 <= offices.len() && w.len() > 2) {
            out.push(PlanAssignee::Office { code: o.code.clone() });
        }
    }
    let plural = PLURAL.iter().any(|p| find_seq(&words, p).is_some());
    for l in levels.iter().filter(|_| plural) {
        if level_words(&l.name).iter().any(|w| find_seq(&words, w).is_some())
            && let Some(under) = under_for(l.rank, offices)
        {
            out.push(PlanAssignee::Level { under: under.code.clone(), level: l.rank });
        }
    }
    if !plural && !words.is_empty() && words.len() <= 12 {
        let role = role_of(phrase, &words, offices).unwrap_or_else(|| crate::extract::header::capitalise(phrase.trim()));
        out.push(PlanAssignee::Role { role });
    }
    if let Some(own) = offices.iter().find(|o| o.is_own) {
        out.push(PlanAssignee::Office { code: own.code.clone() });
    }
    let mut seen = Vec::new();
    out.retain(|a| {
        let new = !seen.contains(a);
        seen.push(a.clone());
        new
    });
    out.truncate(6);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::province;

    #[test]
    fn level_phrases_become_level_assignees_under_our_office() {
        let (_dir, store) = province();
        let offices = store.list_offices().expect("offices");
        let levels = store.office_levels().expect("levels");
        let m = |p: &str| match_assignee(p, &offices, &levels);
        let districts = vec![PlanAssignee::Level { under: "LCU".into(), level: 2 }];
        assert_eq!(m("Hội LHPN các huyện, thị xã, thành phố"), districts);
        assert_eq!(m("Hội Liên hiệp Phụ nữ các huyện"), districts);
        assert_eq!(m("các huyện, thành phố"), districts);
        assert_eq!(m("Hội LHPN các xã, phường"), vec![PlanAssignee::Level { under: "LCU".into(), level: 3 }]);
        assert_eq!(
            m("Hội LHPN các cấp"),
            vec![PlanAssignee::Level { under: "LCU".into(), level: 2 }, PlanAssignee::Level { under: "LCU".into(), level: 3 }]
        );
    }

    #[test]
    fn single_offices_by_name_code_or_place() {
        let (_dir, store) = province();
        let offices = store.list_offices().expect("offices");
        let levels = store.office_levels().expect("levels");
        let m = |p: &str| match_assignee(p, &offices, &levels);
        let tdg = vec![PlanAssignee::Office { code: "TDG".into() }];
        assert_eq!(m("Hội LHPN huyện Tam Đường"), tdg);
        assert_eq!(m("Hội Liên hiệp Phụ nữ huyện Tam Đường"), tdg);
        assert_eq!(m("hoi lhpn huyen tam duong"), tdg);
        assert_eq!(m("huyện Tam Đường"), tdg);
        assert_eq!(m("TDG"), tdg);
        assert_eq!(m("Hội LHPN tỉnh"), vec![PlanAssignee::Office { code: "LCU".into() }]);
        assert_eq!(m("Hội LHPN xã Bình Lư"), vec![PlanAssignee::Office { code: "BLU".into() }]);
    }

    #[test]
    fn choices_offer_an_office_a_level_and_a_role() {
        let (_dir, store) = province();
        let offices = store.list_offices().expect("offices");
        let levels = store.office_levels().expect("levels");
        let c = |p: &str| assignee_choices(p, &offices, &levels);
        let own = PlanAssignee::Office { code: "LCU".into() };
        // A department of ours: a role inside our office, or the office itself.
        let dept = c("Ban Tuyên giáo Hội LHPN tỉnh");
        assert!(dept.contains(&PlanAssignee::Role { role: "Ban Tuyên giáo Hội LHPN tỉnh".into() }) && dept.contains(&own), "{dept:?}");
        // A matched phrase comes first.
        assert_eq!(c("Hội LHPN huyện Tam Đường")[0], PlanAssignee::Office { code: "TDG".into() });
        let districts = PlanAssignee::Level { under: "LCU".into(), level: 2 };
        assert!(c("Hội Nông dân các huyện").contains(&districts));
        assert!(!c("Hội Nông dân các huyện").iter().any(|a| matches!(a, PlanAssignee::Role { .. })), "a plural phrase is no role");
    }

    #[test]
    fn other_organisations_match_nothing() {
        let (_dir, store) = province();
        let offices = store.list_offices().expect("offices");
        let levels = store.office_levels().expect("levels");
        let m = |p: &str| match_assignee(p, &offices, &levels);
        assert!(m("Ban Tuyên giáo Tỉnh ủy").is_empty());
        assert!(m("Liên đoàn Lao động các huyện, Thành phố").is_empty());
        assert!(m("các huyện ủy, thị ủy, thành ủy").is_empty());
        assert!(m("Sở Lao động - Thương binh và Xã hội").is_empty());
    }
}
