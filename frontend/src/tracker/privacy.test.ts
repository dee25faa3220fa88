import { describe, expect, it } from "vitest";
import { allowed, optedOut } from "./privacy";

describe("optedOut", () => {
  const cases: { name: string; nav: Parameters<typeof optedOut>[0]; win?: { doNotTrack?: string }; want: boolean }[] = [
    { name: "no signal", nav: {}, want: false },
    { name: "Do-Not-Track 1", nav: { doNotTrack: "1" }, want: true },
    { name: "Do-Not-Track 0", nav: { doNotTrack: "0" }, want: false },
    { name: "Do-Not-Track unspecified", nav: { doNotTrack: "unspecified" }, want: false },
    { name: "old Firefox's yes", nav: { doNotTrack: "yes" }, want: true },
    { name: "window.doNotTrack (old Safari, Edge)", nav: {}, win: { doNotTrack: "1" }, want: true },
    { name: "msDoNotTrack (IE)", nav: { msDoNotTrack: "1" }, want: true },
    { name: "Global Privacy Control", nav: { globalPrivacyControl: true }, want: true },
    { name: "Global Privacy Control off", nav: { globalPrivacyControl: false }, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(optedOut(c.nav, c.win ?? {})).toBe(c.want));
});

describe("allowed", () => {
  const cases: { name: string; consent: string | null; require: boolean; signals: boolean; want: boolean }[] = [
    { name: "no consent needed, no signal", consent: null, require: false, signals: false, want: true },
    { name: "browser signal says no", consent: null, require: false, signals: true, want: false },
    { name: "site requires consent, none given", consent: null, require: true, signals: false, want: false },
    { name: "site requires consent, given", consent: "1", require: true, signals: false, want: true },
    { name: "consent given on this site wins over the browser default", consent: "1", require: false, signals: true, want: true },
    { name: "consent withdrawn", consent: "0", require: false, signals: false, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(allowed(c.consent, c.require, c.signals)).toBe(c.want));
});
