import * as z from './zod.ts';

/**
 * Checks for free text that people type and others read (names, descriptions): no character that
 * changes how the text around it is shown or stored rather than being part of it. That is every
 * control character (C0, DEL, C1: NUL, CR, ANSI escapes, …), the line and paragraph separators, and
 * the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make
 * "gpj.exe" read as "exe.jpg". The right-to-left and left-to-right marks stay, as right-to-left text
 * needs them, and so do the joiners that emoji are made with.
 */
const ONE_LINE = /^[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]*$/u;
const LINES = /^(?:[\t\n]|[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069])*$/u;

/** One line of text, such as a name. */
export const oneLineText = () =>
  z.regex(ONE_LINE, 'must not hold control characters (line breaks, tabs, NUL, escapes) or bidirectional overrides such as U+202E');

/** Text of several lines, such as a description: line feeds and tabs are kept. */
export const multiLineText = () =>
  z.regex(LINES, 'may hold line feeds and tabs but no other control characters (carriage returns, NUL, escapes) or bidirectional overrides such as U+202E');
