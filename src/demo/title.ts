/**
 * The demo's limit on todo titles. A title is one line of a list: past a few sentences it stops
 * being readable and starts pushing every other todo off the screen. The add form refuses longer
 * titles with a visible message; a longer one written by another device is shown shortened.
 */

/** The most characters (code points) a title may have. */
export const MAX_TITLE_LENGTH = 200;

/** How many characters `title` has, counting a character outside the BMP (an emoji) once. */
export function titleLength(title: string): number {
  let n = 0;
  for (const _ of title) n++;
  return n;
}

/**
 * Why `title` cannot be added, or `null` when it can.
 *
 * @example
 * titleProblem('x'.repeat(230)); // 'A title has at most 200 characters; this one has 230.'
 */
export function titleProblem(title: string): string | null {
  const length = titleLength(title);
  return length > MAX_TITLE_LENGTH ? `A title has at most ${MAX_TITLE_LENGTH} characters; this one has ${length}.` : null;
}

/** `title` as the list shows it: cut at the limit, with an ellipsis, when it is longer. */
export function shownTitle(title: string): { readonly text: string; readonly shortened: boolean } {
  if (title.length <= MAX_TITLE_LENGTH) return { text: title, shortened: false };
  const chars = Array.from(title);
  return chars.length <= MAX_TITLE_LENGTH ? { text: title, shortened: false } : { text: `${chars.slice(0, MAX_TITLE_LENGTH).join('')}…`, shortened: true };
}
