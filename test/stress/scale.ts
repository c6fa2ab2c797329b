/**
 * How hard the stress tests push: `npm test` runs them small (a few seconds
 * in all), `npm run stress` sets ZMGR_STRESS=full and runs them at the sizes
 * the issue asks for.
 */
export const FULL = process.env.ZMGR_STRESS === 'full'

export function scale(small: number, full: number): number {
  return FULL ? full : small
}
