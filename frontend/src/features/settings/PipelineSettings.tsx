import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { formErrors, noErrors } from "../../api/formErrors";
import { PHASES, type Phase, type Stage } from "../../api/types";
import { keys } from "../../app/keys";
import { phaseLabel } from "../../lib/format";
import { Badge, phaseTone } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { ErrorState, FormError, Loading } from "../../ui/Feedback";
import { inputClass, SelectField, TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { isAdmin, useMe, useStages } from "../records/lookups";
import { Card } from "./SettingsPage";

function useStageChange() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: keys.stages });
    void qc.invalidateQueries({ queryKey: keys.board });
  };
}

function StageRow({ stage, index, count, editable }: { stage: Stage; index: number; count: number; editable: boolean }) {
  const changed = useStageChange();
  const [name, setName] = useState(stage.name);
  const [error, setError] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: (body: { name?: string; position?: number }) => unwrap(api.PATCH("/api/v1/stages/{id}", { params: { path: { id: stage.id } }, body })),
    onSuccess: () => {
      setError(null);
      changed();
    },
    onError: (e) => setError(formErrors(e, ["name"]).fields.name ?? e.message),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/stages/{id}", { params: { path: { id: stage.id } } })),
    onSuccess: () => {
      changed();
      toast(`Deleted stage “${stage.name}”`);
    },
    onError: (e) => toast(e.message, "error"),
  });
  return (
    <li className="flex flex-wrap items-center gap-2 py-2" data-testid="stage-row">
      <span className="w-6 text-right text-[13px] text-slate-400 tabular-nums">{index + 1}</span>
      <div className="min-w-0 flex-1 basis-40">
        <input
          aria-label={`Name of stage ${index + 1}`}
          value={name}
          disabled={!editable}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name !== stage.name && update.mutate({ name })}
          onKeyDown={(e) => e.key === "Enter" && (e.currentTarget as HTMLInputElement).blur()}
          className={inputClass}
        />
        {error && <p className="mt-1 text-[13px] text-red-600">{error}</p>}
      </div>
      <span className="w-24 shrink-0 text-right">
        <Badge tone={phaseTone[stage.phase]}>{phaseLabel[stage.phase]}</Badge>
      </span>
      {editable && (
        <span className="flex gap-1">
          <Button size="sm" variant="ghost" aria-label={`Move ${stage.name} up`} disabled={index === 0 || update.isPending} onClick={() => update.mutate({ position: index - 1 })}>
            ↑
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Move ${stage.name} down`} disabled={index === count - 1 || update.isPending} onClick={() => update.mutate({ position: index + 1 })}>
            ↓
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Delete ${stage.name}`} busy={remove.isPending} onClick={() => remove.mutate()}>
            Delete
          </Button>
        </span>
      )}
    </li>
  );
}

function AddStage() {
  const changed = useStageChange();
  const [name, setName] = useState("");
  const [phase, setPhase] = useState<Phase>("opportunity");
  const [errors, setErrors] = useState(noErrors);
  const add = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/stages", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { name, phase } })),
    onMutate: () => setErrors(noErrors),
    onError: (e) => setErrors(formErrors(e, ["name", "phase"])),
    onSuccess: (s) => {
      setName("");
      changed();
      toast(`Added stage “${s.name}”; move it into place with the arrows`);
    },
  });
  return (
    <form onSubmit={(e: FormEvent) => (e.preventDefault(), add.mutate())} noValidate className="mt-4 grid grid-cols-1 items-end gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[1fr_12rem_auto]">
      <div className="sm:col-span-3">
        <FormError message={errors.form} />
      </div>
      <TextField label="New stage" placeholder="Demo scheduled" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
      <SelectField label="Phase" value={phase} onChange={(e) => setPhase(e.target.value as Phase)} error={errors.fields.phase}>
        {PHASES.map((p) => (
          <option key={p} value={p}>
            {phaseLabel[p]}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="primary" busy={add.isPending}>
        Add stage
      </Button>
    </form>
  );
}

/** PipelineSettings: rename, reorder, add and delete stages; a stage's phase is fixed. */
export function PipelineSettings() {
  const stages = useStages();
  const me = useMe();
  const editable = isAdmin(me.data?.member.role);
  if (stages.error) return <ErrorState error={stages.error} onRetry={() => void stages.refetch()} />;
  if (!stages.data) return <Loading />;
  return (
    <Card title="Pipeline stages" description="One pipeline from first touch to renewal. Teams name stages freely; reports read the phase, which is fixed once a stage exists.">
      <ul className="divide-y divide-slate-100">
        {stages.data.map((s, i) => (
          <StageRow key={`${s.id}:${s.name}`} stage={s} index={i} count={stages.data.length} editable={editable} />
        ))}
      </ul>
      {editable ? <AddStage /> : <p className="mt-3 text-[13px] text-slate-500">Only owners and admins change the pipeline.</p>}
    </Card>
  );
}
