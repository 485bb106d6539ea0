//! The office list in and out of Excel: a province sets up its districts and communes from one
//! sheet (code, name, level, parent code) instead of typing each office.
//!
//! [`Store::office_sheet_template`] writes the sheet to fill in, with the offices already known
//! (so an unchanged sheet imports as nothing to do). [`Store::preview_office_sheet`] reads an
//! .xlsx or .csv file and says, row by row with the spreadsheet's row numbers, what would be added
//! or changed and everything that is wrong (an unknown or lower parent, a duplicate code, an
//! unknown level, a missing name …). [`Store::import_office_sheet`] writes it in one transaction,
//! and only when no row is wrong; otherwise it refuses with every problem and writes nothing.

use std::collections::HashMap;
use std::path::Path;

use crate::deadlines::instances::{Rebuild, rebuild_rules};
use crate::error::{Error, Result};
use crate::ids::OfficeId;
use crate::model::offices::{
    LevelName, Office, OfficeInput, OfficeRowAction, OfficeSheetPreview, OfficeSheetProblem, OfficeSheetRow,
};
use crate::offices::{MAX_CODE_LEN, validated_office};
use crate::store::{self, Store};
use crate::text::{clean, fold};
use crate::workbook::{InputColumn, InputSheet, SheetRow, read_rows, render_input_csv, render_input_sheet, write_whole};

/// The columns of the sheet, as the template names them.
pub const CODE_HEADER: &str = "Mã đơn vị";
pub const NAME_HEADER: &str = "Tên đơn vị";
pub const LEVEL_HEADER: &str = "Cấp";
pub const PARENT_HEADER: &str = "Mã đơn vị cấp trên";

