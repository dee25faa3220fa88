// How the visitor arrived, read from the page URL the way the server's
// domain/tracking Touch reads it: UTM tags go to context.campaign under
// Segment's names (utm_campaign is "name"), ad-platform click ids to
// context.clickIds under their parameter names.

const UTM: Record<string, string> = {
  utm_source: "source",
  utm_medium: "medium",
  utm_campaign: "name",
  utm_term: "term",
  utm_content: "content",
};

export const CLICK_IDS = ["gclid", "fbclid", "msclkid", "li_fat_id", "wbraid", "gbraid", "dclid", "ttclid"];

export interface Arrival {
  campaign?: Record<string, string>;
  clickIds?: Record<string, string>;
}

/** arrival reads UTM tags and click ids from a query string ("?a=b"); empty
 * values are absent, and so is an object with nothing in it. */
export function arrival(search: string): Arrival {
  const q = new URLSearchParams(search);
  const out: Arrival = {};
  const put = (k: "campaign" | "clickIds", name: string, v: string | null) => {
    if (v) (out[k] ??= {})[name] = v;
  };
  for (const p in UTM) put("campaign", UTM[p]!, q.get(p));
  for (const p of CLICK_IDS) put("clickIds", p, q.get(p));
  return out;
}
