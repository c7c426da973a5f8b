import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinks } from '../../src/core/check-links.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'arbor-links-'));
  for (const [path, html] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), html);
  }
  return dir;
}

describe('link checker', () => {
  it('finds missing pages, missing anchors and links outside the base; accepts the rest', () => {
    const dist = site({
      'index.html': '<a href="/kb/topics/a/">a</a><a href="/kb/topics/a/#part">part</a><a href="topics/a/#nope">bad anchor</a><a href="/kb/topics/gone/">gone</a><a href="/elsewhere/">out</a><a href="https://example.org/">ext</a><a href="#top">top</a><h1 id="top">x</h1>',
      'topics/a/index.html': '<h2 id="part">Part</h2><a href="../../">home</a><img src="/kb/favicon.svg">',
      'favicon.svg': '<svg/>',
    });
    const { broken, pages } = checkLinks(dist, '/kb/');
    expect(pages).toBe(2);
    expect(broken).toEqual([
      { page: 'index.html', href: 'topics/a/#nope', reason: 'no element with id "nope"' },
      { page: 'index.html', href: '/kb/topics/gone/', reason: 'no such page or file' },
      { page: 'index.html', href: '/elsewhere/', reason: 'outside the base /kb/' },
    ]);
  });
});
