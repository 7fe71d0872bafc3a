import type { DocumentModel } from '../../documentModel';
import type { ImageInfo } from '../../imageCatalog';
import { argumentsContentOf, keywordOf } from '../../instructionFacts';
import type { CacheLeak, PackageInstall, RunAnalysis } from '../../runCommands';
import { commandName } from '../../shell';
import { describeBuilders, stagesBuiltElsewhere } from '../../builds/targets';
import type { Finding, QuickFix, Rule, RuleContext } from '../rule';
import { describeShippedFor } from '../../shippedImages';
import { appendToRun, code, imageFacts, insertAfterWord, lineOf, shippedFacts, shippingRuns, type ShippedFacts, type SingleStageReason, type StageFacts } from './support';

export const singleStageBuild: Rule = {
  code: 'SingleStageBuild',
  defaultSeverity: 'warning',
  summary: 'A single stage that compiles or installs build dependencies, so the toolchain ships with the app.',
  check(model) {
    const facts = imageFacts(model);
    const reason = facts.singleStage;
    const only = facts.stages[0];
    if (!reason || !only) return [];
    const what =
      reason.kind === 'build'
        ? `compiles (${code(reason.step.tool)}, line ${lineOf(reason.step.command.range)})`
        : `installs build tools (${reason.packages.map((kept) => code(kept.name)).join(', ')})`;
    const also = alsoShipped(only, reason);
    const alsoClause = also.length > 0 ? `; it also ships ${also.slice(0, -1).join(', ')}${also.length > 1 ? ' and ' : ''}${also.at(-1)}` : '';
    return [
      {
        code: this.code,
        message: `This single stage ${what}, so compilers and sources ship with the app${alsoClause}. Build in a separate stage and copy only the result.`,
        range: only.stage.from.getRange(),
      },
    ];
  },
};

/**
 * What BuildImageInFinalStage, BuildToolsInFinalStage and DevDependenciesInFinalStage would
 * report on the single stage: they stay silent there (the split answers them all, and switching
 * the image alone would break the build), so SingleStageBuild names it instead.
 */
function alsoShipped(only: StageFacts, reason: SingleStageReason): string[] {
  const also: string[] = [];
  for (const run of only.runsConcerning('devDependencies')) {
    for (const install of run.devDependencyInstalls) {
      const written = commandName(install.command) + (install.subcommand ? ` ${install.subcommand}` : '');
      also.push(`development dependencies (${code(written)}, line ${lineOf(install.command.range)})`);
    }
  }
  if (reason.kind === 'build') {
    const kept = only.runsConcerning('buildPackages').flatMap((run) => run.keptBuildPackages);
    if (kept.length > 0) also.push(`build tools (${kept.map((package_) => code(package_.name)).join(', ')})`);
  }
  const image = toolchainImageOf(only);
  if (image) also.push(`the build image ${code(only.rootStage.base.resolved ?? only.rootStage.base.text)} (${image.toolchainNote ?? 'its toolchain'})`);
  return also;
}

/** The stage's base image when the catalog knows it as a toolchain. */
function toolchainImageOf(facts: StageFacts): ImageInfo | undefined {
  const image = facts.baseImage;
  return image?.known && image.toolchain ? image : undefined;
}

/**
 * One finding for each distinct verdict on the shipped images, saying for which builds when it
 * does not hold for all: images whose verdict reads the same are one finding, whatever stage or
 * platform they come from.
 */
