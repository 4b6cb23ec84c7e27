/**
 * The error of `type` that `run` throws, for specs that assert on its fields; any other error is thrown on, and
 * nothing thrown fails the spec.
 */
export function thrownError<E extends Error>(run: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}
