import { describe, expect, it } from "vitest";
import { placeAndDate, signerTitleLines } from "./format";

describe("document presentation", () => {
  it("writes place and date like the paper original", () => {
    expect(placeAndDate("Lai Châu", "2023-06-05")).toBe("Lai Châu, ngày 05 tháng 6 năm 2023");
    expect(placeAndDate("", "2023-06-05")).toBe("Ngày 05 tháng 6 năm 2023");
    expect(placeAndDate("Lai Châu", null)).toBe("Lai Châu");
    expect(placeAndDate("", null)).toBe("");
  });

  it("splits the signer title on new lines and spaced slashes only", () => {
    expect(signerTitleLines("TM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH")).toEqual(["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"]);
    expect(signerTitleLines("TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH")).toEqual(["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"]);
    expect(signerTitleLines("T/M BAN BÍ THƯ")).toEqual(["T/M BAN BÍ THƯ"]);
    expect(signerTitleLines("")).toEqual([]);
  });
});
