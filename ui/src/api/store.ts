// The installation as a whole: own office, level names, database location.

import { call } from "./call";
import type { LevelName } from "./bindings/LevelName";
import type { Office } from "./bindings/Office";
import type { OwnOfficeSetup } from "./bindings/OwnOfficeSetup";
import type { StoreInfo } from "./bindings/StoreInfo";

export function storeInfo(): Promise<StoreInfo> {
  return call<StoreInfo>("store_info");
}

/** First start: records this installation's office (and its parent office, if given). */
export function setupOwnOffice(setup: OwnOfficeSetup): Promise<Office> {
  return call<Office>("setup_own_office", { setup });
}

/** Renames the office levels; returns the names now stored. */
export function setLevelNames(levels: LevelName[]): Promise<LevelName[]> {
  return call<LevelName[]>("set_level_names", { levels });
}
