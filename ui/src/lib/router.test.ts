import { describe, expect, it } from "vitest";
import { href, parseRoute, type Route } from "./router.svelte";

describe("routes", () => {
  it("reads every area and the document views", () => {
    expect(parseRoute("")).toEqual({ area: "tong-quan" });
    expect(parseRoute("#/khong-co")).toEqual({ area: "tong-quan" });
    expect(parseRoute("#/don-vi")).toEqual({ area: "don-vi" });
    expect(parseRoute("#/van-ban")).toEqual({ area: "van-ban", view: "list" });
    expect(parseRoute("#/van-ban/moi")).toEqual({ area: "van-ban", view: "new" });
    expect(parseRoute("#/van-ban/abc")).toEqual({ area: "van-ban", view: "detail", id: "abc" });
    expect(parseRoute("#/van-ban/abc/sua")).toEqual({ area: "van-ban", view: "edit", id: "abc" });
    expect(parseRoute("#/han-bao-cao")).toEqual({ area: "han-bao-cao", view: "list" });
    expect(parseRoute("#/han-bao-cao/theo-doi")).toEqual({ area: "han-bao-cao", view: "tracking" });
    expect(parseRoute("#/han-bao-cao/ebf1c3ae")).toEqual({ area: "han-bao-cao", view: "detail", id: "ebf1c3ae" });
  });

  it("round-trips through href", () => {
    const routes: Route[] = [
      { area: "cai-dat" },
      { area: "van-ban", view: "list" },
      { area: "van-ban", view: "new" },
      { area: "van-ban", view: "detail", id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" },
      { area: "van-ban", view: "edit", id: "x" },
      { area: "han-bao-cao", view: "list" },
      { area: "han-bao-cao", view: "tracking" },
      { area: "han-bao-cao", view: "detail", id: "ebf1c3ae-d1ca-54c2-baee-984f3985a0b9" },
    ];
    for (const r of routes) expect(parseRoute(href(r))).toEqual(r);
  });
});
