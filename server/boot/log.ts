/** Boot-time console output: one prefix, timings. */
export function log(message: string): void {
  console.log(`[kubelab] ${message}`);
}

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  log(`${label} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  return result;
}

/** A startup failure with a message meant for the person running `npm start` (no stack trace). */
export class BootError extends Error {
  override name = "BootError";
}
