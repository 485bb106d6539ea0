//! The office tree: this installation's own office, the level above it and the sub-offices it
//! issues plans to and collects reports from.
//!
//! Levels are data (Trung ương, Tỉnh, Huyện, Xã/Phường, Chi hội by default, renamable): since the
//! 2025 reform many communes report straight to the province, so the only rule is that a parent
//! sits at a higher level (a smaller rank) than its children.

mod reorganise;
pub mod sheet;

use rusqlite::Connection;

use crate::deadlines::instances::{Rebuild, rebuild_rules};
pub use crate::model::offices::{
    LevelName, Office, OfficeInput, OfficeRowAction, OfficeSheetPreview, OfficeSheetProblem, OfficeSheetRow, OfficeTree,
    OwnOfficeSetup, Reorganisation, ReorganisationOutcome,
};
use crate::error::{Error, OrNotFound, Result};
use crate::ids::OfficeId;
use crate::store::{self, Store, settings::{self, Setting}};
use crate::text::{clean, compare_vi};


pub(crate) const MAX_CODE_LEN: usize = 32;


impl Store {
    /// The live office tree, for questions of above, below and depth.
    pub fn office_tree(&self) -> Result<OfficeTree> {
        store::offices::tree(&self.conn)
    }

    /// The office this installation belongs to, once set up.
    pub fn own_office(&self) -> Result<Option<Office>> {
        match self.own_office_id()? {
            Some(id) => store::offices::get(&self.conn, id, Some(id)),
            None => Ok(None),
        }
    }

    pub(crate) fn own_office_id(&self) -> Result<Option<OfficeId>> {
        settings::get(&self.conn, Setting::OwnOffice)?.map(|s| s.parse()).transpose()
    }

    /// The own office, or [`Error::NotSetUp`].
    pub fn require_own_office(&self) -> Result<Office> {
        self.own_office()?.ok_or(Error::NotSetUp)
    }

    /// Only the office that made a record may change it; others receive it read-only by bundle.
    pub(crate) fn require_owner(&self, owner: OfficeId, what: &str) -> Result<()> {
        if self.own_office_id()? == Some(owner) {
            return Ok(());
        }
        let name = store::offices::get(&self.conn, owner, None)?.map_or_else(|| owner.to_string(), |o| o.name);
        Err(Error::invalid(format!(
            "{} này do «{name}» lập; chỉ đơn vị đó mới sửa hoặc xóa được. Đơn vị mình nhận bản cập nhật qua gói dữ liệu.",
            capitalised(what)
        )))
    }

    pub fn office_levels(&self) -> Result<Vec<LevelName>> {
        store::offices::levels(&self.conn)
    }

    /// Renames levels; every name must be non-empty.
    pub fn set_level_names(&mut self, levels: &[LevelName]) -> Result<Vec<LevelName>> {
        for level in levels {
            if level.rank > 9 {
                return Err(Error::invalid(format!("Cấp {} không hợp lệ: chỉ có các cấp từ 0 đến 9.", level.rank)));
            }
            if clean(&level.name).is_empty() {
                return Err(Error::invalid(format!("Tên cấp {} không được để trống.", level.rank)));
            }
        }
        self.transact(|tx| {
            for level in levels {
                store::offices::set_level(tx, &LevelName { rank: level.rank, name: clean(&level.name) })?;
            }
            Ok(())
        })?;
        self.office_levels()
    }

