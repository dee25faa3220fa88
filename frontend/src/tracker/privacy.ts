// Whether the visitor lets this site track them. Do-Not-Track and Global
// Privacy Control say no for every site; an explicit consent(true) from the
// site's own consent banner is the visitor saying yes to this site, so it
// wins over the browser-wide default. A site that sets data-require-consent
// sends nothing until consent(true).

interface PrivacyNavigator {
  doNotTrack?: string | null;
  msDoNotTrack?: string | null;
  globalPrivacyControl?: boolean;
}

/** optedOut reports Do-Not-Track or Global Privacy Control. */
export function optedOut(nav: PrivacyNavigator = navigator as PrivacyNavigator, win: { doNotTrack?: string | null } = window as { doNotTrack?: string | null }): boolean {
  const dnt = nav.doNotTrack ?? win.doNotTrack ?? nav.msDoNotTrack;
  return dnt === "1" || dnt === "yes" || nav.globalPrivacyControl === true;
}

/** allowed decides from the stored consent ("1", "0" or none), the site's
 * requirement and the browser's signals. */
export function allowed(consent: string | null, requireConsent: boolean, signalsOptOut: boolean): boolean {
  if (consent === "1") return true;
  if (consent === "0") return false;
  return !requireConsent && !signalsOptOut;
}
