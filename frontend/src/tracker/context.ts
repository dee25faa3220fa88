// The Segment context of a browser call: page, campaign, click ids, device.

import { arrival } from "./campaign";

export const VERSION = "0.1.0";

export interface PageInfo {
  url: string;
  path: string;
  referrer: string;
  title: string;
  search: string;
}

/** pageInfo describes the current page; referrer is the previous page of a
 * single-page app, or document.referrer on a full load. */
export function pageInfo(referrer: string): PageInfo {
  return { url: location.href, path: location.pathname, referrer, title: document.title, search: location.search };
}

export function context(page: PageInfo): Record<string, unknown> {
  return {
    page,
    ...arrival(page.search),
    userAgent: navigator.userAgent,
    locale: navigator.language,
    library: { name: "onefunnel.js", version: VERSION },
    screen: { width: screen.width, height: screen.height, density: devicePixelRatio },
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
