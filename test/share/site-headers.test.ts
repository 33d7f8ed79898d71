// The Content-Security-Policy is written three times — the meta tags of index.html and
// embed.html, and public/_headers for static hosts (where frame-ancestors can be said) — so
// this checks they say the same, and what each must say: no inline or remote script, no
// connection to another origin, the app never framed, the embed frameable, the workers'
// scripts with a policy of their own. And the `_headers` reader matches paths as hosts do.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directives, headersFor, parseHeaders } from '../../src/site/headers';

const rules = parseHeaders(readFileSync('public/_headers', 'utf8'));
const metaPolicy = (file: string) => {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file} has no CSP meta tag`);
  return m[1]!;
};
const served = (path: string) => directives(headersFor(rules, path)['content-security-policy'] ?? '');
const withoutFrameAncestors = (d: Map<string, string>) => new Map([...d].filter(([k]) => k !== 'frame-ancestors'));

describe('Content-Security-Policy', () => {
  it.each([['index.html', '/'], ['index.html', '/index.html'], ['embed.html', '/embed.html']])('%s: the meta tag and the header for %s agree', (file, path) => {
    expect(withoutFrameAncestors(served(path))).toEqual(directives(metaPolicy(file)));
  });

  it.each(['/', '/index.html', '/embed.html', '/deck.html'])('%s: scripts only from the site, no inline script, no other origin', (path) => {
    const d = served(path);
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('connect-src')).toBe("'self'");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('base-uri')).toBe("'none'");
  });

  it('the app may not be framed; the embed may, by design', () => {
    expect(served('/').get('frame-ancestors')).toBe("'none'");
    expect(served('/index.html').get('frame-ancestors')).toBe("'none'");
    expect(served('/embed.html').has('frame-ancestors')).toBe(false);
  });

  it('worker scripts get a policy of their own: nothing but their own scripts and this origin', () => {
    const d = served('/assets/simulator.worker-abc123.js');
    expect(d.get('default-src')).toBe("'none'");
    expect(d.get('connect-src')).toBe("'self'");
    expect(d.get('script-src')).toMatch(/^'self'/);
    // Handler code runs in the QuickJS realm (WebAssembly): no script may eval.
    expect(d.get('script-src')).not.toContain("'unsafe-eval'");
    expect(d.get('script-src')).toContain("'wasm-unsafe-eval'");
  });

  it('the AsyncAPI parser\'s worker, alone in parser/, may eval (ajv compiles its validators) and nothing else', () => {
    const d = served('/parser/parse.worker-abc123.js');
    expect(d.get('default-src')).toBe("'none'");
    expect(d.get('script-src')).toBe("'self' 'unsafe-eval'");
    expect(d.has('connect-src')).toBe(false); // default-src 'none': no network
    for (const path of ['/', '/index.html', '/embed.html', '/deck.html', '/assets/parse.worker-abc123.js']) expect(served(path).get('script-src'), path).not.toContain("'unsafe-eval'");
  });

  it('one policy per path: no path gets two (hosts join every matching rule)', () => {
    for (const path of ['/', '/index.html', '/embed.html', '/deck.html', '/assets/x.js', '/parser/x.js', '/other']) {
      expect(rules.filter((r) => headersFor([r], path)['content-security-policy']).length, path).toBeLessThanOrEqual(1);
    }
  });

  it('reads the _headers format: exact paths, splats, joined repeats, comments', () => {
    const r = parseHeaders('# c\n/a\n  X: 1\n/*\n  X: 2\n  Y: 3\n');
    expect(headersFor(r, '/a')).toEqual({ x: '1, 2', y: '3' });
    expect(headersFor(r, '/b')).toEqual({ x: '2', y: '3' });
    expect(() => parseHeaders('  X: 1\n')).toThrow(/under a path/);
  });
});
