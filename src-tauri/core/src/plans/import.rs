//! Plans that arrive as documents: drafted by the extractor, their assignee phrases matched to
//! this office's tree, and saved after review with the original file attached. The app and `skh`
//! both go through here.

use std::path::Path;

use crate::model::documents::Document;
use crate::error::Result;
use crate::extract::{Extraction, extract_file, extract_text, resolve_assignees};
use crate::plans::PlanFile;
use crate::store::Store;

impl Store {
    /// The draft of a plan file (.docx, .pdf with text, .txt, .md), assignees matched where they can be.
    pub fn draft_plan_file(&self, path: &Path) -> Result<Extraction> {
        self.with_offices_matched(extract_file(path)?)
    }

    /// The draft of pasted plan text, assignees matched where they can be.
    pub fn draft_plan_text(&self, text: &str) -> Result<Extraction> {
        self.with_offices_matched(extract_text(text)?)
    }

    fn with_offices_matched(&self, mut extraction: Extraction) -> Result<Extraction> {
        let levels = self.office_levels()?;
        resolve_assignees(&mut extraction, &self.list_offices()?, &levels);
        // Tiered deadlines named by this store's levels.
        for (task, read) in extraction.plan.tasks.iter().zip(&mut extraction.tasks) {
            for (deadline, read) in task.deadlines.iter().zip(&mut read.deadlines) {
                read.description = deadline.rule.describe_with_levels(&levels);
            }
        }
        Ok(extraction)
    }

    /// Saves a reviewed plan (document, tasks and deadlines in one transaction) and attaches the
    /// file it was read from, when there is one.
    pub fn add_plan_with_original(&mut self, plan: &PlanFile, original: Option<&Path>) -> Result<Document> {
        let document = self.add_plan(plan)?;
        if let Some(path) = original {
            self.attach_file(document.id, path)?;
        }
        self.get_document(document.id)
    }
}
