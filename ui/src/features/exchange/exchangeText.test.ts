import { describe, expect, it } from "vitest";
import type { Office } from "../../api/bindings/Office";
import {
  bundleKindLabel,
  describeExport,
  exportButtonLabel,
  firstContactText,
  issueKindLabel,
  sentence,
  outcomeClass,
  outcomeLabel,
  progressText,
  resolutionLabel,
  recipientsOf,
  subOfficesOf,
  tableLabel,
} from "./exchangeText";

const office = (id: string, name: string, parentId: string | null, isOwn = false): Office => ({
  id,
  code: id.toUpperCase(),
  name,
  level: 0,
  parentId,
  isOwn,
});

// Tree order, as list_offices returns it.
const TW = office("tw", "Trung ương Hội LHPN Việt Nam", null);
const LCU = office("lcu", "Hội LHPN tỉnh Lai Châu", "tw", true);
const PTO = office("pto", "Hội LHPN huyện Phong Thổ", "lcu");
const TDG = office("tdg", "Hội LHPN huyện Tam Đường", "lcu");
const BGI = office("bgi", "Hội LHPN xã Bản Giang", "tdg");
const OFFICES = [TW, LCU, PTO, TDG, BGI];

describe("recipientsOf", () => {
  it("puts the parent first, then the direct sub-offices only", () => {
    const r = recipientsOf(OFFICES, LCU);
    expect(r.map((x) => x.office.id)).toEqual(["tw", "pto", "tdg"]);
    expect(r[0]?.direction).toBe("up");
    expect(r[0]?.label).toBe("Gửi lên cấp trên: Trung ương Hội LHPN Việt Nam");
    expect(r[1]?.direction).toBe("down");
    expect(r[1]?.label).toBe("Gửi xuống cấp dưới: Hội LHPN huyện Phong Thổ");
  });

  it("works without a parent and for an office without sub-offices", () => {
    expect(recipientsOf(OFFICES, TW).map((x) => x.office.id)).toEqual(["lcu"]);
    expect(recipientsOf(OFFICES, BGI).map((x) => x.label)).toEqual(["Gửi lên cấp trên: Hội LHPN huyện Tam Đường"]);
    expect(recipientsOf([LCU], { ...LCU, parentId: null })).toEqual([]);
  });

  it("ignores a parent id that is not in the list", () => {
    expect(recipientsOf([LCU, PTO], LCU).map((x) => x.office.id)).toEqual(["pto"]);
  });

  it("names the recipient on the export button", () => {
    const [parent] = recipientsOf(OFFICES, TDG);
    expect(parent && exportButtonLabel(parent)).toBe("Xuất dữ liệu gửi Hội LHPN tỉnh Lai Châu");
  });

  it("lists direct sub-offices for setup bundles", () => {
    expect(subOfficesOf(OFFICES, LCU).map((o) => o.id)).toEqual(["pto", "tdg"]);
    expect(subOfficesOf(OFFICES, BGI)).toEqual([]);
  });
});

describe("numbers and sizes", () => {
  it("describes an export", () => {
    expect(describeExport({ path: "/u/a.skh", bundleId: "b", records: 1200, files: 3, bytes: 2 * 1024 * 1024 })).toBe(
      "1.200 bản ghi, 3 tệp đính kèm, 2 MB",
    );
  });

  it("describes the progress", () => {
    expect(progressText(null)).toBe("Đang chờ bạn chọn nơi lưu (ổ USB)…");
    expect(progressText({ stage: "folderChosen", records: 0, filesDone: 0, filesTotal: 0 })).toBe(
      "Đã chọn nơi lưu, đang ghi tệp…",
    );
    expect(progressText({ stage: "records", records: 57, filesDone: 0, filesTotal: 0 })).toBe("Đã ghi 57 bản ghi.");
    expect(progressText({ stage: "files", records: 57, filesDone: 2, filesTotal: 5 })).toBe(
      "Đã ghi 57 bản ghi, 2/5 tệp đính kèm.",
    );
    expect(progressText({ stage: "checking", records: 57, filesDone: 5, filesTotal: 5 })).toBe(
      "Đã ghi 57 bản ghi, 5/5 tệp đính kèm. Đang đọc lại tệp vừa ghi để kiểm tra…",
    );
  });
});

describe("labels", () => {
  it("translates the bundle tables", () => {
    expect(tableLabel("offices")).toBe("Đơn vị");
    expect(tableLabel("documents")).toBe("Văn bản");
    expect(tableLabel("tasks")).toBe("Nhiệm vụ");
    expect(tableLabel("deadline_rules")).toBe("Hạn báo cáo");
    expect(tableLabel("reports")).toBe("Báo cáo");
    expect(tableLabel("receipts")).toBe("Biên nhận");
    expect(tableLabel("something_else")).toBe("something_else");
  });

  it("names issue kinds, bundle kinds and log outcomes", () => {
    expect(issueKindLabel("conflict")).toBe("Xung đột");
    expect(issueKindLabel("refused")).toBe("Bị từ chối");
    expect(bundleKindLabel("data")).toBe("Gói dữ liệu");
    expect(bundleKindLabel("setup")).toMatch(/^Gói thiết lập/);
    expect(bundleKindLabel("recovery")).toMatch(/^Gói khôi phục/);
    expect(outcomeLabel("applied")).toBe("Đã nhập");
    expect(outcomeLabel("nothingNew")).toBe("Không có gì mới");
    expect(outcomeLabel("refused")).toBe("Bị từ chối");
    expect(outcomeLabel("later")).toBe("later");
    expect(outcomeClass("applied")).toBe("tone-green");
    expect(outcomeClass("refused")).toBe("tone-red");
    expect(outcomeClass("nothingNew")).toBe("tone-grey");
  });

  it("asks to compare the fingerprint by phone on first contact", () => {
    expect(firstContactText("3F2A-91C0-7B44-E5D2")).toBe(
      "Lần đầu nhận từ đơn vị này: hãy gọi điện đọc dấu vân tay 3F2A-91C0-7B44-E5D2 để đối chiếu trước khi nhập.",
    );
  });
});

describe("sentence", () => {
  it("starts a reason with a capital, Vietnamese letters included", () => {
    expect(sentence("dữ liệu không hợp lệ")).toBe("Dữ liệu không hợp lệ");
    expect(sentence("đơn vị gửi không sở hữu bản ghi này")).toBe("Đơn vị gửi không sở hữu bản ghi này");
    expect(sentence("  ")).toBe("");
    expect(sentence("Đã có")).toBe("Đã có");
  });
});

describe("resolutionLabel", () => {
  it("says how each conflict ended", () => {
    expect(resolutionLabel("local")).toBe("Đã giữ bản trên máy này");
    expect(resolutionLabel("incoming")).toBe("Đã dùng bản trong gói");
    expect(resolutionLabel("superseded")).toBe("Đã có bản mới hơn");
    expect(resolutionLabel(null)).toBe("Chờ xử lý");
  });
});
