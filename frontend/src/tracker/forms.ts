// Opt-in form capture: when a visitor submits a form the site marked
// (data-onefunnel-capture, or every form with captureForms), the email they
// typed identifies them. Only an email is read; password fields never are,
// nor any field that says it holds one.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** formEmail returns the email entered in a form, or "" when none. */
export function formEmail(form: HTMLFormElement): string {
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement) || el.type === "password") continue;
    const hint = `${el.type} ${el.name} ${el.id} ${el.autocomplete}`.toLowerCase();
    if (hint.includes("pass")) continue;
    const v = el.value.trim();
    if ((el.type === "email" || hint.includes("email")) && EMAIL.test(v)) return v;
  }
  return "";
}

/** captureForms calls found(email) on each submit of a captured form. */
export function captureForms(doc: Document, all: boolean, found: (email: string) => void) {
  doc.addEventListener(
    "submit",
    (e) => {
      const form = e.target;
      if (!(form instanceof HTMLFormElement) || !(all || form.hasAttribute("data-onefunnel-capture"))) return;
      const email = formEmail(form);
      if (email) found(email);
    },
    true,
  );
}