    /// First start: creates the own office (and its parent, when given) and remembers it.
    pub fn setup_own_office(&mut self, setup: &OwnOfficeSetup) -> Result<Office> {
        if let Some(own) = self.own_office()? {
            return Err(Error::Conflict(format!(
                "Máy này đã được thiết lập cho đơn vị «{}» ({}). Không thể thiết lập lại.",
                own.name, own.code
            )));
        }
        let own_id = OfficeId::new();
        let parent = match &setup.parent {
            Some(input) => Some(self.validated(None, &OfficeInput { parent_id: None, ..input.clone() }, None)?),
            None => None,
        };
        let office_input = OfficeInput { parent_id: parent.as_ref().map(|p| p.id), ..setup.office.clone() };
        let office = self.validated(Some(own_id), &office_input, parent.as_ref())?;
        if let Some(parent) = &parent
            && parent.code == office.code {
                return Err(Error::invalid("Mã đơn vị cấp trên phải khác mã đơn vị của mình."));
            }
        let now = store::now();
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            if let Some(parent) = &parent {
                store::offices::insert(tx, parent, own_id, &now, seq)?;
            }
            store::offices::insert(tx, &office, own_id, &now, seq)?;
            settings::set(tx, Setting::OwnOffice, &own_id.to_string())
        })?;
        self.get_office(own_id)
    }

    pub fn get_office(&self, id: OfficeId) -> Result<Office> {
        store::offices::get(&self.conn, id, self.own_office_id()?).or_not_found("đơn vị", id)
    }

    pub fn office_by_code(&self, code: &str) -> Result<Office> {
        store::offices::get_by_code(&self.conn, code.trim(), self.own_office_id()?).or_not_found("đơn vị", code)
    }

    /// Every live office in tree order: each parent before its children, siblings (and roots) in
    /// Vietnamese order of name.
    pub fn list_offices(&self) -> Result<Vec<Office>> {
        let all = store::offices::all(&self.conn, self.own_office_id()?)?;
        Ok(tree_order(all))
    }

    /// Adds an office (a sub-office, or the office above ours).
    pub fn add_office(&mut self, input: &OfficeInput) -> Result<Office> {
        self.add_office_with_id(OfficeId::new(), input)
    }

    pub(crate) fn add_office_with_id(&mut self, id: OfficeId, input: &OfficeInput) -> Result<Office> {
        let owner = self.require_own_office()?.id;
        let parent = self.parent_of(input)?;
        let office = self.validated(Some(id), input, parent.as_ref())?;
        let now = store::now();
        let horizon = self.instances_horizon()?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            store::offices::insert(tx, &office, owner, &now, seq)?;
            rebuild_rules(tx, Rebuild::AssignedByLevel, horizon, &mut |_| Ok(()))
        })?;
        self.get_office(office.id)
    }

    pub fn update_office(&mut self, id: OfficeId, input: &OfficeInput) -> Result<Office> {
        self.get_office(id)?;
        self.require_owner(self.office_owner(id)?, "đơn vị")?;
        let parent = self.parent_of(input)?;
        let office = self.validated(Some(id), input, parent.as_ref())?;
        let now = store::now();
        let horizon = self.instances_horizon()?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            store::offices::update(tx, &office, &now, seq)?;
            rebuild_rules(tx, Rebuild::AssignedByLevel, horizon, &mut |_| Ok(()))
        })?;
        self.get_office(id)
    }

    /// Deletes an office as a tombstone. The own office and offices with sub-offices stay.
    pub fn delete_office(&mut self, id: OfficeId) -> Result<()> {
        let office = self.get_office(id)?;
        if office.is_own {
            return Err(Error::invalid("Không thể xóa đơn vị của chính máy này."));
        }
        self.require_owner(self.office_owner(id)?, "đơn vị")?;
        if store::offices::live_children(&self.conn, id)? > 0 {
            return Err(Error::invalid(format!(
                "Đơn vị «{}» còn đơn vị cấp dưới. Hãy xóa hoặc chuyển các đơn vị cấp dưới trước.",
                office.name
            )));
        }
        let now = store::now();
        let horizon = self.instances_horizon()?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            store::offices::tombstone(tx, id, &now, seq)?;
            rebuild_rules(tx, Rebuild::AssignedByLevel, horizon, &mut |_| Ok(()))
        })
    }

    pub(crate) fn office_owner(&self, id: OfficeId) -> Result<OfficeId> {
        store::offices::owner_of(&self.conn, id)?.or_not_found("đơn vị", id)
    }

    fn parent_of(&self, input: &OfficeInput) -> Result<Option<Office>> {
        input.parent_id.map(|pid| self.get_office(pid)).transpose()
    }

    /// Checks an office against the rules and returns it cleaned (NFC, trimmed).
    fn validated(&self, id: Option<OfficeId>, input: &OfficeInput, parent: Option<&Office>) -> Result<Office> {
        let mut office = validated_office(&self.conn, id.unwrap_or_default(), input, parent)?;
        office.is_own = self.own_office_id()? == Some(office.id);
        Ok(office)
    }
}

