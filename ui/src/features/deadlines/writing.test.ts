import { describe, expect, it } from "vitest";
import type { SynthesisOutcome } from "../../api/bindings/SynthesisOutcome";
import { outlineLines, synthesisSummary } from "./writing";

describe("the writing panel", () => {
  it("shows the outline with its numbering and depth", () => {
    const lines = outlineLines({
      source: "",
      notes: [],
      headings: [
        { style: "roman", marker: "II", text: "KẾT QUẢ", depth: 1, notes: [] },
        { style: "letter", marker: "a", text: "Ưu điểm", depth: 2, notes: ["có số liệu"] },
        { style: "dash", marker: "-", text: "Số liệu", depth: 3, notes: [] },
      ],
    });
    expect(lines.map((l) => l.text)).toEqual(["II. KẾT QUẢ", "a) Ưu điểm", "- Số liệu"]);
    expect(lines.map((l) => l.indent)).toEqual([0, 1.5, 3]);
    expect(lines[1]?.notes).toEqual(["có số liệu"]);
  });

  it("sums the synthesis up: who sent, who is late, missing or lacks a heading", () => {
    const office = { submittedOn: "2023-10-12", daysLate: 0, files: ["a.docx"], headingsFound: 3, headingsMissing: [], notes: [] };
    const outcome: SynthesisOutcome = {
      path: "/tmp/th.docx",
      outlineFromPlan: true,
      headings: 3,
      offices: [
        { ...office, officeName: "Tam Đường", status: "onTime" },
        { ...office, officeName: "Mường Tè", status: "late", daysLate: 3, headingsMissing: ["2. Kết quả"] },
        { ...office, officeName: "Sìn Hồ", status: "missing", submittedOn: null, files: [] },
      ],
    };
    expect(synthesisSummary(outcome)).toEqual([
      "2/3 đơn vị đã gửi báo cáo.",
      "Mường Tè: gửi muộn 3 ngày; thiếu đề mục 2. Kết quả",
      "Sìn Hồ: chưa gửi báo cáo.",
    ]);
  });
});
