/** The person asked for less motion: the packet and the camera jump instead of gliding. */
export const reducedMotion = (): boolean =>
  typeof matchMedia !== 'undefined' && matchMedia('(prefers-reduced-motion: reduce)').matches
