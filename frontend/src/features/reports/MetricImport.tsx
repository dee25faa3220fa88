import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { Button } from "../../ui/Button";
import { FormError } from "../../ui/Feedback";
import { TextAreaField, TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { parseMetricLines } from "./metricPoints";
import { METRIC_NAME } from "./queries";

/** MetricImport adds or replaces a metric's weekly points from pasted "week,value" lines. */
export function MetricImport({ initialName, onImported }: { initialName: string; onImported: (metric: string) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(initialName || "share_of_voice");
  const [text, setText] = useState("");
  const parsed = parseMetricLines(text);
  const nameOk = METRIC_NAME.test(name);
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT("/api/v1/metrics/{metric}/points", { params: { path: { metric: name } }, body: { points: parsed.points } })),
    onSuccess: () => {
      toast(`Imported ${parsed.points.length} ${parsed.points.length === 1 ? "point" : "points"} into ${name}`);
      setText("");
      void qc.invalidateQueries({ queryKey: ["metrics"] });
      void qc.invalidateQueries({ queryKey: ["reports", "metric-correlation"] });
      onImported(name);
    },
  });
  const ready = nameOk && parsed.points.length > 0 && parsed.errors.length === 0;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (ready) save.mutate();
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Import metric points">
      <TextField
        label="Metric"
        value={name}
        onChange={(e) => setName(e.target.value.trim().toLowerCase())}
        error={name !== "" && !nameOk ? "Lower-case letters, digits, _ . - (up to 63), like share_of_voice." : undefined}
        spellCheck={false}
      />
      <TextAreaField
        label="Points, one week a line"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={"week,value\n2025-01-06,12.5\n2025-01-13,14"}
        rows={6}
        spellCheck={false}
      />
      <p className="text-[13px] text-slate-500" aria-live="polite">
        {parsed.points.length > 0 && `${parsed.points.length} ${parsed.points.length === 1 ? "point" : "points"} read. `}
        Dates move to their week's Monday; a week already there takes the new value.
      </p>
      {parsed.errors.length > 0 && (
        <ul className="list-disc rounded-lg bg-red-50 py-2 pr-3 pl-7 text-[13px] text-red-800" role="alert">
          {parsed.errors.slice(0, 5).map((e) => (
            <li key={e}>{e}</li>
          ))}
          {parsed.errors.length > 5 && <li>…and {parsed.errors.length - 5} more.</li>}
        </ul>
      )}
      <FormError message={save.error?.message} />
      <div>
        <Button type="submit" variant="primary" disabled={!ready} busy={save.isPending}>
          Import {parsed.points.length > 0 ? `${parsed.points.length} ` : ""}points
        </Button>
      </div>
    </form>
  );
}
