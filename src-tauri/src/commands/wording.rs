//! Words the core makes for the UI, so the screens never write them again in TypeScript. The
//! fixed labels travel as generated constants (`ui/src/api/bindings/wording.ts`); a rule's
//! description depends on the rule and on this office's level names, so the UI asks for it here.

use sokehoach_core::deadlines::RuleSpec;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppStore;

/// Each rule in words ("Hằng quý, trước ngày 10 của tháng giữa quý"), in the order given; the
/// levels of a tiered rule by this store's level names.
#[tauri::command]
pub async fn describe_rules(store: State<'_, AppStore>, specs: Vec<RuleSpec>) -> IpcResult<Vec<String>> {
    store.run(move |s| describe(s, &specs)).await
}

pub(crate) fn describe(store: &sokehoach_core::Store, specs: &[RuleSpec]) -> sokehoach_core::Result<Vec<String>> {
    let levels = store.office_levels()?;
    Ok(specs.iter().map(|spec| spec.describe_with_levels(&levels)).collect())
}