function judgeShipped(model: DocumentModel, context: RuleContext, verdictOf: (image: ShippedFacts) => ((forWhom: string) => Finding) | undefined): Finding[] {
  const shipped = shippedFacts(imageFacts(model), model, context);
  const groups = new Map<string, { images: ShippedFacts[]; finding: (forWhom: string) => Finding }>();
  for (const image of shipped) {
    const finding = verdictOf(image);
    if (!finding) continue;
    const plain = finding('');
    const key = JSON.stringify([plain.message, plain.range]);
    const group = groups.get(key);
    if (group) group.images.push(image);
    else groups.set(key, { images: [image], finding });
  }
  const all = shipped.map((image) => image.image);
  return [...groups.values()].map(({ images, finding }) => {
    const forWhom = describeShippedFor(
      images.map((image) => image.image),
      all,
      context.platforms.length,
      (rootIndex) => describeTarget(model, context, rootIndex),
    );
    return finding(forWhom === '' ? '' : ` (${forWhom})`);
  });
}

/** A target as the final-stage messages name it: the stage, and the build files that build it when they do. */
function describeTarget(model: DocumentModel, context: RuleContext, rootIndex: number): string {
  const stage = model.stageModel.stages[rootIndex];
  const builds = stagesBuiltElsewhere(model.stageModel, context.builtElsewhere ?? []).get(rootIndex);
  const name = code(stage?.name ?? `stage ${rootIndex}`);
  return builds ? `${name}, built by ${describeBuilders(builds)}` : name;
}

export const buildImageInFinalStage: Rule = {
  code: 'BuildImageInFinalStage',
  defaultSeverity: 'warning',
  summary: 'The final stage runs on a toolchain image (golang, rust, maven, a JDK, dotnet/sdk, full node or python).',
  check(model, context) {
    const facts = imageFacts(model);
    if (facts.singleStage) return [];
    return judgeShipped(model, context, (shipped) => {
      const image = shipped.baseImage?.known && shipped.baseImage.toolchain ? shipped.baseImage : undefined;
      if (!image) return undefined;
      return (forWhom) => toolchainFinding(this.code, shipped, image, forWhom);
    });
  },
};

function toolchainFinding(ruleCode: string, shipped: ShippedFacts, image: ImageInfo, forWhom: string): Finding {
  const { rootStage } = shipped;
  const facts = shipped.target;
  const { stage } = facts;
  const imageText = shipped.baseImageName ?? rootStage.base.text;
  const via = rootStage === stage ? '' : ` (through stage ${code(rootStage.name ?? String(rootStage.index))})`;
  const runtime = image.runtimeImages[0];
  const suggestion = runtime ? code(runtime.image) : image.runtimeAdvice;
  const advice = suggestion ? ` Run it on ${suggestion} instead.` : '';
  const message = `The final stage${forWhom} runs on ${code(imageText)}${via}, a build image: ${image.toolchainNote ?? 'its toolchain'}, and all of it ships with the app.${advice}`;

  // A stage that builds needs its toolchain; whether it does is asked last, as it takes the RUN analysis.
  const canRewrite = rootStage === stage && !stage.base.text.includes('$') && !facts.runsConcerning('builds').some((run) => run.builds.length > 0);
  const fixes: QuickFix[] = canRewrite
    ? image.runtimeImages.map((runtime, index) => ({
        title: `Use ${runtime.image} (${runtime.note})`,
        edits: [{ range: stage.base.range, newText: runtime.image }],
        isPreferred: index === 0,
      }))
    : [];
  return { code: ruleCode, message, range: stage.base.range, fixes };
}

export const buildToolsInFinalStage: Rule = {
  code: 'BuildToolsInFinalStage',
  defaultSeverity: 'warning',
  summary: 'Compilers, build-essential or -dev packages installed in the final stage and not removed in the same RUN.',
  check(model, context) {
    const facts = imageFacts(model);
    if (facts.singleStage) return [];
    const findings: Finding[] = [];
    for (const { run } of shippingRuns(facts, model, context, 'buildPackages')) {
      const byInstall = new Map<PackageInstall, string[]>();
      for (const kept of run.keptBuildPackages) byInstall.set(kept.install, [...(byInstall.get(kept.install) ?? []), kept.name]);
      for (const [install, names] of byInstall) {
        findings.push({
          code: this.code,
          message: `${names.map(code).join(', ')} ${names.length === 1 ? 'is a build tool' : 'are build tools'} ${run.onbuild ? 'installed by an ONBUILD RUN, so in every image built FROM this one,' : 'installed in the final stage'} and ${names.length === 1 ? 'ships' : 'ship'} with the image. Install ${names.length === 1 ? 'it' : 'them'} in a build stage, or remove ${names.length === 1 ? 'it' : 'them'} in the same RUN.`,
          range: install.command.range,
        });
      }
    }
    return findings;
  },
};

