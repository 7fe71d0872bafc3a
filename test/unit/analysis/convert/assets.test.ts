// The files a binary reads from its folder at run time, which the runtime stage copies besides the binary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILD_INPUTS, runtimeAssets } from '../../../../server/src/analysis/convert/assets';
import type { BuildContext } from '../../../../server/src/analysis/convert/context';
import { stageFacts } from '../../../../server/src/analysis/convert/stageFacts';
import { lines, modelOf } from '../../helpers';

function assetsOf(text: string, context: BuildContext | undefined) {
  const model = modelOf(text);
  const facts = stageFacts(model, model.stageModel.stages[0]);
  return runtimeAssets(context ? { ...facts, context } : facts, BUILD_INPUTS.go, [{ source: '/app/server', destination: '/app/server' }]).map((copy) => copy.source);
}

describe('runtime assets', () => {
  const dockerfile = lines('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o server ./cmd/server', 'CMD ["./server", "-config", "config.yaml"]');

  test('with the build context: what COPY . brought in, less sources, build outputs, repository, deployment and ignored files', () => {
    const entries = ['main.go', 'go.mod', 'cmd/', 'internal/', 'templates/', 'static/', 'config.yaml', '.env', 'deploy/', 'README.md', 'Dockerfile', '.git/', 'Makefile', 'tmp/'];
    const context: BuildContext = { state: 'read', files: {}, entries, dockerignore: lines('.git', 'tmp/', '.env') };
    assert.deepEqual(assetsOf(dockerfile, context), ['/app/templates', '/app/static', '/app/config.yaml']);
  });

  test('without it: the relative files CMD names, and entries copied one by one that are no build input', () => {
    assert.deepEqual(assetsOf(dockerfile, undefined), ['/app/config.yaml']);
    const byName = lines('FROM golang:1.22', 'WORKDIR /app', 'COPY go.mod main.go ./', 'COPY templates/ ./templates/', 'COPY Rocket.toml .', 'RUN go build -o server .', 'CMD ["./server"]');
    assert.deepEqual(assetsOf(byName, undefined), ['/app/templates', '/app/Rocket.toml']);
  });
});
