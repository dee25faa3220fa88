import { describe, expect, it, vi } from "vitest";
import { captureForms, formEmail } from "./forms";

function form(html: string, attrs = ""): HTMLFormElement {
  document.body.innerHTML = `<form ${attrs}>${html}</form>`;
  return document.querySelector("form")!;
}

describe("formEmail", () => {
  const cases: { name: string; html: string; want: string }[] = [
    { name: "an email input", html: `<input type="email" value=" ada@example.com ">`, want: "ada@example.com" },
    { name: "a text input named email", html: `<input name="work_email" value="ada@example.com">`, want: "ada@example.com" },
    { name: "autocomplete=email", html: `<input autocomplete="email" value="ada@example.com">`, want: "ada@example.com" },
    { name: "not an address", html: `<input type="email" value="ada">`, want: "" },
    { name: "no email field", html: `<input name="company" value="ada@example.com">`, want: "" },
    { name: "a password field never", html: `<input type="password" name="email" value="ada@example.com">`, want: "" },
    { name: "a field that says it is a password", html: `<input name="email_password" value="x@y.zz">`, want: "" },
    { name: "the email beside a password", html: `<input type="password" value="s3cret@x.yz"><input type="email" value="ada@example.com">`, want: "ada@example.com" },
  ];
  for (const c of cases) it(c.name, () => expect(formEmail(form(c.html))).toBe(c.want));
});

describe("captureForms", () => {
  function submit(f: HTMLFormElement) {
    f.addEventListener("submit", (e) => e.preventDefault());
    f.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  }

  it("identifies from a form marked data-onefunnel-capture", () => {
    const found = vi.fn();
    const doc = document.implementation.createHTMLDocument();
    captureForms(doc, false, found);
    doc.body.innerHTML = `<form data-onefunnel-capture><input type="email" value="ada@example.com"></form><form><input type="email" value="bob@example.com"></form>`;
    const [marked, plain] = Array.from(doc.forms);
    submit(plain!);
    submit(marked!);
    expect(found.mock.calls).toEqual([["ada@example.com"]]);
  });

  it("identifies from every form with captureForms", () => {
    const found = vi.fn();
    const doc = document.implementation.createHTMLDocument();
    captureForms(doc, true, found);
    doc.body.innerHTML = `<form><input type="email" value="bob@example.com"></form>`;
    submit(doc.forms[0]!);
    expect(found.mock.calls).toEqual([["bob@example.com"]]);
  });
});
