#!/usr/bin/env node
// `ref-redis-server`: the durability-lab reference server, started like redis-server.
import { main } from '../dist/reference-server/main.js';
await main(process.argv.slice(2));
