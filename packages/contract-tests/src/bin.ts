#!/usr/bin/env node
import { main } from "./cli.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cobrowse-contract: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