/// The names a column may go by in a sheet made by hand (folded, without diacritics).
const CODE_NAMES: &[&str] = &["ma don vi", "ma", "ma dv", "code"];
const NAME_NAMES: &[&str] = &["ten don vi", "ten", "ten dv", "name"];
const LEVEL_NAMES: &[&str] = &["cap", "cap don vi", "level"];
const PARENT_NAMES: &[&str] = &["ma don vi cap tren", "ma cap tren", "cap tren", "don vi cap tren", "ma dv cap tren", "parent", "parent code"];

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// A header as compared: folded, without punctuation such as "(*)" or ":".
fn header_key(text: &str) -> String {
    fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where each column is in the sheet.
struct Layout {
    code: usize,
    name: usize,
    level: usize,
    parent: usize,
}

/// One row as written in the sheet.
#[derive(Debug, Clone)]
struct Written {
    row: u32,
    code: String,
    name: String,
    level_text: String,
    parent_code: String,
}

/// A right row with what it resolves to.
#[derive(Debug, Clone)]
struct Planned {
    written: Written,
    level: u8,
    /// The office with this code, when there is one, and the code of its parent ("" for none).
    existing: Option<Office>,
    existing_parent_code: String,
}

fn level_list(levels: &[LevelName]) -> String {
    levels.iter().map(|l| format!("{} ({})", l.name, l.rank)).collect::<Vec<_>>().join(", ")
}

/// A level as written: its name ("Xã/Phường", with or without diacritics) or its number.
fn parse_level(text: &str, levels: &[LevelName]) -> Option<u8> {
    let key = header_key(text);
    if let Ok(rank) = text.trim().parse::<u8>() {
        return levels.iter().find(|l| l.rank == rank).map(|l| l.rank);
    }
    let key = key.strip_prefix("cap ").unwrap_or(&key).to_string();
    levels.iter().find(|l| header_key(&l.name) == key).map(|l| l.rank)
}

fn level_name(rank: u8, levels: &[LevelName]) -> String {
    levels.iter().find(|l| l.rank == rank).map_or_else(|| rank.to_string(), |l| l.name.clone())
}

impl Store {
    /// The sheet to fill in: the four columns with a drop-down list of levels, our office and
    /// every office below it already filled in, and a sheet of instructions.
    pub fn office_sheet_template(&self) -> Result<InputSheet> {
        let own = self.require_own_office()?;
        let levels = self.office_levels()?;
        let offices = self.list_offices()?;
        let tree = self.office_tree()?;
        let code_of: HashMap<OfficeId, String> = offices.iter().map(|o| (o.id, o.code.clone())).collect();
        let rows = offices
            .iter()
            .filter(|o| tree.within(o.id, own.id))
            .map(|o| {
                vec![
                    o.code.clone(),
                    o.name.clone(),
                    level_name(o.level, &levels),
                    o.parent_id.and_then(|p| code_of.get(&p).cloned()).unwrap_or_default(),
                ]
            })
            .collect();
        Ok(InputSheet {
            name: "Đơn vị".into(),
            columns: vec![
                InputColumn {
                    header: CODE_HEADER.into(),
                    help: format!("Viết liền, không dấu cách, tối đa {MAX_CODE_LEN} ký tự, không trùng (ví dụ: TDG, BLU)."),
                    choices: Vec::new(),
                },
                InputColumn { header: NAME_HEADER.into(), help: "Tên đầy đủ, ví dụ: Hội LHPN xã Bình Lư.".into(), choices: Vec::new() },
                InputColumn {
                    header: LEVEL_HEADER.into(),
                    help: format!("Chọn trong danh sách (hoặc ghi số của cấp): {}.", level_list(&levels)),
                    choices: levels.iter().map(|l| l.name.clone()).collect(),
                },
                InputColumn {
                    header: PARENT_HEADER.into(),
                    help: "Mã của đơn vị cấp trên trực tiếp: một đơn vị đã có trong sổ hoặc một dòng của bảng này, ở cấp cao hơn.".into(),
                    choices: Vec::new(),
                },
            ],
            rows,
            instructions: vec![
                "NHẬP DANH SÁCH ĐƠN VỊ".into(),
                "Mỗi dòng của trang «Đơn vị» là một đơn vị. Các dòng đã có sẵn là các đơn vị đang có trong sổ: để nguyên thì không có gì thay đổi, sửa tên, cấp hoặc mã cấp trên thì đơn vị đó được sửa khi nhập.".into(),
                "Thêm đơn vị mới ở các dòng dưới cùng. Đơn vị cấp trên có thể là một dòng khác của bảng.".into(),
                "Khi nhập, phần mềm cho xem trước những đơn vị sẽ thêm, sẽ sửa và mọi dòng sai (kèm số dòng); chưa sửa hết các dòng sai thì chưa ghi gì vào sổ.".into(),
                "Có thể lưu bảng dạng .xlsx hoặc .csv.".into(),
            ],
        })
    }

    /// Writes the template to `path`: .csv when the name ends so, else .xlsx.
    pub fn save_office_sheet_template(&self, path: &Path) -> Result<()> {
        let sheet = self.office_sheet_template()?;
        let csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = if csv { render_input_csv(&sheet)? } else { render_input_sheet(&sheet)? };
        write_whole(path, &bytes)
    }

    /// What importing the sheet at `path` would do; changes nothing.
    pub fn preview_office_sheet(&self, path: &Path) -> Result<OfficeSheetPreview> {
        Ok(self.plan_office_sheet(path)?.0)
    }

    /// Imports the sheet at `path`: adds and changes the offices in one transaction, only when no
    /// row is wrong. A wrong sheet is refused with every problem, by row number, and nothing is
    /// written. With `previewed`, the sheet must still say exactly what that preview showed (the
    /// file may have been edited since), or nothing is written. Returns what was done.
    pub fn import_office_sheet(&mut self, path: &Path, previewed: Option<&OfficeSheetPreview>) -> Result<OfficeSheetPreview> {
        let (preview, planned) = self.plan_office_sheet(path)?;
        if !preview.problems.is_empty() {
            return Err(Error::invalid(refusal(&preview)));
        }
        if previewed.is_some_and(|p| *p != preview) {
            return Err(Error::invalid(format!(
                "Tệp «{}» đã thay đổi từ lúc xem trước nên chưa ghi gì vào sổ. Hãy xem trước lại rồi mới nhập.",
                preview.file_name
            )));
        }
        let owner = self.require_own_office()?.id;
        let horizon = self.instances_horizon()?;
        let now = store::now();
        // Parents first: a higher level has a smaller rank.
        let mut order: Vec<&Planned> = planned.iter().filter(|p| preview_action(p) != OfficeRowAction::Unchanged).collect();
        order.sort_by_key(|p| (p.level, p.written.row));
        let own_id = self.own_office_id()?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            for plan in order {
                let w = &plan.written;
                let parent = if w.parent_code.is_empty() {
                    None
                } else {
                    Some(store::offices::get_by_code(tx, &w.parent_code, own_id)?.ok_or_else(|| {
                        Error::invalid(format!("Dòng {}: không tìm thấy đơn vị cấp trên «{}».", w.row, w.parent_code))
                    })?)
                };
                let input = OfficeInput { code: w.code.clone(), name: w.name.clone(), level: plan.level, parent_id: parent.as_ref().map(|p| p.id) };
                let id = plan.existing.as_ref().map_or_else(OfficeId::new, |o| o.id);
                let office = validated_office(tx, id, &input, parent.as_ref())
                    .map_err(|e| Error::invalid(format!("Dòng {}: {e}", w.row)))?;
                if plan.existing.is_some() {
                    store::offices::update(tx, &office, &now, seq)?;
                } else {
                    store::offices::insert(tx, &office, owner, &now, seq)?;
                }
            }
            rebuild_rules(tx, Rebuild::AssignedByLevel, horizon, &mut |_| Ok(()))
        })?;
        Ok(preview)
    }

    /// Reads and checks the sheet: the preview and the right rows resolved.
    fn plan_office_sheet(&self, path: &Path) -> Result<(OfficeSheetPreview, Vec<Planned>)> {
        self.require_own_office()?;
        let rows = read_rows(path)?;
        let levels = self.office_levels()?;
        let mut preview = OfficeSheetPreview {
            file_name: file_name(path),
            rows: Vec::new(),
            problems: Vec::new(),
            added: 0,
            changed: 0,
            unchanged: 0,
        };
        let problem = |preview: &mut OfficeSheetPreview, row: u32, message: String| {
            preview.problems.push(OfficeSheetProblem { row, message });
        };
        let Some((header, data)) = rows.split_first() else {
            problem(&mut preview, 1, format!("Bảng trống: cần một dòng tiêu đề ({CODE_HEADER}, {NAME_HEADER}, {LEVEL_HEADER}, {PARENT_HEADER}) và các dòng đơn vị."));
            return Ok((preview, Vec::new()));
        };
        let layout = match layout(header) {
            Ok(layout) => layout,
            Err(message) => {
                problem(&mut preview, header.number, message);
                return Ok((preview, Vec::new()));
            }
        };
        let cell = |row: &SheetRow, i: usize| row.cells.get(i).cloned().unwrap_or_default();
        let written: Vec<Written> = data
            .iter()
            .map(|r| Written {
                row: r.number,
                code: clean(&cell(r, layout.code)),
                name: clean(&cell(r, layout.name)),
                level_text: cell(r, layout.level),
                parent_code: clean(&cell(r, layout.parent)),
            })
            .filter(|w| !(w.code.is_empty() && w.name.is_empty() && w.level_text.is_empty() && w.parent_code.is_empty()))
            .collect();
        if written.is_empty() {
            problem(&mut preview, header.number, "Bảng chưa có đơn vị nào dưới dòng tiêu đề.".into());
        }

        let offices = self.list_offices()?;
        let by_code: HashMap<&str, &Office> = offices.iter().map(|o| (o.code.as_str(), o)).collect();
        let by_id: HashMap<OfficeId, &Office> = offices.iter().map(|o| (o.id, o)).collect();
        // The first row of each code; later rows with the same code are duplicates.
        let mut first_row: HashMap<&str, u32> = HashMap::new();
        for w in &written {
            if !w.code.is_empty() {
                first_row.entry(w.code.as_str()).or_insert(w.row);
            }
        }
        // The level each code of the sheet will have (when its row gives a known one).
        let sheet_level: HashMap<&str, u8> = written
            .iter()
            .filter(|w| first_row.get(w.code.as_str()) == Some(&w.row))
            .filter_map(|w| parse_level(&w.level_text, &levels).map(|l| (w.code.as_str(), l)))
            .collect();
        let sheet_name: HashMap<&str, &str> = written.iter().map(|w| (w.code.as_str(), w.name.as_str())).collect();

        let mut planned = Vec::new();
        for w in &written {
            let mut wrong: Vec<String> = Vec::new();
            if w.code.is_empty() {
                wrong.push(format!("thiếu {}", CODE_HEADER.to_lowercase()));
            } else if w.code.chars().count() > MAX_CODE_LEN || w.code.chars().any(char::is_whitespace) {
                wrong.push(format!("mã «{}» không hợp lệ: viết liền, không dấu cách, tối đa {MAX_CODE_LEN} ký tự", w.code));
            } else if let Some(first) = first_row.get(w.code.as_str()).filter(|r| **r != w.row) {
                wrong.push(format!("mã «{}» trùng với dòng {first}", w.code));
            }
            if w.name.is_empty() {
                wrong.push(format!("thiếu {}", NAME_HEADER.to_lowercase()));
            }
            let level = if w.level_text.is_empty() {
                wrong.push(format!("thiếu cấp (các cấp: {})", level_list(&levels)));
                None
            } else {
                let level = parse_level(&w.level_text, &levels);
                if level.is_none() {
                    wrong.push(format!("cấp «{}» không có (các cấp: {})", w.level_text, level_list(&levels)));
                }
                level
            };
            let existing = by_code.get(w.code.as_str()).map(|o| (*o).clone());
            // The parent: an office of the store or a row of the sheet, at a higher level.
            if w.parent_code.is_empty() {
                if existing.as_ref().is_none_or(|o| o.parent_id.is_some()) {
                    wrong.push(format!("thiếu {}", PARENT_HEADER.to_lowercase()));
                }
            } else if w.parent_code == w.code {
                wrong.push("một đơn vị không thể là cấp trên của chính nó".into());
            } else {
                let parent_level = sheet_level
                    .get(w.parent_code.as_str())
                    .copied()
                    .or_else(|| by_code.get(w.parent_code.as_str()).map(|o| o.level));
                let parent_name = sheet_name
                    .get(w.parent_code.as_str())
                    .map(|n| n.to_string())
                    .or_else(|| by_code.get(w.parent_code.as_str()).map(|o| o.name.clone()))
                    .unwrap_or_default();
                match parent_level {
                    None if sheet_name.contains_key(w.parent_code.as_str()) => {} // its own row is wrong
                    None => wrong.push(format!("không có đơn vị cấp trên mã «{}» trong sổ hay trong bảng", w.parent_code)),
                    Some(p) => {
                        if let Some(l) = level.filter(|l| p >= *l) {
                            wrong.push(format!(
                                "đơn vị cấp trên «{parent_name}» (cấp {}) phải ở cấp cao hơn cấp {}",
                                level_name(p, &levels),
                                level_name(l, &levels)
                            ));
                        }
                    }
                }
            }
            if let Some(office) = &existing {
                let changes = level.is_some_and(|l| l != office.level)
                    || office.name != w.name
                    || office.parent_id.and_then(|p| by_id.get(&p)).map(|p| p.code.as_str()).unwrap_or_default() != w.parent_code;
                if changes {
                    if let Err(e) = self.require_owner(self.office_owner(office.id)?, "đơn vị") {
                        wrong.push(lowercase_first(&e.to_string()));
                    }
                    if office.is_own && level.is_some_and(|l| l != office.level) {
                        wrong.push("không đổi cấp của chính đơn vị mình khi nhập bảng".into());
                    }
                }
                // Sub-offices that the sheet leaves as they are must stay below the new level.
                if let Some(l) = level {
                    for child in offices.iter().filter(|c| c.parent_id == Some(office.id)) {
                        let child_level = sheet_level.get(child.code.as_str()).copied().unwrap_or(child.level);
                        if child_level <= l {
                            wrong.push(format!(
                                "đơn vị cấp dưới «{}» (cấp {}) phải ở cấp thấp hơn cấp {}",
                                child.name,
                                level_name(child_level, &levels),
                                level_name(l, &levels)
                            ));
                        }
                    }
                }
            }
            if wrong.is_empty() {
                let level = level.unwrap_or_default();
                let existing_parent_code = existing
                    .as_ref()
                    .and_then(|o| o.parent_id)
                    .and_then(|p| by_id.get(&p))
                    .map(|p| p.code.clone())
                    .unwrap_or_default();
                planned.push(Planned { written: w.clone(), level, existing, existing_parent_code });
            } else {
                let parts: Vec<&str> = wrong.iter().map(|m| m.trim_end_matches('.')).collect();
                problem(&mut preview, w.row, capitalised(&parts.join("; ")) + ".");
            }
        }
        for plan in &planned {
            let action = preview_action(plan);
            match action {
                OfficeRowAction::Add => preview.added += 1,
                OfficeRowAction::Change => preview.changed += 1,
                OfficeRowAction::Unchanged => preview.unchanged += 1,
            }
            let w = &plan.written;
            let mut changes = Vec::new();
            if let Some(office) = &plan.existing {
                if office.name != w.name {
                    changes.push(format!("Tên: «{}» → «{}»", office.name, w.name));
                }
                if office.level != plan.level {
                    changes.push(format!("Cấp: {} → {}", level_name(office.level, &levels), level_name(plan.level, &levels)));
                }
                if plan.existing_parent_code != w.parent_code {
                    changes.push(format!("Cấp trên: «{}» → «{}»", plan.existing_parent_code, w.parent_code));
                }
            }
            preview.rows.push(OfficeSheetRow {
                row: w.row,
                code: w.code.clone(),
                name: w.name.clone(),
                level: plan.level,
                level_name: level_name(plan.level, &levels),
                parent_code: w.parent_code.clone(),
                action,
                changes,
            });
        }
        preview.problems.sort_by_key(|p| p.row);
        Ok((preview, planned))
    }
}

