/**
 * The contents the crash test writes: generation n is a header line, a body whose length
 * depends on n (so a torn mix of two generations cannot have the right length), and a footer.
 */
export function contentOf(generation: number): string {
  const body = String.fromCharCode(97 + (generation % 26)).repeat(96 * 1024 + (generation % 13) * 4099);
  return `gen ${generation}\n${body}\nend ${generation}\n`;
}

/** The generation of a complete content, or null for anything else (empty, torn, foreign). */
export function generationOf(text: string): number | null {
  const m = /^gen (\d+)\n/.exec(text);
  if (!m) return null;
  const generation = Number(m[1]);
  return text === contentOf(generation) ? generation : null;
}
