import type { DocumentModel } from '../documentModel';
import { positionAt } from '../shell';
import type { Stage, StageModel } from '../stageTypes';
import { detectEcosystem } from './ecosystems/index';
import type { ConvertedDockerfile } from './result';
import { defaultPlacements, needsShell, type Declined } from './plan';
import { catalogRuntimeImages, chooseRuntimeImage } from './runtimeImage';
import type { ConvertStageFacts } from './stageFacts';

/**
 * The stage only runs what was built elsewhere (a prebuilt jar on a JDK, a script on a full
 * language image): its FROM moves to the catalog's runtime image for the build image, which keeps
 * the release line (Java 17 stays 17, `lts` stays `lts`). One edit, which undo reverts.
 */
export function runtimeSwap(model: DocumentModel, facts: ConvertStageFacts): ConvertedDockerfile | Declined {
  const image = facts.stage.base.resolved ?? facts.stage.base.text;
  const installs = facts.instructions.some((instruction) => instruction.systemInstalls.length > 0);
  const placements = defaultPlacements(facts).map(() => 'runtime' as const);
  const ecosystem = detectEcosystem(facts);
  const portable = ecosystem.id === 'maven' || ecosystem.id === 'gradle';
  const runtime = chooseRuntimeImage(facts, { shell: needsShell(facts, placements) || installs, packageManager: installs, portable: portable && !installs }, catalogRuntimeImages(facts));
  if (!runtime) {
    const advice = facts.image?.known ? facts.image.runtimeAdvice : undefined;
    return { declined: `Nothing is built in the final stage: it only runs on the build image ${image}, and no runtime image of the same line is known${advice ? `: use ${advice}` : ''}.` };
  }
  const newImage = followBaseArgs(model.stageModel, facts.stage, runtime.image);
  const range = facts.stage.base.range;
  const start = model.lineStarts[range.start.line] + range.start.character;
  const end = model.lineStarts[range.end.line] + range.end.character;
  return {
    kind: 'converted',
    change: 'runtime-swap',
    text: model.text.slice(0, start) + newImage + model.text.slice(end),
    edit: { range: { start: range.start, end: positionAt(model, end) }, newText: newImage },
    ecosystem: ecosystem.id,
    ecosystemTitle: facts.image?.known ? facts.image.title : ecosystem.title,
    buildStage: '',
    runtimeStage: facts.stage.name ?? '',
    buildImage: image,
    runtimeImage: newImage,
  };
}

/**
 * The runtime image written with the global ARGs the build image is written with, so that
 * `--build-arg NODE_VERSION=22` moves both stages: an ARG's value inside the runtime image's tag
 * becomes the ARG again. ARGs that name a whole image are left out: their value with `-slim`
 * added could name an image that does not exist.
 */
export function followBaseArgs(stageModel: StageModel, stage: Stage, runtimeImage: string): string {
  let written = runtimeImage;
  for (const arg of stageModel.globalArgs) {
    const value = arg.defaultValue;
    if (!value || /[:/@]/.test(value) || !new RegExp(`\\$\\{?${arg.name}\\b`).test(stage.base.text)) continue;
    const tag = written.indexOf(':');
    if (tag < 0) continue;
    const pattern = new RegExp(`(^|[:\\-.])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\-.@])`);
    const match = pattern.exec(written.slice(tag));
    if (!match) continue;
    const at = tag + match.index + match[1].length;
    written = `${written.slice(0, at)}\${${arg.name}}${written.slice(at + value.length)}`;
  }
  return written;
}
