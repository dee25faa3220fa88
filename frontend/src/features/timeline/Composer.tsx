import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { formErrors, noErrors } from "../../api/formErrors";
import type { ActivityCreate, ActivityType } from "../../api/types";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { FormError } from "../../ui/Feedback";
import { inputClass } from "../../ui/Field";
import { Icon } from "../../ui/Icon";
import { toast } from "../../ui/toast";
import type { RecordKind } from "./useTimeline";

const kinds: { type: ActivityType; label: string; placeholder: string }[] = [
  { type: "note", label: "Note", placeholder: "Write a note…" },
  { type: "call", label: "Call", placeholder: "What was said on the call?" },
  { type: "meeting", label: "Meeting", placeholder: "Who met, what was agreed?" },
  { type: "task", label: "Task", placeholder: "What needs doing?" },
];

const link: Record<RecordKind, "prospect_id" | "contact_id" | "account_id"> = {
  prospects: "prospect_id",
  contacts: "contact_id",
  accounts: "account_id",
};

/** localToISO turns a datetime-local value (the user's clock) into UTC. */
function localToISO(v: string): string | null {
  return v ? new Date(v).toISOString() : null;
}

/** Composer logs a note, call, meeting or task on the record's timeline. */
export function Composer({ entity, id }: { entity: RecordKind; id: string }) {
  const qc = useQueryClient();
  const [type, setType] = useState<ActivityType>("note");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [due, setDue] = useState("");
  const [errors, setErrors] = useState(noErrors);
  const kind = kinds.find((k) => k.type === type) ?? kinds[0]!;

  const save = useMutation({
    mutationFn: (b: ActivityCreate) => unwrap(api.POST("/api/v1/activities", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: b })),
    onMutate: () => setErrors(noErrors),
    onError: (err) => setErrors(formErrors(err, ["subject", "body", "due_at"])),
    onSuccess: () => {
      setSubject("");
      setBody("");
      setDue("");
      void qc.invalidateQueries({ queryKey: ["timeline"] });
      void qc.invalidateQueries({ queryKey: ["activities"] });
      toast(`${kind.label} saved`);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const b: ActivityCreate = { type, subject: subject.trim(), body, [link[entity]]: id };
    if (type === "task") b.due_at = localToISO(due);
    if (!b.subject && !body.trim()) {
      setErrors({ fields: {}, form: "Write something first." });
      return;
    }
    save.mutate(b);
  }

  return (
    <form onSubmit={submit} noValidate className="rounded-xl bg-white p-3 ring-1 ring-slate-200" aria-label="Log activity">
      <div role="tablist" className="mb-3 flex gap-1 overflow-x-auto">
        {kinds.map((k) => (
          <button
            key={k.type}
            type="button"
            role="tab"
            aria-selected={k.type === type}
            onClick={() => setType(k.type)}
            className={cx(
              "flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-[13px] font-medium",
              k.type === type ? "bg-brand-50 text-brand-700" : "text-slate-500 hover:bg-slate-100 hover:text-slate-800",
            )}
          >
            <Icon name={k.type} className="size-4" />
            {k.label}
          </button>
        ))}
      </div>
      <div className="flex flex-col gap-2">
        <FormError message={errors.form} />
        <input aria-label="Subject" placeholder={type === "task" ? "Task" : "Subject (optional)"} value={subject} onChange={(e) => setSubject(e.target.value)} className={inputClass} maxLength={255} />
        {errors.fields.subject && <p className="text-[13px] text-red-600">{errors.fields.subject}</p>}
        <textarea aria-label="Description" placeholder={kind.placeholder} value={body} onChange={(e) => setBody(e.target.value)} className={cx(inputClass, "min-h-20")} />
        {errors.fields.body && <p className="text-[13px] text-red-600">{errors.fields.body}</p>}
        <div className="flex flex-wrap items-center justify-between gap-2">
          {type === "task" ? (
            <label className="flex items-center gap-2 text-[13px] text-slate-600">
              Due
              <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} className={cx(inputClass, "w-auto py-1.5")} />
            </label>
          ) : (
            <span />
          )}
          <Button type="submit" variant="primary" size="sm" busy={save.isPending}>
            Save {kind.label.toLowerCase()}
          </Button>
        </div>
      </div>
    </form>
  );
}
