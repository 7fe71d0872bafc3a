import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('generic', () => {
  goldenTests('generic', ['generic-alpine-script', 'generic-debian-scons']);

  test('declines when no WORKDIR says where the result is', () => {
    const result = convertText(lines('FROM alpine:3.20', 'RUN apk add --no-cache build-base', 'COPY . /src', 'RUN cd /src && sh build.sh', 'CMD ["/src/tool"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /WORKDIR/);
  });
});
