// The harness's public entry: the Target interface and its implementations (redis-server and the
// reference server as processes, the reference server in-process, generic targets described by
// data), faults and nemesis schedules, the replication link proxy and its toxics, histories, the
// raw RESP client used for byte-for-byte comparison, and the process registry.

export type { CrashKind, DataFile, Directives, DiskFaultControl, DiskFaultSwitches, PowerLossMode, StartOptions, Target, TargetAddress } from './targets/target.js';
export { targetNow, targetSleep } from './targets/target.js';
export { VirtualTime, type TargetTime } from './virtual-time/virtual-time.js';
export { DiskFaultsUnavailableError } from './targets/disk-fault-control.js';
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
export { SimulatedStorage } from './simulated-disk/simulated-storage.js';
export { PreloadJournal } from './preload/preload-journal.js';
export { LinkProxy, type LinkProxyOptions, type ActiveToxic } from './link-proxy/link-proxy.js';
export { ToxicSpecError, type ToxicSpec, type ToxicType, type Direction } from './link-proxy/toxic.js';
export { TOXICS } from './link-proxy/toxics/index.js';
export { FaultSpecError, type Fault, type FaultContext, type FaultName, type FaultSpec } from './faults/fault.js';
export { FAULTS, makeFault } from './faults/index.js';
export { parseSchedule, type NemesisSchedule, type ScheduleEntry, type ScheduleAt, type ScheduleDuration } from './faults/schedule.js';
export { Nemesis, nemesisWords } from './faults/nemesis.js';
export { HistoryRecorder, type History, type NemesisEvent, type Op, type Outcome } from './history/history.js';
export { recordCall, isDefiniteFailure } from './history/record-call.js';
export { historyFromJson, historyToJson, HistoryFormatError } from './history/history-json.js';
export { timeline, type TimelineEvent } from './history/timeline.js';
export { genericTarget, loadTargetDescription, parseTargetDescription, TargetDescriptionError, REDIS_SERVER_DESCRIPTION_PATH, type TargetDescription } from './targets/generic-target.js';
export { describedTargetsFromEnv } from './targets/described-targets.js';
export { digestOf, dumpOf } from './checkers/read-state.js';
export { readDigest, ReadDigestError } from './checkers/read-digest.js';
