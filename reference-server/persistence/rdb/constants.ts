// RDB format constants, named as Redis 7.0 names them in src/rdb.h, one per line with its meaning.
// Version 10 is what Redis 7.0 writes; we read 1..10.

export const RDB_VERSION = 10; // what Redis 7.0 writes
export const RDB_MAX_READ_VERSION = 10; // newest version we can load

// Length encodings: the two high bits of the first byte.
export const RDB_6BITLEN = 0; // 00xxxxxx: length in the low 6 bits
export const RDB_14BITLEN = 1; // 01xxxxxx xxxxxxxx: 14-bit length, big-endian
export const RDB_32BITLEN = 0x80; // 10000000 + 4 bytes big-endian
export const RDB_64BITLEN = 0x81; // 10000001 + 8 bytes big-endian
export const RDB_ENCVAL = 3; // 11xxxxxx: a specially encoded string follows

// Special string encodings (the low 6 bits after RDB_ENCVAL).
export const RDB_ENC_INT8 = 0; // 8-bit signed integer
export const RDB_ENC_INT16 = 1; // 16-bit signed integer, little-endian
export const RDB_ENC_INT32 = 2; // 32-bit signed integer, little-endian
export const RDB_ENC_LZF = 3; // LZF-compressed: compressed length, original length, data

// Value types.
export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1; // linked list of strings (pre-3.2)
export const RDB_TYPE_SET = 2; // hash table set
export const RDB_TYPE_ZSET = 3; // scores as text (pre-3.2)
export const RDB_TYPE_HASH = 4; // hash table hash
export const RDB_TYPE_ZSET_2 = 5; // skiplist zset, binary double scores
export const RDB_TYPE_MODULE = 6; // module value (pre-GA)
export const RDB_TYPE_MODULE_2 = 7; // module value with annotations
export const RDB_TYPE_HASH_ZIPMAP = 9; // Redis 2.4 zipmap hash
export const RDB_TYPE_LIST_ZIPLIST = 10; // Redis 2.6-3.0 ziplist list
export const RDB_TYPE_SET_INTSET = 11; // intset blob
export const RDB_TYPE_ZSET_ZIPLIST = 12; // ziplist zset (pre-7.0)
export const RDB_TYPE_HASH_ZIPLIST = 13; // ziplist hash (pre-7.0)
export const RDB_TYPE_LIST_QUICKLIST = 14; // quicklist of ziplists (3.2-6.2)
export const RDB_TYPE_STREAM_LISTPACKS = 15; // stream (5.0-6.2)
export const RDB_TYPE_HASH_LISTPACK = 16; // listpack hash (7.0)
export const RDB_TYPE_ZSET_LISTPACK = 17; // listpack zset (7.0)
export const RDB_TYPE_LIST_QUICKLIST_2 = 18; // quicklist of listpacks with node containers (7.0)
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19; // stream with 7.0 metadata

// Opcodes (values above every type).
export const RDB_OPCODE_FUNCTION2 = 245; // function library (7.0)
export const RDB_OPCODE_FUNCTION = 246; // function library (7.0 release candidates)
export const RDB_OPCODE_MODULE_AUX = 247; // module auxiliary data
export const RDB_OPCODE_IDLE = 248; // LRU idle time of the next key
export const RDB_OPCODE_FREQ = 249; // LFU frequency of the next key
export const RDB_OPCODE_AUX = 250; // aux field: name, value
export const RDB_OPCODE_RESIZEDB = 251; // db size and expires size hints
export const RDB_OPCODE_EXPIRETIME_MS = 252; // expire time of the next key, ms, 8 bytes LE
export const RDB_OPCODE_EXPIRETIME = 253; // expire time of the next key, seconds, 4 bytes LE
export const RDB_OPCODE_SELECTDB = 254; // db number of the following keys
export const RDB_OPCODE_EOF = 255; // end of the file; an 8-byte CRC64 follows (version >= 5)

// Quicklist node containers (src/quicklist.h).
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1; // one large element stored as is
export const QUICKLIST_NODE_CONTAINER_PACKED = 2; // a listpack of elements

/** Human names of value types, for error messages. */
export const RDB_TYPE_NAMES: Record<number, string> = {
  0: 'string', 1: 'list', 2: 'set', 3: 'zset', 4: 'hash', 5: 'zset-v2', 6: 'module', 7: 'module-v2',
  9: 'hash-zipmap', 10: 'list-ziplist', 11: 'set-intset', 12: 'zset-ziplist', 13: 'hash-ziplist',
  14: 'list-quicklist', 15: 'stream', 16: 'hash-listpack', 17: 'zset-listpack', 18: 'list-quicklist-v2',
  19: 'stream-v2',
};