fn preview_action(plan: &Planned) -> OfficeRowAction {
    match &plan.existing {
        None => OfficeRowAction::Add,
        Some(office)
            if office.name == plan.written.name
                && office.level == plan.level
                && plan.existing_parent_code == plan.written.parent_code =>
        {
            OfficeRowAction::Unchanged
        }
        Some(_) => OfficeRowAction::Change,
    }
}

fn layout(header: &SheetRow) -> std::result::Result<Layout, String> {
    let find = |names: &[&str]| header.cells.iter().position(|h| names.contains(&header_key(h).as_str()));
    let mut missing = Vec::new();
    let mut get = |names: &[&str], shown: &str| {
        let found = find(names);
        if found.is_none() {
            missing.push(format!("«{shown}»"));
        }
        found.unwrap_or_default()
    };
    let layout = Layout {
        code: get(CODE_NAMES, CODE_HEADER),
        name: get(NAME_NAMES, NAME_HEADER),
        level: get(LEVEL_NAMES, LEVEL_HEADER),
        parent: get(PARENT_NAMES, PARENT_HEADER),
    };
    if missing.is_empty() {
        Ok(layout)
    } else {
        Err(format!(
            "Dòng tiêu đề thiếu cột {}. Bảng cần bốn cột: {CODE_HEADER}, {NAME_HEADER}, {LEVEL_HEADER}, {PARENT_HEADER} (hãy tải bảng mẫu).",
            missing.join(", ")
        ))
    }
}

/// The message of a refused sheet: every problem on its own line.
fn refusal(preview: &OfficeSheetPreview) -> String {
    let mut message = format!(
        "Bảng đơn vị «{}» có {} dòng sai nên chưa ghi gì vào sổ. Hãy sửa rồi nhập lại:",
        preview.file_name,
        preview.problems.len()
    );
    for p in &preview.problems {
        message.push_str(&format!("\nDòng {}: {}", p.row, p.message));
    }
    message
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
