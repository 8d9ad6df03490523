/**
 * A cell asking the person running it for a line of text (`await input('Name? ')`, the notebook's
 * Python `input()`): the kernel asks its host, and the host asks whoever can answer (Jupyter's stdin
 * channel, VS Code's input box, the CLI's terminal) or answers with why nobody can.
 */

/** What the cell asked: the prompt, and whether the text is secret (not echoed, not kept). */
export interface InputRequest {
  prompt: string;
  password: boolean;
}

/** The line the person typed, or why there is none (no one to ask, dismissed, cancelled). */
export type InputReply = { value: string } | { error: string };
