import type { KeyboardCoordinateGetter } from "@dnd-kit/core";

/**
 * columnKeys moves a lifted card by whole columns: ArrowRight and ArrowLeft
 * jump to the next or previous stage (the keyboard alternative to dragging);
 * Space drops, Escape cancels. Columns are measured from the DOM on each key,
 * so a quick key press right after lifting does not find them unmeasured.
 */
export const columnKeys: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const dir = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
  if (!dir) return undefined;
  event.preventDefault();
  const columns = context.droppableContainers
    .getEnabled()
    .map((c) => c.node.current?.getBoundingClientRect())
    .filter((r): r is DOMRect => !!r)
    .sort((a, b) => a.left - b.left);
  const card = context.collisionRect;
  if (columns.length === 0 || !card) return undefined;
  const centre = card.left + card.width / 2;
  let at = columns.findIndex((r) => centre >= r.left && centre <= r.right);
  if (at < 0) at = Math.max(0, columns.findIndex((r) => r.left > centre) - 1);
  const target = columns[Math.min(columns.length - 1, Math.max(0, at + dir))];
  if (!target) return undefined;
  return {
    x: currentCoordinates.x + (target.left + target.width / 2 - centre),
    y: currentCoordinates.y + (target.top + 80 - card.top),
  };
};