/** The flag each manager takes to skip development dependencies, where adding it is the whole fix. */
export const PRODUCTION_FLAGS: Partial<Record<PackageInstall['manager'], string>> = {
  npm: '--omit=dev',
  pnpm: '--prod',
  composer: '--no-dev',
  poetry: '--only main',
};

export const devDependenciesInFinalStage: Rule = {
  code: 'DevDependenciesInFinalStage',
  defaultSeverity: 'warning',
  summary: 'Development dependencies installed in the final stage (npm install/ci without --omit=dev, composer without --no-dev...).',
  check(model, context) {
    const facts = imageFacts(model);
    if (facts.singleStage) return [];
    const findings: Finding[] = [];
    for (const { stage, run } of shippingRuns(facts, model, context, 'devDependencies')) {
      for (const install of run.devDependencyInstalls) {
        const written = commandName(install.command) + (install.subcommand ? ` ${install.subcommand}` : '');
        const buildsLater = buildsAfter(stage, run, install);
        const flag = PRODUCTION_FLAGS[install.manager];
        const edit = flag && !buildsLater ? insertAfterWord(model, install.command, install.subcommand ?? commandName(install.command), ` ${flag}`) : undefined;
        const advice = buildsLater
          ? 'The stage builds with them afterwards: build in an earlier stage and install production dependencies here.'
          : `Install production dependencies only${flag ? ` (${code(flag)})` : ''}.`;
        findings.push({
          code: this.code,
          message: `${code(written)} installs development dependencies ${run.onbuild ? 'in every image built FROM this one (ONBUILD RUN)' : 'in the final stage'}. ${advice}`,
          range: install.command.range,
          fixes: edit ? [{ title: `Add ${flag}`, edits: [edit], isPreferred: true }] : [],
        });
      }
    }
    return findings;
  },
};

/** True when a build step runs after the install, in the same RUN or a later one of the stage. */
function buildsAfter(stage: StageFacts, sameRun: RunAnalysis, install: PackageInstall): boolean {
  const position = sameRun.script.commands.indexOf(install.command);
  if (sameRun.builds.some((build) => sameRun.script.commands.indexOf(build.command) > position)) return true;
  return stage.runsConcerning('builds', sameRun.instruction.getRange().end.line).some((run) => run.builds.length > 0);
}

/** Cleanup appended to the RUN, per manager, where no flag does the job. */
const CLEANUP_COMMANDS: Partial<Record<CacheLeak['manager'], string>> = {
  apt: 'rm -rf /var/lib/apt/lists/*',
  yum: 'yum clean all',
  dnf: 'dnf clean all',
  microdnf: 'microdnf clean all',
  zypper: 'zypper clean --all',
};

export const packageCacheInFinalStage: Rule = {
  code: 'PackageCacheInFinalStage',
  defaultSeverity: 'warning',
  summary: 'Package manager caches left in a layer of the final stage (apt lists, apk index, pip cache, yum/dnf metadata).',
  check(model, context) {
    const findings: Finding[] = [];
    for (const { run } of shippingRuns(imageFacts(model), model, context, 'caches')) {
      for (const leak of run.leftCaches) {
        findings.push({
          code: this.code,
          message: `${code(leak.command.argv.slice(0, 2).join(' '))} leaves ${leak.what} in ${run.onbuild ? 'every image built FROM this one (ONBUILD RUN)' : 'the final image'}. ${leak.cleanup ? `Run ${code(leak.cleanup)} in the same RUN.` : ADVICE[leak.manager]}`,
          range: leak.command.range,
          fixes: cacheFix(model, run, leak),
        });
      }
    }
    return findings;
  },
};

