import { toApiError } from "./problem";

export interface FormErrors {
  /** messages for fields the form shows, by field name */
  fields: Record<string, string>;
  /** one message for the top of the form, or null */
  form: string | null;
}

export const noErrors: FormErrors = { fields: {}, form: null };

/**
 * formErrors splits a failed request into messages a form can place: field
 * errors on the fields it shows, anything else (a conflict, an error on a
 * field the form does not have, a network failure) at the top.
 */
export function formErrors(err: unknown, shown: readonly string[]): FormErrors {
  const e = toApiError(err);
  const fields: Record<string, string> = {};
  const orphans: string[] = [];
  for (const [field, message] of Object.entries(e.fields)) {
    if (shown.includes(field)) fields[field] = message;
    else orphans.push(`${field}: ${message}`);
  }
  let form: string | null = null;
  if (orphans.length > 0) form = orphans.join(" ");
  else if (Object.keys(fields).length === 0) form = e.message;
  return { fields, form };
}
