import { describe, expect, it } from "vitest";
import { formErrors } from "./formErrors";
import { ApiError } from "./problem";

const problem = (status: number, code: string, detail: string, errors?: { field: string; code: string; message: string }[]) =>
  new ApiError(status, { type: "about:blank", title: "x", status, code, detail, errors });

describe("formErrors maps a problem+json answer onto a form", () => {
  it.each([
    {
      name: "a schema error on a shown field goes under that field, in plain words",
      err: problem(422, "validation_failed", "The request has invalid fields.", [{ field: "name", code: "invalid", message: "minimum string length is 1" }]),
      want: { fields: { name: "This field is required." }, form: null },
    },
    {
      name: "a domain error keeps its own message, capitalised",
      err: problem(422, "validation_failed", "x", [{ field: "email", code: "invalid", message: "must be a valid email address" }]),
      want: { fields: { email: "Must be a valid email address" }, form: null },
    },
    {
      name: "a nested field belongs to its top-level field",
      err: problem(422, "validation_failed", "x", [{ field: "contacts.0.contact_id", code: "invalid", message: "unknown contact" }]),
      want: { fields: { contacts: "Unknown contact" }, form: null },
    },
    {
      name: "a missing property names the field",
      err: problem(422, "validation_failed", "x", [{ field: "body", code: "invalid", message: 'property "name" is missing' }]),
      want: { fields: { name: "This field is required." }, form: null },
    },
    {
      name: "an error on a field the form does not show goes to the top",
      err: problem(422, "validation_failed", "x", [{ field: "owner_id", code: "invalid", message: "unknown member" }]),
      want: { fields: {}, form: "owner_id: Unknown member" },
    },
    {
      name: "a conflict without fields shows its detail at the top",
      err: problem(409, "conflict", "conflict: an account with this domain exists"),
      want: { fields: {}, form: "conflict: an account with this domain exists" },
    },
    {
      name: "a network failure says so",
      err: new TypeError("Failed to fetch"),
      want: { fields: {}, form: "Cannot reach the server. Check your connection and try again." },
    },
  ])("$name", ({ err, want }) => {
    expect(formErrors(err, ["name", "email", "contacts", "domain"])).toEqual(want);
  });
});
