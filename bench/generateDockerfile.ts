/**
 * Deterministic, realistic multi-stage Dockerfiles for benchmarks. Every stage has the same
 * shape (only names and numbers change), so the line count is exact and figures from different
 * runs and machines describe the same input.
 */

/** Lines before the first stage: parser directive and global ARGs. */
const HEADER_LINES = 2;

export function generateDockerfile(stageCount: number): string {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG ALPINE_VERSION=3.20'];
  for (let index = 0; index < stageCount; index++) lines.push(...stageLines(index));
  return `${lines.join('\n')}\n`;
}

/** The stage count whose file has about `lineCount` lines (10 -> 352, 50 -> 1,752, 100 -> 3,502). */
export function stagesForLines(lineCount: number): number {
  return Math.max(1, Math.round((lineCount - HEADER_LINES) / STAGE_LINES));
}

function stageLines(index: number): string[] {
  const name = `stage${index}`;
  // Each stage depends on up to two earlier ones, so the stage graph is not just a chain.
  const copySource = index === 0 ? null : `stage${index - 1}`;
  const mountSource = index < 2 ? 'alpine:3.20' : `stage${Math.floor(index / 2)}`;
  return [
    '',
    `# Stage ${index}: builds component ${index} and its configuration`,
    index % 3 === 0 ? `FROM alpine:\${ALPINE_VERSION} AS ${name}` : `FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS ${name}`,
    `ARG COMPONENT=component-${index}`,
    `ARG VERSION=1.${index}.0`,
    'ENV APP_HOME=/opt/${COMPONENT} \\',
    '    PATH="/opt/${COMPONENT}/bin:${PATH}" \\',
    '    LOG_LEVEL=info',
    'WORKDIR ${APP_HOME}',
    '# build dependencies, removed again in the same layer',
    'RUN apk add --no-cache --virtual .build-deps \\',
    '      build-base \\',
    '      curl \\',
    '      git \\',
    '    && mkdir -p /src/${COMPONENT} /out \\',
    '    # a comment between continuation lines',
    `    && echo "building \${COMPONENT:-unknown} version \${VERSION}" > /src/\${COMPONENT}/build.log`,
    copySource === null ? 'COPY --chown=app:app . /src/' : `COPY --from=${copySource} --chown=app:app /out/ /deps/`,
    'COPY <<EOF /etc/${COMPONENT}.conf',
    'name=${COMPONENT}',
    'version=${VERSION}',
    'EOF',
    'RUN --mount=type=cache,target=/root/.cache \\',
    `    --mount=type=bind,from=${mountSource},source=/,target=/mnt/dep \\`,
    '    set -eux; \\',
    "    make -C /src/${COMPONENT} BUILD='release' JOBS=$(nproc); \\",
    '    cp -r /src/${COMPONENT}/dist/. /out/',
    'RUN <<SCRIPT',
    'set -e',
    'for f in /out/*; do echo "$f"; done',
    'SCRIPT',
    `LABEL org.opencontainers.image.title="component ${index}" org.opencontainers.image.version="\${VERSION}"`,
    `EXPOSE ${8000 + index}`,
    `HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:${8000 + index}/health || exit 1`,
    `CMD ["/out/bin/app", "--config", "/etc/component-${index}.conf"]`,
  ];
}

const STAGE_LINES = stageLines(0).length;