const ADVICE: Record<CacheLeak['manager'], string> = {
  apt: 'Remove /var/lib/apt/lists/* in the same RUN.',
  apk: 'Use `apk add --no-cache`.',
  pip: 'Use `pip install --no-cache-dir` or set PIP_NO_CACHE_DIR=1.',
  yum: 'Run `yum clean all` in the same RUN.',
  dnf: 'Run `dnf clean all` in the same RUN.',
  microdnf: 'Run `microdnf clean all` in the same RUN.',
  zypper: 'Run `zypper clean --all` in the same RUN.',
};

export function cacheFix(model: DocumentModel, run: RunAnalysis, leak: CacheLeak): QuickFix[] {
  if (leak.manager === 'apk') {
    const edit = insertAfterWord(model, leak.command, 'add', ' --no-cache');
    return edit ? [{ title: 'Add --no-cache', edits: [edit], isPreferred: true }] : [];
  }
  if (leak.manager === 'pip') {
    const edit = insertAfterWord(model, leak.command, 'install', ' --no-cache-dir');
    return edit ? [{ title: 'Add --no-cache-dir', edits: [edit], isPreferred: true }] : [];
  }
  const cleanup = leak.cleanup ?? CLEANUP_COMMANDS[leak.manager];
  const edit = cleanup ? appendToRun(model, run, cleanup) : undefined;
  return edit && cleanup ? [{ title: `Append ${cleanup}`, edits: [edit], isPreferred: true }] : [];
}

const ROOT_USER = /^(root|0)(:.*)?$/;

export const rootUserInFinalStage: Rule = {
  code: 'RootUserInFinalStage',
  defaultSeverity: 'warning',
  summary: 'The final stage runs as root: no USER, or USER root/0, and a base image that defaults to root.',
  check(model, context) {
    return judgeShipped(model, context, (shipped) => rootUserVerdict(this.code, model, shipped));
  },
};

function rootUserVerdict(ruleCode: string, model: DocumentModel, shipped: ShippedFacts): ((forWhom: string) => Finding) | undefined {
  const lastUser = shipped.chain.flatMap((stage) => stage.stage.instructions.filter((instruction) => keywordOf(instruction) === 'USER')).pop();
  if (lastUser) {
    const user = (argumentsContentOf(lastUser, model.instructionReads) ?? '').trim();
    if (!ROOT_USER.test(user)) return undefined;
    return (forWhom) => ({
      code: ruleCode,
      message: `The final stage${forWhom} runs as ${code(user)}. Switch to an unprivileged user with USER after the steps that need root.`,
      range: lastUser.getRange(),
    });
  }
  const { baseImage: image, baseImageName: imageText, rootStage: root, target } = shipped;
  if (imageText === undefined) return undefined;
  if (image?.known && (image.defaultUser === 'nonroot' || image.defaultUser === 'none')) return undefined;
  const reason = image?.known && image.defaultUser === 'root' ? `${code(imageText)} runs as root by default` : `unless ${code(imageText)} sets a user, it runs as root`;
  const nonRootTag = image?.known ? image.nonRootTag : undefined;
  const fixes: QuickFix[] =
    image?.known && nonRootTag && root === target.stage && !root.base.text.includes('$') && !image.reference.digest
      ? [{ title: `Use ${image.reference.familiarName}:${nonRootTag}`, edits: [{ range: root.base.range, newText: `${image.reference.familiarName}:${nonRootTag}` }], isPreferred: true }]
      : [];
  return (forWhom) => ({
    code: ruleCode,
    message: `The final stage${forWhom} sets no USER: ${reason}. Add USER with an unprivileged user${nonRootTag ? ` or use the ${code(nonRootTag)} tag` : ''}.`,
    range: target.stage.base.range,
    fixes,
  });
}
