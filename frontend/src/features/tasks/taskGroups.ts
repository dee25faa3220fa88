import type { Activity } from "../../api/types";

export type TaskGroup = "overdue" | "today" | "week" | "later";

export const groupLabel: Record<TaskGroup, string> = {
  overdue: "Overdue",
  today: "Due today",
  week: "Next 7 days",
  later: "Later",
};

/** groupTasks sorts open tasks with a due date into the buckets a person plans by. */
export function groupTasks(tasks: Activity[], now = new Date()): Record<TaskGroup, Activity[]> {
  const out: Record<TaskGroup, Activity[]> = { overdue: [], today: [], week: [], later: [] };
  const endOfToday = new Date(now);
  endOfToday.setHours(23, 59, 59, 999);
  const endOfWeek = endOfToday.getTime() + 7 * 86_400_000;
  for (const t of tasks) {
    if (!t.due_at) continue;
    const due = Date.parse(t.due_at);
    if (due < now.getTime()) out.overdue.push(t);
    else if (due <= endOfToday.getTime()) out.today.push(t);
    else if (due <= endOfWeek) out.week.push(t);
    else out.later.push(t);
  }
  return out;
}
