import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('Go', () => {
  goldenTests('go', ['go-single-module', 'go-single-alpine', 'go-hello', 'go-final-stage-toolchain', 'go-directives-heredoc', 'go-run-main', 'go-api-cmd', 'go-clock-tz', 'go-run-workdir-after-copy', 'go-image-workdir', 'go-gopath-workdir']);

  test('builds a static binary for distroless unless the Dockerfile sets CGO_ENABLED itself', () => {
    const result = convertText(lines('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .', 'CMD ["/out/app"]'));
    assert.equal(result.kind, 'converted');
    assert.match(result.text, /ENV CGO_ENABLED=0\nRUN go build/);
    assert.equal(result.runtimeImage, 'gcr.io/distroless/static-debian12:nonroot');
    const withCgo = convertText(lines('FROM golang:1.22-bookworm', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=1 go build -o /out/app .', 'CMD ["/out/app"]'));
    assert.equal(withCgo.kind, 'converted');
    assert.doesNotMatch(withCgo.text, /ENV CGO_ENABLED=0/);
    assert.equal(withCgo.runtimeImage, 'debian:bookworm-slim', 'a binary linked against glibc needs it at run time');
  });

  test('takes an image with a shell when CMD runs in one', () => {
    const result = convertText(lines('FROM golang:1.22-bookworm', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .', 'CMD /out/app --port $PORT'));
    assert.equal(result.kind === 'converted' && result.runtimeImage, 'debian:bookworm-slim');
  });

  test('copies what `go install` puts in GOPATH/bin onto the PATH', () => {
    const result = convertText(lines('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go install ./cmd/tool', 'ENTRYPOINT ["tool"]'));
    assert.equal(result.kind, 'converted');
    assert.match(result.text, /COPY --from=build \/go\/bin\/tool \/usr\/local\/bin\/tool/);
  });
});
