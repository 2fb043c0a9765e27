// The CLI's usage text, printed by --help and for unknown subcommands.

/** Usage of `durability-lab`. */
export const USAGE = `usage: durability-lab <command> [options]

commands:
  run           run durability scenarios (and conformance) on targets, write a report, exit 1 on a violation
    --target T,...      redis, reference (in-process, simulated disk, virtual time: waits and fsync
                        stalls take no real time), reference-realtime (the same on the wall clock), reference-process,
                        or a target description file (JSON; see harness/targets/examples/redis-server.target.json).
                        Default: reference, and redis when redis-server is on PATH
    --scenario S,...    built-in scenario names or paths of scenario files (default: the suite's)
    --suite NAME        durability, replication, conformance, or all (default)
    --appendfsync M,... only these modes: always, everysec, no (rdb for RDB-only scenarios)
    --runs N            cases per scenario, mode and target (default 3)
    --seed S            fast-check seed (printed; with --path replays one case)
    --path P            fast-check path of a counterexample (one scenario, target and mode)
    --out DIR           report directory (default reports/latest): index.html report.json summary.md junit.xml
    --junit FILE        also write the JUnit XML here
    --shard i/n         run every n-th scenario run only (merge shards with report --merge)
    --known-divergences FILE  known divergences (default scenarios/known-divergences.json)
    --fail-on-known-divergence  exit 1 on known divergences too
    --max-shrinks N     attempts spent shrinking a failure (default 40)
    --redis-server PATH redis-server binary

  replay REPORT.json --case ID   re-run one counterexample from its seed and path, step by step
  report DIR                     re-render a report directory from its report.json
  report --merge OUT A.json ...  merge shard reports into the report directory OUT
  compare A.json B.json ... [--out DIR]  verdict matrices side by side, differences marked

  conformance   run the differential conformance property: random command sequences on the
                reference server and on redis-server, replies compared byte for byte
    --runs N            sequences to run (default 200)
    --max-commands N    commands per sequence at most (default 50)
    --seed S            fast-check seed (replay a failure with --seed and --path)
    --path P            fast-check path of a counterexample
    --redis-server PATH redis-server binary (default: $REDIS_SERVER, then redis-server on PATH)
    --commands A,B,...  only generate these commands (upper-case names)
    --self-check        compare redis-server with a second redis-server (tests the harness)

  rdb check FILE        check an RDB file (like redis-check-rdb); exit 1 names the defect and offset
  rdb dump FILE         print the dataset of an RDB file as canonical JSON
  aof check DIR|MANIFEST|FILE [--fix]
                        check a multi-part AOF, or one AOF file (like redis-check-aof); --fix truncates a damaged tail

  --help        print this text
`;
