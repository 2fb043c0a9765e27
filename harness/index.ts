// The harness's public entry: targets (redis-server and reference server as processes), the
// raw RESP client used for byte-for-byte comparison, and the process registry.

export type { Directives, Target, TargetAddress } from './targets/target.js';
export { ProcessTarget, TargetStartError, type ProcessTargetSpec } from './targets/process-target.js';
export { redisServerTarget, resolveRedisServer, RedisServerNotFoundError, REDIS_SERVER_DEFAULTS } from './targets/redis-server-target.js';
export { referenceTarget } from './targets/reference-target.js';
export { reapAllSync, liveEntries } from './targets/process-registry.js';
export { freePort } from './targets/free-port.js';
export { RawClient, RawClientError } from './resp/raw-client.js';
export { ReplyReader, RespProtocolError } from './resp/reply-reader.js';
export { encodeCommand, type Argv } from './resp/encode-command.js';
export { describeValue, type RespFrame, type RespValue } from './resp/reply-value.js';
export { InProcessReferenceTarget, IN_PROCESS_DIR } from './targets/in-process-target.js';
export type { CrashKind, StartOptions } from './targets/process-target.js';
export { SimulatedStorage, type PowerLossMode } from './simulated-disk/simulated-storage.js';
export { PreloadJournal, type DiskFaultSwitches } from './preload/preload-journal.js';
