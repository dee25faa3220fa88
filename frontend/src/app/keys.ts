// Query keys in one place, so a mutation knows what it makes stale.
export const keys = {
  me: ["me"] as const,
  setup: ["setup"] as const,
  stages: ["stages"] as const,
  members: ["members"] as const,
  invites: ["invites"] as const,
  apiKeys: ["api-keys"] as const,
  writeKeys: ["write-keys"] as const,
  liveEvents: ["events", "live"] as const,
  accountsIndex: ["accounts", "index"] as const,
  board: ["prospects", "board"] as const,
  list: (entity: "accounts" | "contacts" | "prospects", params: object) => [entity, "list", params] as const,
  record: (entity: "accounts" | "contacts" | "prospects", id: string) => [entity, "record", id] as const,
  timeline: (entity: "accounts" | "contacts" | "prospects", id: string) => ["timeline", entity, id] as const,
  related: (entity: string, id: string, what: string) => ["related", entity, id, what] as const,
  tasks: (params: object) => ["activities", "tasks", params] as const,
};
