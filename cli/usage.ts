// The CLI's usage text, printed by --help and for unknown subcommands.

/** Usage of `durability-lab`. */
export const USAGE = `usage: durability-lab <command> [options]

commands:
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
  aof check DIR|MANIFEST [--fix]
                        check a multi-part AOF (like redis-check-aof); --fix truncates a damaged tail

  --help        print this text
`;
