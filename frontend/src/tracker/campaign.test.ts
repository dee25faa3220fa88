import { describe, expect, it } from "vitest";
import { arrival } from "./campaign";

// The names must be those domain/tracking's Message.Touch reads:
// context.campaign {source, medium, name, term, content}.
describe("arrival", () => {
  const cases: { search: string; want: ReturnType<typeof arrival> }[] = [
    { search: "", want: {} },
    { search: "?page=2", want: {} },
    {
      search: "?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_term=crm&utm_content=hero",
      want: { campaign: { source: "newsletter", medium: "email", name: "spring", term: "crm", content: "hero" } },
    },
    { search: "?utm_source=&utm_medium=cpc", want: { campaign: { medium: "cpc" } } },
    { search: "?gclid=abc&fbclid=def", want: { clickIds: { gclid: "abc", fbclid: "def" } } },
    {
      search: "?msclkid=1&li_fat_id=2&wbraid=3&gbraid=4&dclid=5&ttclid=6",
      want: { clickIds: { msclkid: "1", li_fat_id: "2", wbraid: "3", gbraid: "4", dclid: "5", ttclid: "6" } },
    },
    { search: "?utm_source=google&gclid=x", want: { campaign: { source: "google" }, clickIds: { gclid: "x" } } },
    { search: "?utm_campaign=summer%20sale%20%26%20more", want: { campaign: { name: "summer sale & more" } } },
    { search: "?UTM_SOURCE=upper&GCLID=upper", want: {} },
  ];
  for (const c of cases) {
    it(`reads ${c.search || "an empty query"}`, () => {
      expect(arrival(c.search)).toEqual(c.want);
    });
  }
});
