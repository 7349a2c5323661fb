import { InvalidInputError } from "../src/errors/invalid-input-error";

/** The InvalidInputError `run` throws; any other outcome fails the test. */
export function thrown(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("expected an InvalidInputError");
}
