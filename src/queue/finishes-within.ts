/**
 * Waits for `work` at most `ms`: true when it finished in time, false when the time ran out first (it
 * keeps running; its outcome is then ignored). A rejection in time is passed on. The timer is cleared
 * either way.
 */
export async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
