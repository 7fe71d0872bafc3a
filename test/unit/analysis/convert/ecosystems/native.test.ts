import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('C/C++', () => {
  goldenTests('native', ['c-single-gcc', 'c-single-make-debian', 'cpp-single-cmake', 'c-hello', 'c-optional-docs', 'cpp-cmake-sqlite', 'c-conditional-artefact']);

  test('finds the program `make install PREFIX=` puts in its bin folder', () => {
    const result = convertText(lines('FROM gcc:14-bookworm', 'WORKDIR /src', 'COPY . .', 'RUN make && make install PREFIX=/opt/tool', 'CMD ["tool"]'));
    assert.equal(result.kind, 'converted');
    assert.equal(result.runtimeImage, 'debian:bookworm-slim');
    assert.match(result.text, /COPY --from=build \/opt\/tool\/bin\/tool \/usr\/local\/bin\/tool/);
  });

  test('keeps runtime packages installed next to the compilers, and notes the libraries behind -dev packages', () => {
    const result = convertText(
      lines('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y gcc libcurl4-openssl-dev ca-certificates', 'WORKDIR /src', 'COPY . .', 'RUN gcc -o fetch fetch.c -lcurl', 'CMD ["./fetch"]'),
    );
    assert.equal(result.kind, 'converted');
    assert.match(result.text, /RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf \/var\/lib\/apt\/lists\/\*/);
    assert.match(result.text, /# The build stage installs libcurl4-openssl-dev to compile against/);
  });
});
