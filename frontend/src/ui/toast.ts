// A tiny toast store: mutations anywhere report success or failure; one
// <Toaster/> shows them. No context needed, so hooks stay simple.

export interface Toast {
  id: number;
  kind: "success" | "error";
  text: string;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const fn of listeners) fn();
}

export function toast(text: string, kind: Toast["kind"] = "success"): void {
  const t = { id: nextId++, kind, text };
  toasts = [...toasts.slice(-3), t];
  emit();
  setTimeout(() => dismiss(t.id), kind === "error" ? 6000 : 3000);
}

export function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function subscribeToasts(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function getToasts(): Toast[] {
  return toasts;
}
