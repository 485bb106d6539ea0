// What the whole UI needs to know about this installation: the own office, the level names and
// the document kinds. Loaded once at start and refreshed after changes that affect them.

import { listDocKinds } from "../api/documents";
import { storeInfo } from "../api/store";
import { toAppError, type AppError } from "../api/errors";
import type { DocKind } from "../api/bindings/DocKind";
import type { DocKindInfo } from "../api/bindings/DocKindInfo";
import type { LevelName } from "../api/bindings/LevelName";
import type { StoreInfo } from "../api/bindings/StoreInfo";

class Session {
  status = $state<"loading" | "ready" | "failed">("loading");
  info = $state<StoreInfo | null>(null);
  docKinds = $state<DocKindInfo[]>([]);
  loadError = $state<AppError | null>(null);

  /** First load; on failure the whole window shows the error and a retry button. */
  async load(): Promise<void> {
    this.status = "loading";
    this.loadError = null;
    try {
      const [info, kinds] = await Promise.all([storeInfo(), listDocKinds()]);
      this.info = info;
      this.docKinds = kinds;
      this.status = "ready";
    } catch (reason) {
      this.loadError = toAppError(reason);
      this.status = "failed";
    }
  }

  /** Re-reads store_info (own office, levels, counts); errors go to the caller. */
  async refresh(): Promise<StoreInfo> {
    const info = await storeInfo();
    this.info = info;
    return info;
  }

  get levels(): LevelName[] {
    return this.info?.levels ?? [];
  }

  levelName(rank: number): string {
    return this.levels.find((l) => l.rank === rank)?.name ?? `Cấp ${rank}`;
  }

  kindName(code: DocKind): string {
    return this.docKinds.find((k) => k.code === code)?.name ?? code;
  }
}

export const session = new Session();