/// Checks an office as it would be written — typed here or received in a bundle — and returns it
/// cleaned (NFC, trimmed): a name and a code (no spaces), a declared level below its parent's and
/// above its live sub-offices', a code no other live office has, and no parent that is the office
/// itself or one below it. `parent` is the office `input.parent_id` names (it may not be stored yet,
/// at first start).
pub(crate) fn validated_office(
    conn: &Connection,
    id: OfficeId,
    input: &OfficeInput,
    parent: Option<&Office>,
) -> Result<Office> {
    let code = clean(&input.code);
    let name = clean(&input.name);
    if name.is_empty() {
        return Err(Error::invalid("Tên đơn vị không được để trống."));
    }
    if code.is_empty() {
        return Err(Error::invalid("Mã đơn vị không được để trống (ví dụ: LCU, TDG)."));
    }
    if code.chars().count() > MAX_CODE_LEN || code.chars().any(char::is_whitespace) {
        return Err(Error::invalid(format!(
            "Mã đơn vị «{code}» không hợp lệ: viết liền, không dấu cách, tối đa {MAX_CODE_LEN} ký tự."
        )));
    }
    let levels = store::offices::levels(conn)?;
    let Some(level) = levels.iter().find(|l| l.rank == input.level) else {
        return Err(Error::invalid(format!("Cấp {} chưa được khai báo trong Cài đặt.", input.level)));
    };
    if let Some(parent) = parent {
        if within(conn, parent.id, id)? {
            return Err(Error::invalid(format!(
                "Không thể đặt «{}» làm đơn vị cấp trên của «{name}»: đó là chính nó hoặc đơn vị cấp dưới của nó.",
                parent.name
            )));
        }
        if parent.level >= input.level {
            return Err(Error::invalid(format!(
                "Đơn vị cấp trên «{}» phải ở cấp cao hơn cấp {} của «{name}».",
                parent.name, level.name
            )));
        }
    }
    if let Some(child) = store::offices::live_children_of(conn, id)?.into_iter().find(|c| c.level <= input.level) {
        return Err(Error::invalid(format!(
            "Không thể đổi cấp: đơn vị cấp dưới «{}» phải ở cấp thấp hơn «{name}».",
            child.name
        )));
    }
    if let Some(other) = store::offices::get_by_code(conn, &code, None)?
        && other.id != id {
            return Err(Error::Conflict(format!("Mã đơn vị «{code}» đã được dùng cho «{}».", other.name)));
        }
    let (closed_on, successor_id) = match store::offices::get(conn, id, None)? {
        Some(existing) => (existing.closed_on, existing.successor_id),
        None => (None, None),
    };
    Ok(Office { id, code, name, level: input.level, parent_id: parent.map(|p| p.id), is_own: false, closed_on, successor_id })
}

/// Whether `office` is `root` or a live office below it (one question, read from the whole tree;
/// callers that ask many keep an [`OfficeTree`] instead).
pub(crate) fn within(conn: &Connection, office: OfficeId, root: OfficeId) -> Result<bool> {
    Ok(store::offices::tree(conn)?.within(office, root))
}

