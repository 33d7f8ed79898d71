// Hash routing between the playground and the course: `#/` (or no hash) is the playground,
// `#/lessons` the course overview, `#/lessons/<id>` one lesson, `#/drill` the interview drill. Hash routes keep the site a
// plain static folder: any path, no server rewrites.

export type Route = { page: 'playground' } | { page: 'course' } | { page: 'lesson'; id: string } | { page: 'drill' };

export function parseRoute(hash: string): Route {
  if (/^#\/drill\/?$/.test(hash)) return { page: 'drill' };
  const m = /^#\/lessons(?:\/([a-z0-9-]+))?\/?$/.exec(hash);
  if (!m) return { page: 'playground' };
  return m[1] ? { page: 'lesson', id: m[1] } : { page: 'course' };
}

export function lessonHref(id: string): string {
  return `#/lessons/${id}`;
}

class HashRoute {
  #hash = $state(typeof location === 'undefined' ? '' : location.hash);

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (this.#hash = location.hash));
  }

  get current(): Route {
    return parseRoute(this.#hash);
  }

  /** True on the course pages: App shows the lessons instead of the playground. */
  get inCourse(): boolean {
    return this.current.page !== 'playground';
  }
}

export const route = new HashRoute();
