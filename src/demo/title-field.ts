/**
 * The add form's title box and the message under it: the message appears as soon as the typed
 * title is longer than the demo allows and goes once it fits again. The form refuses such a
 * title and keeps the text, so nothing typed is lost.
 */
import { titleProblem } from './title';

/**
 * Watches `input` and shows in `message` why its title cannot be added. Returns the check to run
 * on submit: true when the title may be added, else false (with the message shown).
 *
 * @example fragment
 * const titleFits = guardTitleField(input, byTestId('title-message'));
 * form.addEventListener('submit', () => { if (titleFits()) add(input.value); });
 */
export function guardTitleField(input: HTMLInputElement, message: HTMLElement): () => boolean {
  const check = (): boolean => {
    const problem = titleProblem(input.value.trim());
    message.textContent = problem ?? '';
    message.hidden = problem === null;
    input.setAttribute('aria-invalid', String(problem !== null));
    return problem === null;
  };
  input.addEventListener('input', check);
  check();
  return check;
}
