// Hash-based navigation (`#/van-ban/<id>`), so every place in the app is a real link that works
// with the keyboard and survives a reload of the window.

import { feedback } from "./feedback.svelte";

/** The eight areas of the left navigation; the slug is also the suffix of their test ids. */
export type Area =
  | "tong-quan"
  | "van-ban"
  | "han-bao-cao"
  | "don-vi"
  | "trao-doi"
  | "in"
  | "sao-luu"
  | "cai-dat";

export const AREAS: readonly { slug: Area; label: string }[] = [
  { slug: "tong-quan", label: "Tổng quan" },
  { slug: "van-ban", label: "Văn bản & Kế hoạch" },
  { slug: "han-bao-cao", label: "Hạn & Báo cáo" },
  { slug: "don-vi", label: "Đơn vị" },
  { slug: "trao-doi", label: "Trao đổi dữ liệu (USB)" },
  { slug: "in", label: "In danh sách" },
  { slug: "sao-luu", label: "Sao lưu và khôi phục" },
  { slug: "cai-dat", label: "Cài đặt" },
];

export type Route =
  | { area: Exclude<Area, "van-ban" | "han-bao-cao"> }
  | { area: "van-ban"; view: "list" }
  | { area: "van-ban"; view: "new" }
  | { area: "van-ban"; view: "import" }
  | { area: "van-ban"; view: "detail"; id: string }
  | { area: "van-ban"; view: "edit"; id: string }
  /** Hạn & Báo cáo: the deadline list, the province's view of all offices, one deadline. */
  | { area: "han-bao-cao"; view: "list" }
  | { area: "han-bao-cao"; view: "tracking" }
  | { area: "han-bao-cao"; view: "detail"; id: string };

const DEFAULT_ROUTE: Route = { area: "tong-quan" };

function isArea(value: string | undefined): value is Area {
  return AREAS.some((a) => a.slug === value);
}

/** Reads "#/van-ban/<id>/sua", "#/han-bao-cao/theo-doi" and friends; anything unknown leads to Tổng quan. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter((p) => p !== "").map(decodeURIComponent);
  const [area, second, third] = parts;
  if (!isArea(area)) return DEFAULT_ROUTE;
  if (area === "han-bao-cao") {
    if (second === undefined) return { area, view: "list" };
    if (second === "theo-doi") return { area, view: "tracking" };
    return { area, view: "detail", id: second };
  }
  if (area !== "van-ban") return { area };
  if (second === undefined) return { area, view: "list" };
  if (second === "moi") return { area, view: "new" };
  if (second === "nhap") return { area, view: "import" };
  if (third === "sua") return { area, view: "edit", id: second };
  return { area, view: "detail", id: second };
}

/** The hash for a route; use it in `href`. */
export function href(route: Route): string {
  if (route.area === "han-bao-cao") {
    switch (route.view) {
      case "list":
        return "#/han-bao-cao";
      case "tracking":
        return "#/han-bao-cao/theo-doi";
      case "detail":
        return `#/han-bao-cao/${encodeURIComponent(route.id)}`;
    }
  }
  if (route.area !== "van-ban") return `#/${route.area}`;
  switch (route.view) {
    case "list":
      return "#/van-ban";
    case "new":
      return "#/van-ban/moi";
    case "import":
      return "#/van-ban/nhap";
    case "detail":
      return `#/van-ban/${encodeURIComponent(route.id)}`;
    case "edit":
      return `#/van-ban/${encodeURIComponent(route.id)}/sua`;
  }
}

class Router {
  route = $state<Route>(DEFAULT_ROUTE);
  #hash = "";

  start(): () => void {
    const onChange = () => this.#apply(window.location.hash);
    this.#apply(window.location.hash);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }

  /**
   * Goes to `route` now (the route state changes synchronously, so a notice set right after this
   * call stays on the new screen) and records it in the address.
   */
  navigate(route: Route): void {
    const hash = href(route);
    this.#apply(hash);
    if (window.location.hash !== hash) window.location.hash = hash;
  }

  #apply(hash: string): void {
    const route = parseRoute(hash);
    const canonical = href(route);
    if (canonical === this.#hash) return;
    this.#hash = canonical;
    this.route = route;
    feedback.clear();
  }
}

export const router = new Router();
