import { describe, expect, it } from 'vitest';
import { MAX_TITLE_LENGTH, shownTitle, titleLength, titleProblem } from '../../src/demo/title';

describe('the demo title limit', () => {
  it(`accepts up to ${MAX_TITLE_LENGTH} characters and says why a longer title is refused`, () => {
    expect(titleProblem('buy milk')).toBeNull();
    expect(titleProblem('x'.repeat(MAX_TITLE_LENGTH))).toBeNull();
    expect(titleProblem('x'.repeat(MAX_TITLE_LENGTH + 30))).toBe(`A title has at most ${MAX_TITLE_LENGTH} characters; this one has ${MAX_TITLE_LENGTH + 30}.`);
  });

  it('counts an emoji as one character, not two UTF-16 units', () => {
    expect(titleLength('🥛🥛')).toBe(2);
    expect(titleProblem('🥛'.repeat(MAX_TITLE_LENGTH))).toBeNull();
  });

  it('shows a longer title cut at the limit with an ellipsis, without splitting a character', () => {
    expect(shownTitle('buy milk')).toEqual({ text: 'buy milk', shortened: false });
    const long = shownTitle('🥛'.repeat(MAX_TITLE_LENGTH + 1));
    expect(long).toEqual({ text: `${'🥛'.repeat(MAX_TITLE_LENGTH)}…`, shortened: true });
    expect(shownTitle('🥛'.repeat(MAX_TITLE_LENGTH))).toEqual({ text: '🥛'.repeat(MAX_TITLE_LENGTH), shortened: false });
  });
});
