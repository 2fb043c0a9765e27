// How a sorted-set score is written as text inside a listpack or an AOF rewrite: Redis's d2string
// and printf "%.17g". One implementation, in keyspace/format-double.ts (it rounds ties like glibc).

export { formatDouble as formatG17, d2string } from '../../keyspace/format-double.js';
