import { runInNewContext } from 'node:vm';

/** The global a rewritten example calls to compare a value with the one its comment shows. */
export const CHECK_GLOBAL = '__mpsyncDocValue';

const NOT_AN_EXPRESSION = /^(const|let|var|for|if|while|throw|return|import|export|function|class)\b/;

/** Whether `text` is a literal value that needs no names: `'wifi'`, `{ a: 1 }`, `[1, undefined]`, `Error('x')`. */
function isLiteral(text: string): boolean {
  try {
    // A fresh context: a comment that names anything of the example is prose, not a value.
    runInNewContext(`"use strict"; (${text});`, {});
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns every top-level line `expression; // value` of an example, where the value is a literal,
 * into a check that the expression equals it, as TinyBase checks its documentation's results.
 * Other comments (`// the poll interval passes`) stay comments.
 *
 * @example
 * checkValueComments("f('Wi-Fi'); // 'wifi'"); // "__mpsyncDocValue(f('Wi-Fi'), ('wifi'), 1);"
 */
export function checkValueComments(code: string): string {
  return code
    .split('\n')
    .map((line, i) => {
      const match = /^(\S.*?);\s*\/\/\s*(.+)$/.exec(line);
      if (!match || NOT_AN_EXPRESSION.test(match[1]!) || !isLiteral(match[2]!)) return line;
      return `${CHECK_GLOBAL}(${match[1]}, (${match[2]}), ${i + 1});`;
    })
    .join('\n');
}
