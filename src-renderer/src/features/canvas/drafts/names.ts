/** A new draft's name, or how to number one: n = 1 is "Untitled sketch", then "Untitled sketch 2"… */
export type DraftNamer = string | ((n: number) => string);

/** The first name of the series that none of `taken` has ("Untitled sketch 2" when the first exists). */
export function firstFreeName(taken: Iterable<string>, namer: DraftNamer): string {
  if (typeof namer === 'string') return namer;
  const names = new Set(taken);
  for (let n = 1; ; n++) if (!names.has(namer(n))) return namer(n);
}
