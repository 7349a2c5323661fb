#!/usr/bin/env node
import { runCli } from "./run-cli";

// Exit once stdout and stderr are flushed, so an idle keep-alive socket cannot hold the process open.
void runCli(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
  process.stdout.write("", () => {
    process.stderr.write("", () => process.exit(exitCode));
  });
});
