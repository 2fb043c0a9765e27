// Ports for in-process listeners, taken in turn from a range outside the kernel's ephemeral range,
// so that thousands of crash cycles never make the kernel search a range full of TIME_WAIT ports.

import { readFileSync } from 'node:fs';

/** Linux's default net.ipv4.ip_local_port_range, used when /proc cannot be read. */
const DEFAULT_EPHEMERAL: [number, number] = [32768, 60999];
/** The lowest port handed out: below it sit well-known and registered services. */
const LOWEST = 10_000;

/**
 * The kernel's ephemeral range (net.ipv4.ip_local_port_range). A bind to port 0 picks a port from
 * it by scanning it (inet_csk_find_open_port in net/ipv4/inet_connection_sock.c), so every port a
 * closed connection keeps in TIME_WAIT there makes that scan longer.
 */
function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'latin1').trim().split(/\s+/).map(Number);
    if (Number.isInteger(lo) && Number.isInteger(hi) && lo! > 0 && hi! >= lo!) return [lo!, hi!];
  } catch {
    // Not Linux, or no /proc: assume the default.
  }
  return DEFAULT_EPHEMERAL;
}

/** The range handed out: below the ephemeral range, else above it; undefined when neither has room. */
function ownRange(): [number, number] | undefined {
  const [lo, hi] = ephemeralRange();
  if (lo - 1 - LOWEST >= 1000) return [LOWEST, lo - 1];
  if (65535 - (hi + 1) >= 1000) return [hi + 1, 65535];
  return undefined;
}

const range = ownRange();
/** Where the next search starts: a random place per process, so parallel test workers rarely meet. */
let cursor = range ? range[0] + Math.floor(Math.random() * (range[1] - range[0] + 1)) : 0;

/**
 * Up to `tries` ports to try in turn for a loopback listener (one that is taken answers EADDRINUSE
 * and the next is tried). Each port handed out moves the shared cursor on, so the targets of one
 * process take different ports. Empty when the machine leaves no room outside its ephemeral range:
 * then the caller binds port 0.
 */
export function* loopbackPortCandidates(tries = 64): Generator<number> {
  if (!range) return;
  for (let i = 0; i < tries; i++) {
    const port = cursor;
    cursor = cursor >= range[1] ? range[0] : cursor + 1;
    yield port;
  }
}
