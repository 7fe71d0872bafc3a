/**
 * Files longer than this many characters are not analysed, by the server (infra/limits.ts)
 * nor by the command line: parsing grows with the text, and the library's work on top of it
 * costs as much again per request, so the cap bounds the slowest answer.
 */
export const maxAnalysedCharacters = 1024 * 1024;

const inMegabytes = (characters: number): string => `${(characters / (1024 * 1024)).toFixed(1)} MB`;

/** "<subject> is 2.0 MB: ... up to 1.0 MB", how both the server and the CLI begin their refusal. */
export function sizeOverLimit(subject: string, characters: number): string {
  return `${subject} is ${inMegabytes(characters)}: Dockerfile Stages analyses files up to ${inMegabytes(maxAnalysedCharacters)}`;
}
