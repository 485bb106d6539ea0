import { describe, expect, it } from "vitest";
import type { Office } from "../../api/bindings/Office";
import { describeAssignee, levelRow, officeRow, roleRow, rowsFromAssignees, rowsToAssignees } from "./assignees";

const office = (id: string, name: string, level: number, parentId: string | null = null): Office => ({
  id,
  code: id.toUpperCase(),
  name,
  level,
  parentId,
  isOwn: false,
});

describe("assignees", () => {
  it("turns rows into assignees, skipping empty rows and duplicates", () => {
    expect(rowsToAssignees([officeRow("a"), officeRow(""), officeRow("a"), levelRow("2", "p")])).toEqual({
      ok: true,
      assignees: [
        { kind: "office", officeId: "a" },
        { kind: "level", level: 2, under: "p" },
      ],
    });
  });

  it("refuses no office at all, or a half-filled level row", () => {
    expect(rowsToAssignees([officeRow("")]).ok).toBe(false);
    expect(rowsToAssignees([levelRow("2", "")]).ok).toBe(false);
  });

  it("round-trips through rows", () => {
    const assignees = [
      { kind: "office" as const, officeId: "x" },
      { kind: "level" as const, level: 3, under: "p" },
      { kind: "role" as const, officeId: "p", role: "Phó Chủ tịch Thường trực" },
    ];
    expect(rowsToAssignees(rowsFromAssignees(assignees))).toEqual({ ok: true, assignees });
  });

  it("names them in Vietnamese", () => {
    const offices = new Map([
      ["p", office("p", "Hội LHPN tỉnh Lai Châu", 1)],
      ["x", office("x", "Hội LHPN huyện Tam Đường", 2, "p")],
    ]);
    const levelName = (r: number) => ["Trung ương", "Tỉnh", "Huyện"][r] ?? `Cấp ${r}`;
    expect(describeAssignee({ kind: "office", officeId: "x" }, offices, levelName)).toBe("Hội LHPN huyện Tam Đường");
    expect(describeAssignee({ kind: "level", level: 2, under: "p" }, offices, levelName)).toBe(
      "các đơn vị cấp Huyện thuộc Hội LHPN tỉnh Lai Châu",
    );
    expect(describeAssignee({ kind: "office", officeId: "gone" }, offices, levelName)).toBe("(đơn vị đã xóa)");
    expect(describeAssignee({ kind: "role", officeId: "p", role: "Chuyên viên Văn phòng" }, offices, levelName)).toBe(
      "Chuyên viên Văn phòng (Hội LHPN tỉnh Lai Châu)",
    );
  });

  it("takes a role inside an office, trimmed, and skips an empty one", () => {
    expect(rowsToAssignees([roleRow("  Thường trực ", "p"), roleRow("", "p"), officeRow("x")])).toEqual({
      ok: true,
      assignees: [
        { kind: "role", officeId: "p", role: "Thường trực" },
        { kind: "office", officeId: "x" },
      ],
    });
    expect(rowsToAssignees([roleRow("Thường trực", "")]).ok).toBe(false);
  });
});
