import { describe, expect, it } from 'vitest';
import { HOME_SHOWN, byLetter, changedAt, glossaryLetters, indexLetter, mostLinked, mostUsedTerms, recentlyUpdated, splitIndex } from '../../src/core/home.ts';

const page = (title: string, links = 0, extra: { updated?: string; date?: string } = {}) => ({ title, backlinks: Array.from({ length: links }), ...extra });
const term = (name: string, links = 0, mentions = 0) => ({ term: name, backlinks: Array.from({ length: links }), mentions: Array.from({ length: mentions }) });

describe('home page selection', () => {
  it('keeps every page A–Z under the cap, and the most linked (shown A–Z) above it', () => {
    expect(mostLinked([page('b'), page('a')], 5).map((p) => p.title)).toEqual(['b', 'a']);
    const many = [page('zeta', 9), page('alpha', 1), page('mid', 5), page('beta', 5), page('low', 0)];
    expect(mostLinked(many, 3).map((p) => p.title)).toEqual(['beta', 'mid', 'zeta']);
  });

  it('caps at a fixed size whatever the knowledge base size', () => {
    const big = Array.from({ length: 5000 }, (_, i) => page(`n${i}`, i % 17, { date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}` }));
    expect(mostLinked(big, HOME_SHOWN.notes)).toHaveLength(HOME_SHOWN.notes);
    expect(recentlyUpdated(big, HOME_SHOWN.recent)).toHaveLength(HOME_SHOWN.recent);
  });

  it('orders recently updated newest first, `updated` before `date`, leaving undated pages out', () => {
    const list = [
      page('old', 0, { date: '2020-01-01' }),
      page('none'),
      page('edited', 0, { date: '2019-01-01', updated: '2025-06-01T10:00:00Z' }),
      page('new', 0, { date: '2024-05-01' }),
      page('bad', 0, { date: 'not a date' }),
      page('also new', 0, { date: '2024-05-01' }),
    ];
    expect(recentlyUpdated(list, 10).map((p) => p.title)).toEqual(['edited', 'also new', 'new', 'old']);
    expect(recentlyUpdated(list, 2).map((p) => p.title)).toEqual(['edited', 'also new']);
    expect(recentlyUpdated([page('none')], 8)).toEqual([]);
    expect(changedAt(page('x', 0, { updated: 'nope', date: '2024-01-01' }))).toBe(Date.parse('2024-01-01'));
  });

  it('gives the glossary letters as its anchors name them, and the most used terms', () => {
    expect(glossaryLetters([term('attention'), term('Adam'), term('beam'), term('ñu')])).toEqual(['A', 'B', 'Ñ']);
    const terms = [term('a', 1), term('b', 0, 5), term('c'), term('d', 2, 2), term('e', 3)];
    expect(mostUsedTerms(terms, 3).map((t) => t.term)).toEqual(['b', 'd', 'e']);
    expect(mostUsedTerms(terms, 10).map((t) => t.term)).not.toContain('c');
  });
});

describe('index letters', () => {
  it('groups A–Z by first letter, accents dropped, anything else last as #', () => {
    expect(indexLetter('Écoute')).toBe('E');
    expect(indexLetter('3D vision')).toBe('#');
    const groups = byLetter([{ title: 'beta' }, { title: '1st' }, { title: 'Alpha' }, { title: 'apple' }, { title: 'Élan' }]);
    expect(groups.map((g) => [g.letter, g.key, g.items.map((i) => i.title)])).toEqual([
      ['A', 'a', ['Alpha', 'apple']],
      ['B', 'b', ['beta']],
      ['E', 'e', ['Élan']],
      ['#', 'other', ['1st']],
    ]);
  });

  it('splits only above the threshold', () => {
    expect(splitIndex(400)).toBe(false);
    expect(splitIndex(401)).toBe(true);
    expect(splitIndex(3, 2)).toBe(true);
  });
});
