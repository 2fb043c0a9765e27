#!/usr/bin/env node
// `durability-lab`: the CLI (conformance for now), a shim over the TypeScript build.
import { main } from '../dist/cli/main.js';
process.exitCode = await main(process.argv.slice(2));
