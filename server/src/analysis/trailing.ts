/**
 * `text` without the run of `characters` it ends with. A pattern such as `/\/+$/` retries the run
 * from each of its characters when something follows it, which is quadratic in the run's length;
 * this walks back from the end once.
 */
export function withoutTrailing(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1])) end--;
  return text.slice(0, end);
}
