// The watchdog with a fake worker: a call that hangs is failed after the timeout, the worker is
// terminated and replaced at once, listeners hear about it, and the next call goes to the fresh
// worker. A worker that dies (error event without a message) is replaced too. A busy worker that
// beats its heartbeat is left to work however long the call takes; once the beats stop it is
// treated as hung; a beat with `graceMs` stretches the silence allowed.
import { describe, expect, it } from 'vitest';
import { Watchdog, WorkerUnresponsive } from '../../src/worker/watchdog';
import { HEARTBEAT_TYPE } from '../../src/worker/heartbeat';

const beat = (worker: EventTarget, graceMs?: number) => worker.dispatchEvent(new MessageEvent('message', { data: { type: HEARTBEAT_TYPE, ...(graceMs ? { graceMs } : {}) } }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class FakeWorker extends EventTarget {
  terminated = false;
  terminate() { this.terminated = true; }
}

function setup(behaviour: (n: number) => 'answer' | 'hang') {
  const workers: FakeWorker[] = [];
  const dog = new Watchdog<{ ping(x: number): Promise<number> }>({
    create: () => {
      const worker = new FakeWorker();
      const n = workers.push(worker) - 1;
      return { worker: worker as unknown as Worker, remote: { ping: (x: number) => (behaviour(n) === 'answer' ? Promise.resolve(x * 2) : new Promise<number>(() => {})) } };
    },
    callTimeoutMs: 50,
    bootTimeoutMs: 80,
  });
  return { dog, workers };
}

describe('Watchdog', () => {
  it('passes answers through', async () => {
    const { dog } = setup(() => 'answer');
    await expect(dog.remote.ping(21)).resolves.toBe(42);
    expect(dog.restarts).toBe(0);
  });

  it('terminates a worker that stops answering, starts a fresh one at once and recovers', async () => {
    const { dog, workers } = setup((n) => (n === 0 ? 'hang' : 'answer'));
    const events: string[] = [];
    dog.onRestart((e) => events.push(e.error.message));
    const started = performance.now();
    await expect(dog.remote.ping(1)).rejects.toBeInstanceOf(WorkerUnresponsive);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(events[0]).toMatch(/stopped answering \(ping took over 0\.1 s\); it was restarted/);
    await expect(dog.remote.ping(2)).resolves.toBe(4);
  });

  it('replaces a worker that crashed', async () => {
    const { dog, workers } = setup((n) => (n === 0 ? 'hang' : 'answer'));
    const pending = dog.remote.ping(1);
    workers[0]!.dispatchEvent(new Event('error'));
    await expect(pending).rejects.toThrow(/crashed/);
    expect(workers).toHaveLength(2);
    await expect(dog.remote.ping(3)).resolves.toBe(6);
  });

  it('leaves a busy worker that beats its heartbeat to finish a long call', async () => {
    let finish: (v: number) => void = () => {};
    const workers: FakeWorker[] = [];
    const dog = new Watchdog<{ ping(x: number): Promise<number> }>({
      create: () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return { worker: worker as unknown as Worker, remote: { ping: (x: number) => (x === 0 ? Promise.resolve(0) : new Promise<number>((r) => { finish = r; })) } };
      },
      callTimeoutMs: 50,
      bootTimeoutMs: 80,
    });
    await dog.remote.ping(0); // booted
    const call = dog.remote.ping(1);
    for (let i = 0; i < 8; i++) { await sleep(25); beat(workers[0]!); } // 200 ms: four timeouts' worth
    finish(7);
    await expect(call).resolves.toBe(7);
    expect(dog.restarts).toBe(0);
    expect(dog.beats).toBe(8);
  });

  it('treats a worker whose beats stop as hung, and honours a beat\'s graceMs', async () => {
    const { dog, workers } = setup((n) => (n === 0 ? 'hang' : 'answer'));
    const call = dog.remote.ping(1);
    const failed = call.then(() => 'answered', (e: unknown) => (e instanceof WorkerUnresponsive ? 'restarted' : 'other'));
    beat(workers[0]!, 300); // "the next piece may take 300 ms"
    await sleep(200);
    expect(dog.restarts).toBe(0);
    expect(await failed).toBe('restarted');
    expect(dog.restarts).toBe(1);
  });
});
