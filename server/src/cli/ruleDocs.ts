/**
 * Where the project and its rule pages live on the web. The repository has no public home yet:
 * change this one constant when it gets one, and every SARIF `helpUri` follows.
 */
export const projectHomepage = 'https://github.com/dockerfile-stages/dockerfile-stages';

/** Rule pages as the repository browser shows them (`docs/rules/<Code>.md`). */
export const ruleDocsBaseUrl = `${projectHomepage}/blob/main/docs/rules/`;

export function ruleHelpUri(code: string): string {
  return `${ruleDocsBaseUrl}${encodeURIComponent(code)}.md`;
}
