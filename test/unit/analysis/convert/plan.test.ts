import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assemblePlan, defaultPlacements, isDeclined } from '../../../../server/src/analysis/convert/plan';
import { stageFacts } from '../../../../server/src/analysis/convert/stageFacts';
import { lines, modelOf } from '../../helpers';

function factsOf(text: string) {
  const model = modelOf(text);
  return stageFacts(model, model.stageModel.stages[0]);
}

describe('placements', () => {
  test('metadata runs, settings go to both stages, build steps stay, what follows the build runs', () => {
    const facts = factsOf(
      lines('FROM golang:1.22', 'LABEL team=api', 'ARG VERSION', 'ENV CGO_ENABLED=0', 'ENV TZ=UTC', 'WORKDIR /src', 'USER builder', 'COPY . .', 'RUN go build -o /app .', 'RUN adduser -D app', 'COPY config.yaml /etc/app/', 'USER app', 'CMD ["/app"]'),
    );
    assert.deepEqual(defaultPlacements(facts), ['runtime', 'build', 'build', 'both', 'both', 'both', 'build', 'build', 'runtime', 'runtime', 'runtime', 'runtime']);
  });

  test('an ARG goes to the runtime stage too when a runtime instruction uses it', () => {
    const facts = factsOf(lines('FROM node:20', 'ARG PORT=3000', 'ENV PORT=${PORT}', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "index.js"]'));
    const plan = assemblePlan(facts, { ecosystem: 'node', buildPurpose: 'b', runtimePurpose: 'r', candidates: ['node:20-slim'], artifacts: [], artifactPurpose: 'a' });
    assert.ok(!isDeclined(plan));
    assert.equal(plan.placements[0], 'both');
  });

  test('splits a package install between build tools and what the app runs with', () => {
    const facts = factsOf(lines('FROM ruby:3.3', 'RUN apt-get update && apt-get install -y build-essential libpq-dev postgresql-client git', 'WORKDIR /app', 'COPY . .', 'RUN bundle install', 'CMD ["ruby", "app.rb"]'));
    const plan = assemblePlan(facts, { ecosystem: 'ruby', buildPurpose: 'b', runtimePurpose: 'r', candidates: ['ruby:3.3-slim'], artifacts: [], artifactPurpose: 'a' });
    assert.ok(!isDeclined(plan));
    assert.equal(plan.placements[0], 'build');
    // libpq-dev's headers were for compiling; its library, libpq5, is what the compiled gem loads.
    assert.deepEqual(plan.runtimeSetup.map((instruction) => instruction.text), ['RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client libpq5 && rm -rf /var/lib/apt/lists/*']);
    assert.ok(!plan.notes.some((note) => note.includes('libpq-dev')));
  });

  test('runs an install of runtime packages only in both stages, as written', () => {
    const facts = factsOf(lines('FROM golang:1.22-alpine3.20', 'RUN apk add --no-cache tzdata curl', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'CMD ["/app"]'));
    const plan = assemblePlan(facts, { ecosystem: 'go', buildPurpose: 'b', runtimePurpose: 'r', candidates: ['alpine:3.20'], artifacts: [], artifactPurpose: 'a' });
    assert.ok(!isDeclined(plan));
    assert.equal(plan.placements[0], 'both', 'curl is used by the health check');
  });

  test('falls back to a slim image of the same distribution, and declines when there is none', () => {
    const facts = factsOf(lines('FROM golang:1.22', 'WORKDIR /src', 'RUN go build -o /app .', 'CMD /app'));
    const plan = assemblePlan(facts, { ecosystem: 'go', buildPurpose: 'b', runtimePurpose: 'r', candidates: ['gcr.io/distroless/static-debian12', 'alpine:3.20'], artifacts: [], artifactPurpose: 'a' });
    assert.equal(isDeclined(plan) ? plan.declined : plan.runtime.image, 'debian:trixie-slim', 'distroless has no shell for CMD, Alpine is another distribution');
    const maven = factsOf(lines('FROM maven:3.9', 'WORKDIR /src', 'RUN mvn package', 'CMD ["java", "-jar", "target/app.jar"]'));
    const declined = assemblePlan(maven, { ecosystem: 'maven', buildPurpose: 'b', runtimePurpose: 'r', candidates: [], artifacts: [], artifactPurpose: 'a', noRuntimeReason: 'no JRE known' });
    assert.deepEqual(declined, { declined: 'no JRE known' });
  });
});
