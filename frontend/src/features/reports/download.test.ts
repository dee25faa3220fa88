import { describe, expect, it, onTestFinished, vi } from "vitest";
import { setSession } from "../../api/session";
import { fakeApi, problem } from "../../test/fakeApi";
import { downloadFile } from "./download";
import { attributionOptions, attributionQuery, csvName, csvUrl, drilldownPath, liftQuery, roiQuery } from "./queries";
import { readOptions } from "./filters";

const days = { from: "2025-01-01", to: "2025-03-31" };

describe("the CSV export's URL", () => {
  it("is the chart's query plus format=csv", () => {
    const o = readOptions(attributionOptions, new URLSearchParams("model=markov&group_by=campaign&lookback_days=30&half_life_days=3"));
    expect(csvUrl("/api/v1/reports/attribution", attributionQuery(days, o))).toBe(
      "/api/v1/reports/attribution?from=2025-01-01&to=2025-03-31&model=markov&conversion=won&group_by=campaign&lookback_days=30&format=csv",
    );
  });

  it("sends the half-life only to time decay", () => {
    const o = readOptions(attributionOptions, new URLSearchParams("model=time_decay&half_life_days=3.5"));
    expect(csvUrl("/api/v1/reports/attribution", attributionQuery(days, o))).toContain("model=time_decay&conversion=won&group_by=channel&lookback_days=90&half_life_days=3.5&format=csv");
    expect(csvUrl("/api/v1/reports/roi", roiQuery(days, { model: "linear", half_life_days: 3.5 }))).toBe("/api/v1/reports/roi?from=2025-01-01&to=2025-03-31&model=linear&format=csv");
  });

  it("names a lift exposure by touchpoint type or by campaign", () => {
    const byType = liftQuery(days, { exposure: "social_like", outcome: "won", stratify_by: "channel" });
    expect(csvUrl("/api/v1/reports/lift", byType)).toBe("/api/v1/reports/lift?from=2025-01-01&to=2025-03-31&exposure_type=social_like&outcome=won&stratify_by=channel&format=csv");
    const id = "0190a4b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b";
    expect(liftQuery(days, { exposure: `campaign:${id}`, outcome: "won", stratify_by: "none" })).toEqual({ ...days, exposure_campaign_id: id, outcome: "won", stratify_by: "none" });
  });

  it("escapes what it puts in a path", () => {
    expect(drilldownPath("a/b?c")).toBe("/api/v1/reports/attribution/prospects/a%2Fb%3Fc");
    expect(csvName("funnel", days)).toBe("onefunnel-funnel-2025-01-01-to-2025-03-31.csv");
  });
});

describe("downloading a CSV", () => {
  it("fetches the URL with the session's token and saves the file under its name", async () => {
    setSession({ accessToken: "tok", refreshToken: "r", expiresAt: Date.now() + 600_000 });
    const calls = fakeApi({ "GET /api/v1/reports/roi": () => ({ status: 200, text: "campaign,spend\r\nSpring,1200\r\n", type: "text/csv" }) });
    let blob: Blob | undefined;
    const clicked: { href: string; download: string }[] = [];
    // jsdom has no object URLs; the browser's are stood in for and taken away after.
    Object.assign(URL, { createObjectURL: (b: Blob) => ((blob = b), "blob:x"), revokeObjectURL: () => {} });
    onTestFinished(() => {
      delete (URL as Partial<typeof URL>).createObjectURL;
      delete (URL as Partial<typeof URL>).revokeObjectURL;
    });
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });

    await downloadFile(csvUrl("/api/v1/reports/roi", roiQuery(days, { model: "shapley", half_life_days: 7 })), "roi.csv");

    expect(calls).toEqual([expect.objectContaining({ path: "/api/v1/reports/roi", query: "?from=2025-01-01&to=2025-03-31&model=shapley&format=csv", auth: "Bearer tok" })]);
    expect(clicked).toEqual([{ href: "blob:x", download: "roi.csv" }]);
    expect((await blob!.text()).split("\r\n")[0]).toBe("campaign,spend");
    expect(document.querySelector("a[download]")).toBeNull(); // the helper link is gone
  });

  it("says what the server refused", async () => {
    fakeApi({ "GET /api/v1/reports/roi": () => ({ status: 422, body: problem(422, "validation_failed", "to is before from") }) });
    await expect(downloadFile("/api/v1/reports/roi?format=csv", "roi.csv")).rejects.toMatchObject({ status: 422, message: "to is before from" });
  });
});
