import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stageFacts } from '../../../../server/src/analysis/convert/stageFacts';
import { lines, modelOf } from '../../helpers';

function factsOf(text: string) {
  const model = modelOf(text);
  return stageFacts(model, model.stageModel.stages[model.stageModel.stages.length - 1]);
}

describe('stage facts', () => {
  test('tracks the WORKDIR with ENV values and finds the last build step', () => {
    const facts = factsOf(lines('FROM node:20', 'ENV APP=/srv/app', 'WORKDIR $APP', 'WORKDIR web', 'COPY . .', 'RUN npm ci', 'RUN npx vite build', 'CMD ["node", "server.js"]'));
    assert.equal(facts.instructions[2].workdir, '/srv/app/web');
    assert.equal(facts.lastBuildPosition, 5, 'a bundler run through npx is a build step');
    assert.deepEqual(facts.start, { argv: ['node', 'server.js'], workdir: '/srv/app/web' });
  });

  test('reads the program through sh -c and exec, and adds CMD to an exec-form ENTRYPOINT', () => {
    assert.deepEqual(factsOf(lines('FROM alpine', 'CMD ["sh", "-c", "exec /app/server --port 80"]')).start?.argv, ['/app/server', '--port', '80']);
    assert.deepEqual(factsOf(lines('FROM alpine', 'ENTRYPOINT ["/tool"]', 'CMD ["--help"]')).start?.argv, ['/tool', '--help']);
    assert.deepEqual(factsOf(lines('FROM alpine', 'ENTRYPOINT /tool run', 'CMD ["ignored"]')).start?.argv, ['/tool', 'run']);
  });

  test('takes the last RUN after the sources arrive as an unrecognised build step', () => {
    const facts = factsOf(lines('FROM alpine:3.20', 'RUN apk add --no-cache build-base', 'WORKDIR /src', 'COPY . .', 'RUN ./build.sh', 'RUN adduser -D app', 'CMD ["/src/app"]'));
    assert.equal(facts.lastBuildPosition, 3);
  });

  test('knows a Windows stage by its image or its shell', () => {
    assert.ok(factsOf(lines('FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022', 'RUN dir')).windows);
    assert.ok(factsOf(lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'SHELL ["powershell", "-Command"]')).windows);
    assert.ok(!factsOf(lines('FROM golang:1.22')).windows);
  });
});
