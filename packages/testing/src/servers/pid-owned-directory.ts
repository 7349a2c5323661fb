import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Creates a temporary directory named after the process that owns it, `<parent>/<prefix>-<pid>-XXXXXX`,
 * after removing every `<prefix>-<pid>-*` directory whose process no longer runs. A process removes
 * its own directory in an exit handler, but a test worker that is killed never runs one; the next
 * process to create such a directory cleans up after it, so they cannot pile up.
 *
 * @example
 * ```ts
 * const directory = createPidOwnedTemporaryDirectory("azfed-test-ca"); // /tmp/azfed-test-ca-4242-a1B2c3
 * process.once("exit", () => rmSync(directory, { recursive: true, force: true }));
 * ```
 */
export function createPidOwnedTemporaryDirectory(prefix: string, parent: string = tmpdir()): string {
  removeOrphanedDirectories(prefix, parent);
  return mkdtempSync(join(parent, `${prefix}-${process.pid}-`));
}

/**
 * Removes the `<parent>/<prefix>-<pid>-*` directories of processes that are no longer running, and
 * returns their paths. Best effort: a directory that cannot be listed or removed is left alone.
 *
 * @example
 * ```ts
 * const removed = removeOrphanedDirectories("azfed-test-ca", tmpdir());
 * ```
 */
export function removeOrphanedDirectories(prefix: string, parent: string): string[] {
  const owned = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)-`);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(owned.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    const path = join(parent, name);
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Another process is removing it at the same moment, or it is not ours to remove.
    }
  }
  return removed;
}

/** Whether a process with this id exists: signal 0 checks without sending anything (EPERM: it exists). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
