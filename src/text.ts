/** `1 profile`, `2 profiles`: a count with its noun, for messages and pages. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
