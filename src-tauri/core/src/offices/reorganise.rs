//! Reorganising the office tree as the 2025 reform did: rename, move, merge, dissolve and close
//! offices. Each change is one transaction, previewed first by the same run rolled back, so the
//! preview says exactly what applying does. Records stay with the office as it was: past periods,
//! reports and receipts keep their office; an office that closed is not expected to report after
//! its closing day, and the one that inherits from it ("kế thừa") gets those deadlines instead
//! (derived ids, so none is doubled). The changed office records travel in the next bundles.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::deadlines::instances::{Rebuild, rebuild_rules};
use crate::error::{Error, Result};
use crate::ids::OfficeId;
use crate::model::offices::{Office, OfficeInput, Reorganisation, ReorganisationOutcome};
use crate::offices::validated_office;
use crate::store::{self, Store};

/// One write of a reorganisation.
enum Step {
    Rename { office: Office, code: String, name: String, from: NaiveDate },
    Parent { office: OfficeId, parent: OfficeId },
    Close { office: OfficeId, from: NaiveDate, successor: Option<OfficeId> },
}

fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

impl Store {
    /// What an office that no longer exists is told at start: since when, who inherits its work,
    /// and what to do with this machine.
    pub fn closed_notice(&self, today: NaiveDate) -> Result<Option<String>> {
        let Some(own) = self.own_office()? else { return Ok(None) };
        let Some(closed) = own.closed_on.filter(|closed| *closed <= today) else { return Ok(None) };
        let successor = own.successor_id.map(|id| self.get_office(id)).transpose()?;
        Ok(Some(match successor {
            Some(heir) => format!(
                "«{}» đã sáp nhập vào «{}» từ ngày {}. Sổ vẫn giữ dữ liệu cũ để tra cứu, nhưng không có hạn mới. Hãy gửi gói cuối cùng lên cấp trên, rồi chuyển USB và máy này cho «{}».",
                own.name, heir.name, day(closed), heir.name
            ),
            None => format!(
                "«{}» không còn từ ngày {} (giải thể hoặc đóng theo quyết định của cấp trên). Sổ vẫn giữ dữ liệu cũ để tra cứu, nhưng không có hạn mới. Hãy gửi gói cuối cùng lên cấp trên; các đơn vị cấp dưới từ nay trao đổi trực tiếp với cấp trên.",
                own.name, day(closed)
            ),
        }))
    }

    /// The former names of an office, oldest first: (code, name, the first day of the next name).
    pub fn former_names(&self, office: OfficeId) -> Result<Vec<(String, String, NaiveDate)>> {
        store::offices::former_names(&self.conn, office)
    }

    /// Previews (`apply` false) or applies a reorganisation; refused with a Vietnamese reason,
    /// changing nothing, when it is not allowed.
    pub fn reorganise(&mut self, change: &Reorganisation, apply: bool) -> Result<ReorganisationOutcome> {
        let (steps, mut changes) = self.plan(change)?;
        let horizon = self.instances_horizon()?;
        let now = store::now();
        let tx = self.conn.transaction()?;
        let before = store::offices::open_deadlines(&tx)?;
        let seq = store::next_change_seq(&tx)?;
        for step in &steps {
            match step {
                Step::Rename { office, code, name, from } => {
                    store::offices::keep_former_name(&tx, office.id, &office.code, &office.name, *from)?;
                    let renamed = Office { code: code.clone(), name: name.clone(), ..office.clone() };
                    store::offices::update(&tx, &renamed, &now, seq)?;
                }
                Step::Parent { office, parent } => store::offices::set_parent(&tx, *office, Some(*parent), &now, seq)?,
                Step::Close { office, from, successor } => store::offices::close(&tx, *office, *from, *successor, &now, seq)?,
            }
        }
        rebuild_rules(&tx, Rebuild::AssignedByLevel, horizon, &mut |_| Ok(()))?;
        let after = store::offices::open_deadlines(&tx)?;
        let offices: BTreeSet<OfficeId> = before.keys().chain(after.keys()).copied().collect();
        let (mut closed, mut inherited) = (0, 0);
        for office in offices {
            let (was, now) = (before.get(&office).copied().unwrap_or(0), after.get(&office).copied().unwrap_or(0));
            let name = crate::offices::name_of(&tx, office)?;
            if now < was {
                closed += was - now;
                changes.push(format!("«{name}»: {} hạn chưa nộp không còn phải nộp (đơn vị không còn từ ngày đóng).", was - now));
            } else if now > was {
                inherited += now - was;
                changes.push(format!("«{name}»: thêm {} hạn chưa nộp, kế thừa từ đơn vị được sáp nhập.", now - was));
            }
        }
        if apply {
            tx.commit()?;
        }
        Ok(ReorganisationOutcome { applied: apply, changes, deadlines_closed: closed, deadlines_inherited: inherited })
    }

