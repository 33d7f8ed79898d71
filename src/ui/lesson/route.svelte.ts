// Hash routing between the playground and the course: `#/` (or no hash) is the playground,
// `#/lessons` the course overview, `#/lessons/<id>` one lesson, `#/drill` the interview drill,
// `#/capstones` the design capstones and `#/capstones/<id>` one of them,
// `#/pack?url=<pack file>` a classroom pack (`&lesson=<id>` one of its lessons; `file=<digest>`
// for a pack read from a file) and `#/pack/verify?url=…` its teacher's verify page. Hash routes
// keep the site a plain static folder: any path, no server rewrites.

/** Where a pack comes from: a URL, or a file the learner chose (known by its digest). */
export type PackSource = { url: string } | { file: string } | null;

export type Route =
  | { page: 'playground' }
  | { page: 'course' }
  | { page: 'lesson'; id: string }
  | { page: 'drill' }
  | { page: 'capstones' }
  | { page: 'capstone'; id: string }
  | { page: 'pack'; source: PackSource; lesson?: string }
  | { page: 'pack-verify'; source: PackSource };

function packSource(params: URLSearchParams): PackSource {
  const url = params.get('url');
  if (url) return { url };
  const file = params.get('file');
  return file && /^[0-9a-f]{64}$/.test(file) ? { file } : null;
}

export function packHref(source: PackSource, lesson?: string, verify = false): string {
  const params = new URLSearchParams();
  if (source && 'url' in source) params.set('url', source.url);
  else if (source) params.set('file', source.file);
  if (lesson) params.set('lesson', lesson);
  const query = params.toString();
  return `#/pack${verify ? '/verify' : ''}${query ? `?${query}` : ''}`;
}

export function parseRoute(hash: string): Route {
  if (/^#\/drill\/?$/.test(hash)) return { page: 'drill' };
  const capstone = /^#\/capstones(?:\/([a-z0-9-]+))?\/?$/.exec(hash);
  if (capstone) return capstone[1] ? { page: 'capstone', id: capstone[1] } : { page: 'capstones' };
  const pack = /^#\/pack(\/verify)?\/?(?:\?(.*))?$/.exec(hash);
  if (pack) {
    const params = new URLSearchParams(pack[2] ?? '');
    const source = packSource(params);
    if (pack[1]) return { page: 'pack-verify', source };
    const lesson = params.get('lesson');
    return lesson && /^[a-z0-9-]+$/.test(lesson) ? { page: 'pack', source, lesson } : { page: 'pack', source };
  }
  const m = /^#\/lessons(?:\/([a-z0-9-]+))?\/?$/.exec(hash);
  if (!m) return { page: 'playground' };
  return m[1] ? { page: 'lesson', id: m[1] } : { page: 'course' };
}

export function capstoneHref(id?: string): string {
  return id ? `#/capstones/${id}` : '#/capstones';
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
