import { describe, expect, it } from "vitest";
import { describeCounts, passphraseProblem, restoreWarning } from "./backupText";
import type { BackupInfo } from "../../api/bindings/BackupInfo";

const backup: BackupInfo = {
  path: "E:\\SoKeHoach-SaoLuu\\SoKeHoach-LCU-2026-12-01-083000.skhsaoluu",
  fileName: "SoKeHoach-LCU-2026-12-01-083000.skhsaoluu",
  kind: "full",
  madeAt: "2026-12-01T08:30:00+07:00",
  office: "LCU — Hội LHPN tỉnh Lai Châu",
  sizeBytes: 1234567,
  counts: { offices: 9, documents: 5, deadlines: 1200, reports: 3 },
  needsPassphrase: true,
  problem: null,
};

describe("backup sentences", () => {
  it("counts read the Vietnamese way", () => {
    expect(describeCounts(backup.counts)).toBe("9 đơn vị · 5 văn bản · 1.200 hạn báo cáo · 3 báo cáo");
  });

  it("the restore warning says what is replaced and how to undo it", () => {
    const text = restoreWarning(backup, { offices: 9, documents: 6, deadlines: 1210, reports: 4 });
    expect(text).toContain("hiện có 9 đơn vị · 6 văn bản");
    expect(text).toContain("(9 đơn vị · 5 văn bản · 1.200 hạn báo cáo · 3 báo cáo)");
    expect(text).toContain("để hoàn tác");
    const damaged = restoreWarning(backup, null, true);
    expect(damaged).toContain("backups/hong-");
    expect(damaged).not.toContain("để hoàn tác");
  });

  it("a passphrase must be long enough and typed twice the same", () => {
    expect(passphraseProblem("ngắn", "ngắn", 8)).toBe("Mật khẩu phải có ít nhất 8 ký tự.");
    expect(passphraseProblem("hội phụ nữ xã", "hội phụ nữ xa", 8)).toBe("Hai lần nhập mật khẩu không giống nhau.");
    expect(passphraseProblem("hội phụ nữ xã", "hội phụ nữ xã", 8)).toBeNull();
  });
});
