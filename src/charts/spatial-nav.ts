/**
 * Arrow-key movement between map shapes by position: from the current shape, go to the nearest shape
 * whose centre lies in the arrow's direction. Works for the tile grid (centres on a lattice) and the
 * geographic map (centroids), so both maps share one keyboard model.
 */

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Point {
  x: number;
  y: number;
}

const KEY_DIRECTIONS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

export function directionForKey(key: string): Direction | undefined {
  return KEY_DIRECTIONS[key];
}

/**
 * Index of the point nearest to points[from] in the given direction (screen coordinates: y grows down),
 * or -1 when nothing lies that way. Candidates must be more ahead than sideways (within 45°) when any
 * are; sideways distance counts double, so the shape straight ahead wins over a closer diagonal one.
 */
export function nearestInDirection(points: readonly Point[], from: number, direction: Direction): number {
  const origin = points[from];
  if (!origin) return -1;
  let best = -1;
  let bestScore = Infinity;
  let bestInCone = false;
  points.forEach((p, i) => {
    if (i === from) return;
    const dx = p.x - origin.x;
    const dy = p.y - origin.y;
    const ahead = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const aside = Math.abs(direction === 'left' || direction === 'right' ? dy : dx);
    if (ahead <= 1e-9) return;
    const inCone = aside <= ahead;
    const score = ahead + 2 * aside;
    if ((inCone && !bestInCone) || (inCone === bestInCone && score < bestScore)) {
      best = i;
      bestScore = score;
      bestInCone = inCone;
    }
  });
  return best;
}
