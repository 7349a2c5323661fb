import { describe, expect, it } from "vitest";
import { abortable } from "../src/async/abortable";

/** The reasons of the unhandled rejections while `run` runs, and a turn of the event loop after it. */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on("unhandledRejection", listener);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("unhandledRejection", listener);
  }
  return unhandled;
}

/** A promise and the function that rejects it. */
function pending(): { promise: Promise<never>; fail: (error: Error) => void } {
  let fail: (error: Error) => void = () => undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  return { promise, fail };
}

describe("abortable", () => {
  it("with a signal aborted already: rejects with its reason, and the work's later failure is handled", async () => {
    const controller = new AbortController();
    controller.abort(new Error("the caller left"));
    const work = pending();
    const unhandled = await unhandledDuring(async () => {
      await expect(abortable(work.promise, controller.signal)).rejects.toThrow("the caller left");
      work.fail(new Error("the work failed later"));
    });
    expect(unhandled).toEqual([]);
  });

  it("with a signal that aborts during the wait: the same", async () => {
    const controller = new AbortController();
    const work = pending();
    const unhandled = await unhandledDuring(async () => {
      const waiting = abortable(work.promise, controller.signal);
      controller.abort(new Error("the caller left"));
      await expect(waiting).rejects.toThrow("the caller left");
      work.fail(new Error("the work failed later"));
    });
    expect(unhandled).toEqual([]);
  });
});