/// The name of an office for messages, live or not (its id when unknown).
pub(crate) fn name_of(conn: &Connection, id: OfficeId) -> Result<String> {
    Ok(store::offices::name(conn, &id.to_string())?.unwrap_or_else(|| id.to_string()))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Arranges offices (given in Vietnamese name order) as a tree walked depth first.
fn tree_order(mut offices: Vec<Office>) -> Vec<Office> {
    offices.sort_by(|a, b| compare_vi(&a.name, &b.name).then_with(|| a.code.cmp(&b.code)));
    let ids: std::collections::HashSet<OfficeId> = offices.iter().map(|o| o.id).collect();
    let mut out = Vec::with_capacity(offices.len());
    let mut stack: Vec<Office> = offices
        .iter()
        .filter(|o| o.parent_id.is_none_or(|p| !ids.contains(&p)))
        .rev()
        .cloned()
        .collect();
    while let Some(office) = stack.pop() {
        let children = offices.iter().filter(|o| o.parent_id == Some(office.id)).rev().cloned();
        out.push(office.clone());
        stack.extend(children);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str, name: &str, level: u8, parent_id: Option<OfficeId>) -> OfficeInput {
        OfficeInput { code: code.into(), name: name.into(), level, parent_id }
    }

    fn province() -> (tempfile::TempDir, Store, Office) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        let own = store
            .setup_own_office(&OwnOfficeSetup {
                office: input("LCU", "Hội LHPN tỉnh Lai Châu", 1, None),
                parent: Some(input("TW", "Trung ương Hội LHPN Việt Nam", 0, None)),
            })
            .expect("setup");
        (dir, store, own)
    }

    #[test]
    fn first_start_creates_the_own_office_under_its_parent_once() {
        let (_dir, mut store, own) = province();
        assert!(own.is_own);
        let parent = store.office_by_code("TW").expect("parent");
        assert_eq!(own.parent_id, Some(parent.id));
        let again = store.setup_own_office(&OwnOfficeSetup { office: input("X", "Khác", 1, None), parent: None });
        assert_eq!(again.expect_err("only once").code(), crate::ErrorCode::Conflict);
    }

    #[test]
    fn nothing_can_be_added_before_setup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        let err = store.add_office(&input("A", "A", 2, None)).expect_err("not set up");
        assert_eq!(err.code(), crate::ErrorCode::NotSetUp);
    }

    #[test]
    fn a_commune_may_report_straight_to_the_province_but_never_upwards() {
        let (_dir, mut store, own) = province();
        // After the 2025 reform: a ward directly under the province, skipping the district level.
        let ward = store.add_office(&input("DKT", "Hội LHPN phường Đoàn Kết", 3, Some(own.id))).expect("ward");
        assert_eq!(ward.parent_id, Some(own.id));
        let err = store.add_office(&input("BAD", "Tỉnh dưới xã", 1, Some(ward.id))).expect_err("upwards");
        assert!(err.to_string().contains("cấp cao hơn"), "{err}");
        let err = store.add_office(&input("X9", "Cấp lạ", 7, Some(own.id))).expect_err("unknown level");
        assert!(err.to_string().contains("chưa được khai báo"), "{err}");
    }

    #[test]
    fn codes_are_unique_and_names_required() {
        let (_dir, mut store, own) = province();
        store.add_office(&input("TDG", "Hội LHPN huyện Tam Đường", 2, Some(own.id))).expect("add");
        let dup = store.add_office(&input("TDG", "Trùng mã", 2, Some(own.id))).expect_err("duplicate code");
        assert_eq!(dup.code(), crate::ErrorCode::Conflict);
        assert!(store.add_office(&input("", "Không mã", 2, Some(own.id))).is_err());
        assert!(store.add_office(&input("A B", "Mã có dấu cách", 2, Some(own.id))).is_err());
        assert!(store.add_office(&input("NN", "  ", 2, Some(own.id))).is_err());
    }

    #[test]
    fn moving_an_office_under_its_own_child_is_refused() {
        let (_dir, mut store, own) = province();
        let district = store.add_office(&input("TDG", "Hội LHPN huyện Tam Đường", 2, Some(own.id))).expect("district");
        let commune = store.add_office(&input("BLU", "Hội LHPN xã Bình Lư", 3, Some(district.id))).expect("commune");
        let err = store
            .update_office(district.id, &input("TDG", "Hội LHPN huyện Tam Đường", 2, Some(commune.id)))
            .expect_err("cycle");
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
        let err = store
            .update_office(district.id, &input("TDG", "Hội LHPN huyện Tam Đường", 3, Some(own.id)))
            .expect_err("child would no longer be below");
        assert!(err.to_string().contains("cấp thấp hơn"), "{err}");
    }

    #[test]
    fn deleting_keeps_a_tombstone_and_protects_the_tree() {
        let (_dir, mut store, own) = province();
        let district = store.add_office(&input("TDG", "Hội LHPN huyện Tam Đường", 2, Some(own.id))).expect("district");
        let commune = store.add_office(&input("BLU", "Hội LHPN xã Bình Lư", 3, Some(district.id))).expect("commune");
        assert!(store.delete_office(district.id).is_err(), "has a sub-office");
        assert!(store.delete_office(own.id).is_err(), "own office stays");
        store.delete_office(commune.id).expect("delete commune");
        assert!(store.list_offices().expect("list").iter().all(|o| o.id != commune.id));
        // The code is free again once its office is gone.
        store.add_office(&input("BLU", "Hội LHPN xã Bình Lư (mới)", 3, Some(district.id))).expect("reuse code");
    }

    #[test]
    fn tree_order_puts_parents_first_and_siblings_in_vietnamese_order() {
        let (_dir, mut store, own) = province();
        let tdg = store.add_office(&input("TDG", "Hội LHPN huyện Tam Đường", 2, Some(own.id))).expect("add");
        store.add_office(&input("DKT", "Hội LHPN phường Đoàn Kết", 3, Some(own.id))).expect("add");
        store.add_office(&input("DIE", "Hội LHPN huyện Điện Biên", 2, Some(own.id))).expect("add");
        store.add_office(&input("DAN", "Hội LHPN huyện Dân Chủ", 2, Some(own.id))).expect("add");
        store.add_office(&input("BLU", "Hội LHPN xã Bình Lư", 3, Some(tdg.id))).expect("add");
        let codes: Vec<String> = store.list_offices().expect("list").into_iter().map(|o| o.code).collect();
        assert_eq!(codes, ["TW", "LCU", "DAN", "DIE", "TDG", "BLU", "DKT"]);
    }

    #[test]
    fn level_names_are_editable() {
        let (_dir, mut store, _) = province();
        let levels = store
            .set_level_names(&[LevelName { rank: 2, name: "Cụm xã".into() }, LevelName { rank: 5, name: "Tổ phụ nữ".into() }])
            .expect("rename");
        assert_eq!(levels.iter().find(|l| l.rank == 2).map(|l| l.name.as_str()), Some("Cụm xã"));
        assert_eq!(levels.len(), 6);
        assert!(store.set_level_names(&[LevelName { rank: 1, name: " ".into() }]).is_err());
    }
}
