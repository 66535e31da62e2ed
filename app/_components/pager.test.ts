import { describe, expect, it } from 'vitest';
import { offsetPage, pagePosition } from './pager';

describe('pagePosition', () => {
  it('says which rows a page of a counted list shows', () => {
    expect(pagePosition(offsetPage(undefined, 20), 57)).toBe('Showing 1–20 of 57');
    expect(pagePosition(offsetPage('3', 20), 57)).toBe('Showing 41–57 of 57');
    expect(pagePosition(offsetPage('1', 20), 7)).toBe('Showing 1–7 of 7');
  });

  it('says when a page from an old link is past the end', () => {
    expect(pagePosition(offsetPage('4', 20), 57)).toBe('Page 4 is past the end: 57 in all');
  });
});
