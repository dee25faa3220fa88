import type { FieldError, Problem } from "./types";

/**
 * ApiError carries an RFC 9457 problem from the server (or a stand-in one for
 * network failures), so every screen shows the server's words, not a blank.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }

  /** Field errors keyed by the top-level field name (first one wins). */
  get fields(): Record<string, string> {
    return fieldMessages(this.problem.errors ?? []);
  }
}

// kin-openapi's schema reasons are precise but terse; say the common ones plainly.
const plain: [RegExp, string][] = [
  [/^minimum string length is 1$/, "This field is required."],
  [/^maximum string length is (\d+)$/, "Too long: at most $1 characters."],
  [/^minimum string length is (\d+)$/, "Too short: at least $1 characters."],
  [/^string doesn't match the format "uuid".*$/, "Pick a valid record."],
  [/^string doesn't match the format "date".*$/, "Use a date like 2025-12-31."],
  [/^number must be at least (\d+)$/, "Must be at least $1."],
  [/^property "(.+)" is missing$/, "This field is required."],
];

export function humanize(message: string): string {
  for (const [re, text] of plain) {
    if (re.test(message)) return message.replace(re, text);
  }
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * fieldMessages maps the API's field errors to form fields: "contacts.0.contact_id"
 * belongs to "contacts"; a missing required property names itself in the message.
 */
export function fieldMessages(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    let field = e.field.split(".")[0] ?? e.field;
    const missing = /^property "(.+)" is missing$/.exec(e.message);
    if (field === "body" && missing?.[1]) field = missing[1];
    if (!(field in out)) out[field] = humanize(e.message);
  }
  return out;
}

/** toApiError turns whatever a request threw into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, {
    type: "about:blank",
    title: "Network error",
    status: 0,
    code: "network",
    detail: "Cannot reach the server. Check your connection and try again.",
  });
}

export function isProblem(v: unknown): v is Problem {
  return typeof v === "object" && v !== null && "status" in v && "code" in v;
}
