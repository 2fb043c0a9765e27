// Readiness of a freshly started server: PING answers PONG and INFO persistence says loading:0.
// Bounded: gives up after a deadline or as soon as the process has exited.

import { RawClient } from '../resp/raw-client.js';

/** What waitReady needs to know about the process it waits for. */
export interface ReadinessProbe {
  port: number;
  /** Set once the process has exited (then waiting is pointless). */
  exited(): boolean;
  timeoutMs: number;
  /** Also require INFO persistence loading:0 (default true); false: PING alone. */
  loading?: boolean;
}

/** Resolves once the server is ready; resolves 'exited' if the process died, 'timeout' past the deadline. */
export async function waitReady(probe: ReadinessProbe): Promise<'ready' | 'exited' | 'timeout'> {
  const deadline = Date.now() + probe.timeoutMs;
  // Poll fast at first (redis-server is ready in a few ms), then back off to 25 ms.
  for (let pause = 2; Date.now() < deadline; pause = Math.min(25, pause * 1.5)) {
    if (probe.exited()) return 'exited';
    if (await probeOnce(probe.port, probe.loading ?? true)) return 'ready';
    await new Promise((r) => setTimeout(r, pause));
  }
  return 'timeout';
}

async function probeOnce(port: number, loading: boolean): Promise<boolean> {
  let client: RawClient;
  try {
    client = await RawClient.connect(port, { replyTimeoutMs: 2000 });
  } catch (e) {
    // Not listening yet (ECONNREFUSED): the normal case while the server starts.
    void e;
    return false;
  }
  try {
    if (!loading) {
      const [pong] = await client.pipeline([['PING']]);
      return pong!.value.kind === 'simple' && pong!.value.text === 'PONG';
    }
    const [pong, info] = await client.pipeline([['PING'], ['INFO', 'persistence']]);
    if (pong!.value.kind !== 'simple' || pong!.value.text !== 'PONG') return false;
    const v = info!.value;
    if (v.kind === 'bulk' && v.value !== null) return /(^|\r\n)loading:0(\r\n|$)/.test(v.value);
    // A server without INFO (the reference server while its INFO is unfinished) cannot report
    // loading; PING answering PONG is then the best signal (a loading Redis answers -LOADING).
    return v.kind === 'error' && v.text.startsWith('ERR unknown command');
  } catch (e) {
    void e; // connection reset while the server starts or loads: try again
    return false;
  } finally {
    client.close();
  }
}
