import { describeSelection, sortSelections, type Selections } from './buildSelections';
import { derivedKey, type DocumentModel } from './documentModel';
import { mapValue } from './mapValue';
import { platformArgsRead } from './platformArgReads';
import { formatPlatform, platformArgValues } from './platforms';
import { mergeSelections, reachabilityOf, reachabilityOptionsKey, type FromOption, type ReachabilityOptions } from './reachability';
import type { StageModel } from './stageTypes';

/**
 * The images a Dockerfile ships: for each stage built as a root (the target, and any extra roots
 * a workspace builds), each FROM chain it runs on over the configured platforms and the
 * build-argument values that pick a stage. `FROM binaries-$TARGETOS AS binaries` ships one image
 * on `binaries-linux` for the Linux platforms and another on `binaries-windows` for Windows; the
 * final-stage rules judge each, and say for which builds when they differ.
 */
export interface ShippedImage {
  /** The stage built: the target or an extra root. */
  readonly rootIndex: number;
  /** The stages the image runs on, the root first, each built FROM the next; the last names an image (or nothing known). */
  readonly chain: readonly number[];
  /** The configured platforms (formatted) that build this image. */
  readonly platforms: readonly string[];
  /** The `--build-arg` values this image needs beyond the defaults; empty for a plain build. */
  readonly buildArgs: Selections;
  /** The image the last stage of the chain is built FROM in these builds, when its FROM expands. */
  readonly baseImage: string | undefined;
}

/** A version's shipped images, by the options they were worked out for. */
const shippedImagesKey = derivedKey<Map<string, readonly ShippedImage[]>>('shipped images');

/** The shipped images of the document, computed once per version and options (the same options as reachability). */
export function shippedImagesOf(document: DocumentModel, options: ReachabilityOptions): readonly ShippedImage[] {
  const model = document.stageModel;
  return document.deriveFor(shippedImagesKey, reachabilityOptionsKey(document, options), () => computeShippedImages(document, options, options.targetIndex ?? model.targetIndex));
}

interface Branch {
  readonly chain: number[];
  readonly selections: Selections;
}

function computeShippedImages(document: DocumentModel, options: ReachabilityOptions, targetIndex: number | undefined): ShippedImage[] {
  const model = document.stageModel;
  const reachability = reachabilityOf(document, options);
  const roots = [...new Set(targetIndex === undefined ? [...(options.extraRoots ?? [])] : [targetIndex, ...(options.extraRoots ?? [])])];
  const images = new Map<string, { image: ShippedImage; platforms: string[] }>();
  const named: NamedImages = new Map();
  options.platforms.forEach((platform, position) => {
    const platformName = formatPlatform(platform);
    const values = platformArgValues(options.platforms[0], platform);
    const onPlatform = (option: FromOption) =>
      option.selections.every((selection) => selection.source !== 'platform' || selection.value === (values.get(selection.name) ?? ''));
    const basesOf = (stageIndex: number): { stageIndex: number; selections: Selections }[] => {
      const choice = reachability.choices.get(stageIndex);
      if (choice) return choice.options.filter(onPlatform);
      const base = reachability.defaultBases[position]?.get(stageIndex);
      return base === undefined ? [] : [{ stageIndex: base, selections: [] }];
    };
    for (const root of roots) {
      if (root < 0 || root >= model.stages.length) continue;
      for (const branch of chainsFrom(root, basesOf)) {
        const buildArgs = sortSelections(branch.selections.filter((selection) => selection.source === 'buildArg'));
        const last = branch.chain[branch.chain.length - 1];
        const baseImage = imageNamed(model, last, { name: platformName, values }, buildArgs, named);
        const key = JSON.stringify([branch.chain, buildArgs.map(describeSelection), baseImage ?? null]);
        const known = images.get(key);
        if (known) known.platforms.push(platformName);
        else images.set(key, { image: { rootIndex: root, chain: branch.chain, platforms: [], buildArgs, baseImage }, platforms: [platformName] });
      }
    }
  });
  return [...images.values()].map(({ image, platforms }) => ({ ...image, platforms }));
}

