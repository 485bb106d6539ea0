//! "Soạn báo cáo": the Word skeleton of the report an office owes for a deadline. The heading
//! block names the office above and ours; the trích yếu says what the report is about and which
//! plan asked for it; the body has the outline's headings, each with its notes and room to write;
//! the report goes to the office the task names (or the plan's issuer), and is signed as the office
//! signs its own documents.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklists::place_of;
use crate::compose::heading::{self, Style, Top};
use crate::compose::{cited, period_words};
use crate::docx::{Run, WordDocument, write_docx};
use crate::error::{Error, Result};
use crate::ids::InstanceId;
use crate::model::outlines::ReportOutline;
use crate::store::{self, Store};
use crate::text::{clean, fold};

/// How the report is headed: quốc hiệu and tiêu ngữ (state bodies, the Women's Union, the
/// Fatherland Front) or "ĐẢNG CỘNG SẢN VIỆT NAM" (Party committees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReportStyle {
    State,
    Party,
}

/// What the person drafting may say; everything has a default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SkeletonOptions {
    /// The heading style; by the office's name when absent ("Huyện ủy …" is a Party office).
    pub style: Option<ReportStyle>,
    /// Who signs, and their title ("TM. BAN THƯỜNG VỤ\nCHỦ TỊCH"); as the office's latest
    /// document is signed when absent.
    pub signer: Option<String>,
    pub signer_title: Option<String>,
    /// The date of the report; the day and month are left blank to fill in when absent.
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
}

/// A skeleton written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SkeletonSaved {
    pub path: String,
    /// The headings came from the deadline's outline (else the parts every report has).
    pub outline_from_plan: bool,
    #[ts(type = "number")]
    pub headings: usize,
}

/// Everything the skeleton prints, gathered from the store.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub style: Style,
    pub parent: String,
    pub office: String,
    pub number_line: String,
    pub place_date: String,
    pub title: String,
    pub opening: String,
    pub outline: ReportOutline,
    /// The outline is the deadline's own (else the standard one).
    pub outline_given: bool,
    pub recipients: Vec<String>,
    pub signer_title: String,
    pub signer: String,
}

/// Dots to write on.
const ROOM: &str = "…………………………………………………………………";

/// Lays the skeleton out.
pub(crate) fn build(f: &Facts) -> WordDocument {
    let mut doc = WordDocument::new(format!("Báo cáo {}", f.title));
    heading::top(
        &mut doc,
        &Top {
            style: f.style,
            parent: f.parent.clone(),
            office: f.office.clone(),
            number_line: f.number_line.clone(),
            place_date: f.place_date.clone(),
            kind: "BÁO CÁO".into(),
            title: f.title.clone(),
        },
    );
    doc.push(heading::body(vec![Run::new(&f.opening)]));
    for note in &f.outline.notes {
        doc.push(heading::body(vec![Run::new(format!("({note})")).italic()]));
    }
    for h in &f.outline.headings {
        doc.push(heading::heading(h));
        for note in &h.notes {
            doc.push(heading::body(vec![Run::new(format!("({note})")).italic()]));
        }
        doc.push(heading::body(vec![Run::new(ROOM)]));
    }
    heading::bottom(&mut doc, f.style, &f.recipients, &f.signer_title, &f.signer);
    doc
}

/// Whether the office is a Party committee by its name.
pub(crate) fn party_office(name: &str) -> bool {
    let f = fold(name);
    ["dang uy", "huyen uy", "tinh uy", "thanh uy", "quan uy", "thi uy", "chi bo", "dang bo", "ban tuyen giao", "ban dan van"]
        .iter()
        .any(|w| f.starts_with(w))
}

/// The first letter of a plan title made to follow "Kết quả …" ("Tổng kết 5 năm …" → "tổng kết 5
/// năm …"); an abbreviation stays as it is.
fn continuing(title: &str) -> String {
    let first = title.split_whitespace().next().unwrap_or_default();
    let mut chars = first.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && chars.clone().all(|c| !c.is_uppercase()) && first.chars().count() > 1 => {
            c.to_lowercase().chain(title.chars().skip(1)).collect()
        }
        _ => title.to_string(),
    }
}

/// The issuer of a plan as a sentence names it: "Ban Thường vụ Hội LHPN tỉnh Lai Châu", from the
/// issuer as printed (often in capitals, on two lines) and the office that owns the plan.
fn issuer_words(issuer: &str, owner_name: &str) -> String {
    let issuer = issuer.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>();
    if issuer.iter().any(|l| l.chars().any(char::is_lowercase)) {
        return issuer.join(" ");
    }
    let last = issuer.last().map(|l| fold(l)).unwrap_or_default();
    match last.as_str() {
        "ban thuong vu" => format!("Ban Thường vụ {owner_name}"),
        "ban chap hanh" => format!("Ban Chấp hành {owner_name}"),
        "thuong truc" => format!("Thường trực {owner_name}"),
        "doan chu tich" => format!("Đoàn Chủ tịch {owner_name}"),
        _ => owner_name.to_string(),
    }
}

impl Store {
    /// The skeleton of the report due for `instance`, one of this office's deadlines.
    pub fn report_skeleton(&self, instance: InstanceId, options: &SkeletonOptions, today: NaiveDate) -> Result<WordDocument> {
        Ok(build(&self.skeleton_facts(instance, options, today)?))
    }

