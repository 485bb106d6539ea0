import { describe, expect, it } from "vitest";
import type { Office } from "../../api/bindings/Office";
import { subtreeIds, treeRows } from "./tree";

const office = (id: string, parentId: string | null): Office => ({
  id,
  code: id.toUpperCase(),
  name: id,
  level: 0,
  parentId,
  isOwn: false,
});

describe("office tree", () => {
  const offices = [office("tinh", null), office("huyen", "tinh"), office("xa", "huyen"), office("phuong", "tinh")];

  it("gives each office its depth", () => {
    expect(treeRows(offices).map((r) => [r.office.id, r.depth])).toEqual([
      ["tinh", 0],
      ["huyen", 1],
      ["xa", 2],
      ["phuong", 1],
    ]);
  });

  it("survives a parent missing from the list and a cycle", () => {
    const odd = [office("a", "missing"), office("b", "c"), office("c", "b")];
    expect(treeRows(odd).map((r) => r.depth)).toEqual([0, 1, 1]);
  });

  it("finds an office's subtree", () => {
    expect([...subtreeIds(offices, "huyen")].sort()).toEqual(["huyen", "xa"]);
    expect(subtreeIds(offices, "tinh").size).toBe(4);
  });
});
