import { describe, expect, it } from "vitest";
import { channelLabel } from "./channels";
import { officeIdsFor } from "./filters.svelte";
import { documentOptionLabel, OPTION_TITLE_MAX } from "./labels";

describe("deadline list helpers", () => {
  it("labels plans with their number, cutting long titles", () => {
    expect(documentOptionLabel({ numberLine: "Số: 268/KH-ĐCT", title: "Ngắn" })).toBe("Số: 268/KH-ĐCT — Ngắn");
    expect(documentOptionLabel({ numberLine: "", title: "Ngắn" })).toBe("Ngắn");
    const long = documentOptionLabel({ numberLine: "", title: "x".repeat(200) });
    expect(long.length).toBe(OPTION_TITLE_MAX);
    expect(long.endsWith("…")).toBe(true);
  });

  it("names the channels", () => {
    expect(channelLabel("usb")).toBe("USB");
    expect(channelLabel("post")).toBe("Bưu điện");
    expect(channelLabel("email")).toBe("Email");
    expect(channelLabel("inPerson")).toBe("Trực tiếp");
  });

  it("turns the office filter into office ids", () => {
    const offices = [
      { id: "p", code: "P", name: "P", level: 1, parentId: null, isOwn: true },
      { id: "a", code: "A", name: "A", level: 2, parentId: "p", isOwn: false },
      { id: "b", code: "B", name: "B", level: 3, parentId: "a", isOwn: false },
    ];
    expect(officeIdsFor("", offices, "p")).toBeNull();
    expect(officeIdsFor("own", offices, "p")).toEqual(["p"]);
    expect(officeIdsFor("below", offices, "p")?.sort()).toEqual(["a", "b"]);
    expect(officeIdsFor("a", offices, "p")).toEqual(["a"]);
  });
});
