import { endedLifecycles, type ImageInfo } from '../../imageCatalog';
import { parseImageReference, type ImageReference } from '../../imageReference';
import type { Finding, Rule } from '../rule';
import { code, imageFacts } from './support';

export const unpinnedBaseImage: Rule = {
  code: 'UnpinnedBaseImage',
  defaultSeverity: 'warning',
  summary: 'A FROM image without a tag, or with `latest`: the build changes whenever the image does.',
  check(model) {
    const findings: Finding[] = [];
    // Stages often share an image: parse each one once.
    const references = new Map<string, ImageReference | undefined>();
    for (const stage of model.stageModel.stages) {
      const resolved = stage.base.resolved;
      // Stage names, `scratch` and ARG values only the build knows are not images to pin here.
      if (stage.baseStageIndex !== undefined || resolved === undefined || resolved === 'scratch') continue;
      if (!references.has(resolved)) references.set(resolved, parseImageReference(resolved));
      const reference = references.get(resolved);
      if (!reference || reference.digest) continue;
      if (reference.tag !== undefined && reference.tag !== 'latest') continue;
      const written = stage.base.text === resolved ? code(resolved) : `${code(stage.base.text)} (${code(resolved)})`;
      const problem = reference.tag === undefined ? 'has no tag, so it means `latest`' : 'uses `latest`';
      findings.push({
        code: this.code,
        message: `${written} ${problem} and changes whenever a new release is pushed. Pin a version tag or a digest.`,
        range: stage.base.range,
      });
    }
    return findings;
  },
};

export interface DeprecatedBaseImageOptions {
  /** The date to compare end-of-life dates with; today when not given. */
  readonly now?: () => Date;
}

/** DeprecatedBaseImage, with the clock injectable so tests do not age. */
export function createDeprecatedBaseImage(options: DeprecatedBaseImageOptions = {}): Rule {
  const now = options.now ?? (() => new Date());
  return {
    code: 'DeprecatedBaseImage',
    defaultSeverity: 'warning',
    summary: 'A FROM image past its end of life (runtime version or distribution release), from the dated image catalog.',
    check(model) {
      const findings: Finding[] = [];
      const today = now();
      // Stages share their images' lookups: judge each image once.
      const endsByImage = new Map<ImageInfo, string[]>();
      for (const facts of imageFacts(model).stages) {
        const { stage, baseImage } = facts;
        if (stage.baseStageIndex !== undefined || !baseImage?.known) continue;
        let ended = endsByImage.get(baseImage);
        if (!ended) {
          ended = endedLifecycles(baseImage, today).map((end) => `${end.subject} reached end of life on ${end.endOfLife}`);
          if (baseImage.deprecation) ended.unshift(baseImage.deprecation.note);
          endsByImage.set(baseImage, ended);
        }
        if (ended.length === 0) continue;
        findings.push({
          code: 'DeprecatedBaseImage',
          message: `${code(baseImage.reference.text)} gets no more security fixes: ${ended.join('; ')}. Move to a supported release.`,
          range: stage.base.range,
        });
      }
      return findings;
    },
  };
}

export const deprecatedBaseImage: Rule = createDeprecatedBaseImage();