/** The images FROM texts name over one computation, by the stage and what the text's value depends on. */
type NamedImages = Map<string, string | undefined>;

/**
 * The image a stage's FROM names in one build: its text as that build expands it, not as the
 * current build does. A FROM with a variable no build gives a value names no known image.
 */
function imageNamed(
  model: StageModel,
  stageIndex: number,
  platform: { readonly name: string; readonly values: ReadonlyMap<string, string> },
  buildArgs: Selections,
  named: NamedImages,
): string | undefined {
  const { base } = model.stages[stageIndex];
  // Most FROM lines hold no variable: every build names what the model resolved.
  if (base.resolved === undefined || base.variables.length === 0) return base.resolved;
  // A text that reads no platform ARG (`golang:${GO_VERSION}`) names one image on every platform.
  const key = JSON.stringify([stageIndex, platformArgsRead(model, base.variables).length > 0 ? platform.name : '', buildArgs.map((selection) => [selection.name, selection.value])]);
  return mapValue(named, key, () => {
    const inputs = { platformArgs: platform.values, buildArgs: new Map(buildArgs.map((selection) => [selection.name, selection.value])) };
    return model.expandBases(inputs, [stageIndex])[stageIndex];
  });
}

/** Most chains a root is followed along before the rest are dropped: enough for any real file. */
const maxChainsPerRoot = 32;

/** A chain being followed: its last stage, and the branch it grew from (shared, not copied, so a long chain costs its length once). */
interface PartialChain {
  readonly stageIndex: number;
  readonly selections: Selections;
  readonly previous: PartialChain | undefined;
}

/** The FROM chains down from `root`, branching where a FROM can name more than one stage in one build. */
function chainsFrom(root: number, basesOf: (stageIndex: number) => readonly { stageIndex: number; selections: Selections }[]): Branch[] {
  const finished: Branch[] = [];
  const pending: PartialChain[] = [{ stageIndex: root, selections: [], previous: undefined }];
  while (pending.length > 0 && finished.length < maxChainsPerRoot) {
    const branch = pending.pop() as PartialChain;
    const last = branch.stageIndex;
    const next = basesOf(last).flatMap((base) => {
      // A FROM names only earlier stages, so a chain cannot loop; the check keeps a bad model from hanging.
      const merged = base.stageIndex < last ? mergeSelections(branch.selections, base.selections) : undefined;
      return merged ? [{ stageIndex: base.stageIndex, selections: merged, previous: branch }] : [];
    });
    if (next.length === 0) finished.push({ chain: chainOf(branch), selections: branch.selections });
    else pending.push(...next);
  }
  return finished;
}

/** The stages of a partial chain, its root first. */
function chainOf(branch: PartialChain): number[] {
  const chain: number[] = [];
  for (let link: PartialChain | undefined = branch; link; link = link.previous) chain.push(link.stageIndex);
  return chain.reverse();
}

/**
 * For whom a verdict on some shipped images holds, "" when it holds for every one: the targets
 * (when the workspace builds more than one), the platforms (when not all the configured ones) and
 * the `--build-arg` values it needs.
 */
export function describeShippedFor(images: readonly ShippedImage[], all: readonly ShippedImage[], platformCount: number, targetName: (rootIndex: number) => string): string {
  if (images.length === all.length) return '';
  const platforms = [...new Set(images.flatMap((image) => image.platforms))];
  const parts: string[] = [];
  const roots = [...new Set(images.map((image) => image.rootIndex))];
  if (roots.length < new Set(all.map((image) => image.rootIndex)).size) parts.push(`of target ${roots.map(targetName).join('; ')}`);
  if (platforms.length < platformCount) parts.push(`on ${platforms.join(', ')}`);
  const plain = images.some((image) => image.buildArgs.length === 0);
  if (!plain) {
    const withArgs = [...new Set(images.map((image) => image.buildArgs.map(describeSelection).join(' ')))];
    parts.push(`with ${withArgs.join(' or ')}`);
  }
  return parts.join(' ');
}
