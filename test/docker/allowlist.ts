// Known, explained differences between BuildKit's build checks and dockerfile-stages on the
// fixture corpus. The agreement test fails on any disagreement not listed here, and on any
// entry here that no longer happens, so this file always describes the current state.

/** Who reported a finding the other side did not: BuildKit alone, or dockerfile-stages alone. */
export type Side = 'buildkit' | 'ours';

export interface AllowedDisagreement {
  /** `corpus/<name>`, `apps/<name>` or `buildkit-checks/<name>`. */
  readonly fixture: string;
  readonly check: string;
  /** First line (1-based) of the instruction the finding is on. */
  readonly line: number;
  readonly side: Side;
  readonly reason: string;
}

export const allowedDisagreements: readonly AllowedDisagreement[] = [];

/**
 * Fixtures about a mistake that makes BuildKit itself give up with a build error. Only its
 * parse-time checks are compared there (see parseTimeChecks in agreement.ts). Where a fixture has
 * two such mistakes, BuildKit reports whichever stage it resolves first, which varies from run to
 * run, so either error is expected.
 */
export const expectedStops: Readonly<Record<string, { readonly errors: readonly string[]; readonly reason: string }>> = {
  'corpus/arg-built-stage-names': {
    errors: ['variable expansion is not supported for --from'],
    reason: '`COPY --from=${BUILDER}`: BuildKit does not expand variables in --from (our UndefinedStage/stage model resolves the ARG default instead).',
  },
  'corpus/duplicate-stage-names': {
    errors: ['circular dependency detected on stage: test'],
    reason: 'With `test` defined twice, the second `test` stage resolves `--from=build` against the redefined names and BuildKit sees a cycle.',
  },
  'corpus/invalid-default-arg-in-from': {
    errors: ['failed to parse stage name "node:-alpine"'],
    reason: '`ARG NODE_VERSION` has no default, so the build itself uses the invalid image `node:-alpine`.',
  },
  'corpus/numeric-stage-index': {
    errors: ['invalid stage index 5'],
    reason: '`COPY --from=5` in a three-stage file (StageIndexOutOfRange).',
  },
  'corpus/self-referencing-stage': {
    errors: ['circular dependency detected on stage: config'],
    reason: '`COPY --from=config` inside stage `config` (SelfReferencingStage).',
  },
  'corpus/stage-used-before-definition': {
    errors: ['cannot copy from stage "assets", it needs to be defined before current stage "app"'],
    reason: '`COPY --from=assets` before `FROM web AS assets` (StageUsedBeforeDefinition).',
  },
  'corpus/undefined-arg-in-from': {
    errors: ['failed to parse stage name "alpine:"', 'failed to parse stage name "golang:-alpine"'],
    reason: '`ARG RUNTIME_TAG` is declared after the first FROM, so `alpine:${RUNTIME_TAG}` is `alpine:` for the build; `GO_VERSION` is never declared, so the first stage is `golang:-alpine`.',
  },
  'corpus/undefined-stage-typo': {
    errors: ['buidler: failed to resolve source metadata'],
    reason: '`--from=buidler` names no stage, so BuildKit tries to pull an image `buidler` (UndefinedStage).',
  },
};
