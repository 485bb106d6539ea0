// Bringing an element into view inside the scrolling content area, below the sticky banners.
// (CSS scroll-padding would do this, but WebKitWebDriver then no longer scrolls elements into
// view before clicking them.)

/** Room left above the element for the sticky error/notice banner. */
export const BANNER_ROOM_PX = 96;

export function scrollIntoContent(element: Element | null): void {
  if (!element) return;
  const container = element.closest(".content");
  if (!(container instanceof HTMLElement)) {
    element.scrollIntoView({ block: "start" });
    return;
  }
  const top = element.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
  container.scrollTo({ top: Math.max(0, top - BANNER_ROOM_PX) });
}
