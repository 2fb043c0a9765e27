// The union of the six core value types a key can hold, and Redis's name for each type.

import type { StringValue } from './string-value.js';
import type { ListValue } from './list-value.js';
import type { HashValue } from './hash-value.js';
import type { SetValue } from './set-value.js';
import type { ZSetValue } from './zset-value.js';
import type { StreamValue } from './stream-value.js';

export type RedisValue = StringValue | ListValue | HashValue | SetValue | ZSetValue | StreamValue;
export type ValueType = RedisValue['type'];