    /// Checks a reorganisation against the tree as it is and lists its writes and, in words, what
    /// it changes in the tree.
    fn plan(&self, change: &Reorganisation) -> Result<(Vec<Step>, Vec<String>)> {
        let own = self.require_own_office()?;
        let open = |id: OfficeId| -> Result<Office> {
            let office = self.get_office(id)?;
            if let Some(closed) = office.closed_on {
                return Err(Error::invalid(format!("«{}» đã không còn từ ngày {}.", office.name, day(closed))));
            }
            self.require_owner(self.office_owner(id)?, "đơn vị")?;
            Ok(office)
        };
        let not_own = |office: &Office| -> Result<()> {
            if office.id == own.id {
                return Err(Error::invalid(format!(
                    "Không thể sáp nhập, giải thể hay đóng «{}»: đó là đơn vị của chính máy này. Việc này do cấp trên làm.",
                    office.name
                )));
            }
            Ok(())
        };
        let children = |id: OfficeId| -> Result<Vec<Office>> {
            Ok(store::offices::live_children_of(&self.conn, id)?.into_iter().filter(|c| c.closed_on.is_none()).collect())
        };
        let mut steps = Vec::new();
        let mut lines = Vec::new();
        match change {
            Reorganisation::Rename { office, name, code, from } => {
                let office = open(*office)?;
                let input = OfficeInput { code: code.clone(), name: name.clone(), level: office.level, parent_id: office.parent_id };
                let parent = office.parent_id.map(|p| self.get_office(p)).transpose()?;
                let renamed = validated_office(&self.conn, office.id, &input, parent.as_ref())?;
                lines.push(format!(
                    "«{}» ({}) đổi tên thành «{}» ({}) từ ngày {}; tên cũ được giữ cho các kỳ trước ngày đó.",
                    office.name, office.code, renamed.name, renamed.code, day(*from)
                ));
                steps.push(Step::Rename { office, code: renamed.code, name: renamed.name, from: *from });
            }
            Reorganisation::Move { office, parent } => {
                let office = open(*office)?;
                let parent = self.get_office(*parent)?;
                if parent.closed_on.is_some() {
                    return Err(Error::invalid(format!("«{}» đã không còn: không chuyển đơn vị về đó được.", parent.name)));
                }
                let input = OfficeInput { code: office.code.clone(), name: office.name.clone(), level: office.level, parent_id: Some(parent.id) };
                validated_office(&self.conn, office.id, &input, Some(&parent))?;
                lines.push(format!("«{}» chuyển về trực thuộc «{}».", office.name, parent.name));
                steps.push(Step::Parent { office: office.id, parent: parent.id });
            }
            Reorganisation::Merge { offices, into, from } => {
                let target = open(*into)?;
                let sources: Vec<OfficeId> = offices.iter().copied().filter(|id| id != into).collect::<BTreeSet<_>>().into_iter().collect();
                if sources.is_empty() {
                    return Err(Error::invalid("Hãy chọn ít nhất một đơn vị được sáp nhập, khác đơn vị nhận sáp nhập."));
                }
                let mut moved: HashMap<OfficeId, ()> = HashMap::new();
                for id in sources {
                    let source = open(id)?;
                    not_own(&source)?;
                    if self.office_tree()?.within(target.id, source.id) {
                        return Err(Error::invalid(format!("«{}» thuộc «{}»: không sáp nhập được vào đơn vị cấp dưới của chính nó.", target.name, source.name)));
                    }
                    for child in children(source.id)? {
                        if child.level <= target.level {
                            return Err(Error::invalid(format!(
                                "Đơn vị cấp dưới «{}» của «{}» không ở cấp thấp hơn «{}», nên không chuyển về đó được.",
                                child.name, source.name, target.name
                            )));
                        }
                        self.require_owner(self.office_owner(child.id)?, "đơn vị")?;
                        if moved.insert(child.id, ()).is_none() {
                            lines.push(format!("«{}» chuyển về trực thuộc «{}».", child.name, target.name));
                            steps.push(Step::Parent { office: child.id, parent: target.id });
                        }
                    }
                    lines.push(format!(
                        "«{}» sáp nhập vào «{}» từ ngày {}: hạn đến hạn từ ngày đó chuyển cho «{}»; các kỳ trước, báo cáo và biên nhận giữ nguyên dưới tên «{}».",
                        source.name, target.name, day(*from), target.name, source.name
                    ));
                    steps.push(Step::Close { office: source.id, from: *from, successor: Some(target.id) });
                }
            }
            Reorganisation::Dissolve { office, from } => {
                let office = open(*office)?;
                not_own(&office)?;
                let parent = office.parent_id.ok_or_else(|| Error::invalid(format!("«{}» là đơn vị cấp cao nhất: không giải thể được.", office.name)))?;
                let parent = self.get_office(parent)?;
                let moved = children(office.id)?;
                for child in &moved {
                    self.require_owner(self.office_owner(child.id)?, "đơn vị")?;
                    steps.push(Step::Parent { office: child.id, parent: parent.id });
                }
                lines.push(format!(
                    "«{}» giải thể từ ngày {}: {} đơn vị cấp dưới chuyển về trực thuộc «{}»; các kỳ trước, báo cáo và biên nhận của «{}» giữ nguyên.",
                    office.name,
                    day(*from),
                    moved.len(),
                    parent.name,
                    office.name
                ));
                steps.push(Step::Close { office: office.id, from: *from, successor: None });
            }
            Reorganisation::Close { office, from } => {
                let office = open(*office)?;
                not_own(&office)?;
                if let Some(child) = children(office.id)?.first() {
                    return Err(Error::invalid(format!(
                        "«{}» còn đơn vị cấp dưới «{}»: hãy giải thể (các đơn vị cấp dưới chuyển lên cấp trên) hoặc chuyển chúng trước.",
                        office.name, child.name
                    )));
                }
                lines.push(format!("«{}» không còn từ ngày {}: không có hạn mới từ ngày đó.", office.name, day(*from)));
                steps.push(Step::Close { office: office.id, from: *from, successor: None });
            }
        }
        Ok((steps, lines))
    }
}

#[cfg(test)]
#[path = "reorganise_tests.rs"]
mod tests;