    /// [`Store::report_skeleton`] written to `path` as a `.docx`.
    pub fn save_report_skeleton(&self, instance: InstanceId, options: &SkeletonOptions, today: NaiveDate, path: &Path) -> Result<SkeletonSaved> {
        let facts = self.skeleton_facts(instance, options, today)?;
        let bytes = write_docx(&build(&facts))?;
        std::fs::write(path, bytes).map_err(|e| Error::io(path, e))?;
        Ok(SkeletonSaved {
            path: path.display().to_string(),
            outline_from_plan: facts.outline_given,
            headings: facts.outline.headings.len(),
        })
    }

    fn skeleton_facts(&self, instance: InstanceId, options: &SkeletonOptions, today: NaiveDate) -> Result<Facts> {
        let own = self.require_own_office()?;
        let item = self.deadline_item(instance, today)?;
        if item.office_id != own.id {
            return Err(Error::invalid(format!(
                "Hạn này là của «{}»: chỉ soạn được báo cáo cho hạn của đơn vị mình.",
                item.office_name
            )));
        }
        let parent = own.parent_id.map(|id| self.get_office(id)).transpose()?;
        let plan = self.get_document(item.document_id)?;
        let task = self.get_task(item.task_id)?;
        let plan_owner = self.get_office(plan.owner_office_id)?;
        let report_to = match task.report_to_office_id {
            Some(id) if id != own.id => self.get_office(id)?,
            _ => plan_owner.clone(),
        };
        let given = store::tasks::rule_outline(&self.conn, item.rule_id)?;
        let outline_given = given.is_some();
        let outline = given.unwrap_or_else(ReportOutline::standard);
        let signed = store::documents::latest_signature(&self.conn, own.id)?;
        let style = match options.style {
            Some(ReportStyle::Party) => Style::Party,
            Some(ReportStyle::State) => Style::State,
            None if signed.as_ref().is_some_and(|s| s.3 == "party") || party_office(&own.name) => Style::Party,
            None => Style::State,
        };
        // "BC-HPN": the report's symbol after the office's own ("KH-HPN" → "HPN").
        let issuer_part = signed
            .as_ref()
            .and_then(|(_, _, symbol, style)| {
                let sep = if style == "party" { '/' } else { '-' };
                symbol.split_once(sep).map(|(_, t)| t.trim().to_string())
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| own.code.clone());
        let number_line = match style {
            Style::State => format!("Số:        /BC-{issuer_part}"),
            Style::Party => format!("Số        -BC/{issuer_part}"),
        };
        let place = place_of(&own.name);
        let place_date = match options.date {
            Some(d) => crate::pdf::place_date_line(&place, d),
            None => format!("{place}, ngày      tháng      năm {}", today.year()),
        };
        let plan_cited = cited(plan.kind.info().name, &plan.number, &plan.symbol, plan.number_style, plan.issued_on);
        let issuer = issuer_words(&plan.issuer, &plan_owner.name);
        let period = period_words(&item.period);
        let subject = if period.is_empty() || fold(&plan.title).contains(&fold(&period)) {
            continuing(&plan.title)
        } else {
            format!("{} ({period})", continuing(&plan.title))
        };
        let title = format!("Kết quả {subject} theo {plan_cited} của {issuer}");
        let opening = format!(
            "Thực hiện {plan_cited} của {issuer} về {}, {} báo cáo kết quả {} như sau:",
            continuing(&plan.title),
            own.name,
            if period.is_empty() { "thực hiện".to_string() } else { format!("thực hiện {period}") }
        );
        let (signer, signer_title) = match (&options.signer, &options.signer_title, &signed) {
            (Some(s), Some(t), _) => (clean(s), clean(t)),
            (s, t, Some((ls, lt, _, _))) => (s.as_deref().map_or_else(|| ls.clone(), clean), t.as_deref().map_or_else(|| lt.clone(), clean)),
            (s, t, None) => (s.as_deref().map(clean).unwrap_or_default(), t.as_deref().map(clean).unwrap_or_else(|| "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH".into())),
        };
        let kept = if style == Style::Party { "Lưu Văn phòng" } else { "Lưu: VT" };
        let recipients = vec![format!("{} (để báo cáo)", report_to.name), kept.to_string()];
        Ok(Facts {
            style,
            parent: parent.map(|p| p.name.to_uppercase()).unwrap_or_default(),
            office: own.name.to_uppercase(),
            number_line,
            place_date,
            title,
            opening,
            outline,
            outline_given,
            recipients,
            signer_title,
            signer,
        })
    }
}

/// Whether a line is the room left to write in (dots only): a skeleton not written in.
pub(crate) fn is_room(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '…' | '.' | ' ' | '\u{a0}' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_the_trich_yeu() {
        assert_eq!(continuing("Tổng kết 5 năm thực hiện Chỉ thị"), "tổng kết 5 năm thực hiện Chỉ thị");
        assert_eq!(continuing("HĐND các cấp"), "HĐND các cấp");
        assert_eq!(issuer_words("HỘI LHPN TỈNH LAI CHÂU\nBAN THƯỜNG VỤ", "Hội LHPN tỉnh Lai Châu"), "Ban Thường vụ Hội LHPN tỉnh Lai Châu");
        assert_eq!(issuer_words("Ban Thường vụ Hội LHPN tỉnh", "Hội LHPN tỉnh Lai Châu"), "Ban Thường vụ Hội LHPN tỉnh");
        assert!(party_office("Huyện ủy Tam Đường") && !party_office("Hội LHPN huyện Tam Đường"));
    }
}
