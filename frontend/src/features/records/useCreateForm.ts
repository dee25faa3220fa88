import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { formErrors, noErrors, type FormErrors } from "../../api/formErrors";

/**
 * useCreateForm runs a save and turns a problem+json answer into field errors
 * for the fields the form shows (the rest go to the top of the form).
 */
export function useCreateForm<TIn, TOut>(shown: readonly string[], save: (input: TIn) => Promise<TOut>, onSaved: (out: TOut) => void) {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const m = useMutation({
    mutationFn: save,
    onMutate: () => setErrors(noErrors),
    onError: (err) => setErrors(formErrors(err, shown)),
    onSuccess: onSaved,
  });
  return { errors, submit: m.mutate, busy: m.isPending };
}
