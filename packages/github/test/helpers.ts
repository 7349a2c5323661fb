import { InvalidInputError } from "@azfed/core";
import { expect } from "vitest";

/** The `InvalidInputError` `build` throws; fails the test when it throws nothing or something else. */
export function invalidInput(build: () => unknown): InvalidInputError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError");
}
