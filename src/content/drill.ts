/**
 * The interview drill's question bank: every lesson's interview questions, each with a stable
 * id, the topic it belongs to (the lesson's part) and the lesson that teaches it. The id is the
 * lesson id plus a hash of the question's text, so a question keeps its schedule across course
 * releases as long as its wording stays, and a rewritten question starts fresh.
 */
import type { Course } from './types';

export interface DrillQuestion {
  /** `<lessonId>:<hash of the question>` — the key of its schedule. */
  id: string;
  lessonId: string;
  lessonTitle: string;
  /** The part of the course the lesson belongs to ("Reliability"). */
  topic: string;
  q: string;
  /** The model answer. */
  a: string;
  /** The label of the lesson's first demo: the run that shows the answer. */
  demo?: string;
}

/** FNV-1a over UTF-16 code units, base 36: short, stable, enough to tell questions of one lesson apart. */
function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function drillQuestions(course: Course): DrillQuestion[] {
  const out: DrillQuestion[] = [];
  for (const lesson of course.lessons) {
    for (const item of lesson.meta.interview ?? []) {
      out.push({
        id: `${lesson.id}:${textHash(item.q.trim())}`,
        lessonId: lesson.id,
        lessonTitle: lesson.meta.title,
        topic: lesson.part.title,
        q: item.q,
        a: item.a,
        ...(lesson.meta.demos[0] ? { demo: lesson.meta.demos[0].label } : {}),
      });
    }
  }
  return out;
}
