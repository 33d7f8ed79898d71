import { loadCourseFromDisk } from '../src/content/node-loader';
import { loadHandlerRealmInNode } from '../src/realm/node';
import { runScenario } from '../src/engine/index';
import { demoRun } from '../src/content/resolve';
await loadHandlerRealmInNode();
const { course } = await loadCourseFromDisk();
const lesson = course.lessons.find((l) => l.id === 'rabbitmq-back-pressure-and-hot-keys')!;
for (const demo of lesson.meta.demos) {
  const d = demoRun(lesson, demo) as any;
  const r = runScenario(d.scenario, { seed: d.seed ?? 1, faults: d.faults });
  const count = (k: string) => r.trace.filter((e) => e.kind === k).length;
  const byWorker = ['Catalog-0', 'Catalog-1', 'Catalog-2'].map((s) => r.trace.filter((e) => e.kind === 'handler.completed' && e.data.service === s).length);
  const nacks = r.trace.filter((e) => e.kind === 'publish.confirmed' && e.data.outcome === 'nack').length;
  console.log(demo.label, 'seed', d.seed, 'events', r.trace.length, 'dropped', count('message.dropped'), 'nacks', nacks, 'per worker', byWorker, 'end tick', r.trace[r.trace.length - 1].tick, r.checks.map((c) => `${c.name}:${c.valid}`).join(' '));
}
